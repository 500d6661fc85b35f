// The CPU the node's side of a sync costs, without the network or the exchange: the engine's
// steps for every batch — pendingRows → planBatch (the payload-hash check) → encodeBatchV2
// (JSON and deflate) → settleBatch (every item accepted) — in this process, over records the
// real records service registered into a real encrypted node database. A tool for comparing
// two commits on a noisy machine (the whole sync bench moves ±15 % between runs, this a few %),
// not a bench with a target:
//
//   node --import tsx bench/sync-send-cpu.ts [--count 20000] [--runs 3] [--root DIR]
//
// --root runs another checkout's code (a `git worktree` of the commit to compare against,
// with node_modules linked in); the figure is process CPU (all threads: deflate runs on
// libuv's pool) per --count records, after a warm-up of 2,000, median of --runs fresh nodes.
import { argNumber, argText } from './generate-records';

const count = argNumber('count', 20_000);
const runs = argNumber('runs', 3);
const root = argText('root') ?? new URL('..', import.meta.url).pathname;
const WARM_UP = 2_000;
const BATCH = { maxItems: 500, maxBytes: 1_048_576 };

async function load() {
  const from = (path: string) => import(`${root}/${path}`);
  return {
    ...((await from('test/support/sync-node.ts')) as typeof import('../test/support/sync-node')),
    ...((await from('test/support/bulk-register.ts')) as typeof import('../test/support/bulk-register')),
    ...((await from('test/support/raw-database.ts')) as typeof import('../test/support/raw-database')),
    ...((await from('main/store/sync-repo.ts')) as typeof import('../main/store/sync-repo')),
    ...((await from('sync/client/batch.ts')) as typeof import('../sync/client/batch')),
    ...((await from('sync/protocol/batch-v2.ts')) as typeof import('../sync/protocol/batch-v2')),
    ...((await from('common/catalog/sample-catalog.ts')) as typeof import('../common/catalog/sample-catalog')),
  };
}

async function main(): Promise<void> {
  const m = await load();
  const sharing = (code: string) => m.sampleCatalog.resources.find((r) => r.code === code)?.sharingType as 'unconditional' | 'conditional' | 'none' | undefined;
  const figures: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t = await m.startSyncNode({ automatic: false });
    try {
      t.node.close();
      await m.bulkRegister(t.dataDir, t.keyFile, WARM_UP + count);
      const db = await m.openRawDatabase(t.dataDir, t.keyFile);
      try {
        const repo = new m.SyncRepo(db);
        let batches = 0; // receipts are keyed by batch id
        /** CPU milliseconds to send `n` records, batch by batch as the engine does. */
        const send = async (n: number): Promise<number> => {
          const before = process.cpuUsage();
          for (let sent = 0; sent < n; ) {
            const plan = m.planBatch(repo.pendingRows(BATCH.maxItems), BATCH, sharing);
            if (plan.items.length === 0) throw new Error(`only ${sent} of ${n} records were pending`);
            const head = { nodeId: 'sync-send-cpu', epoch: plan.epoch, batchId: `batch-${++batches}`, createdAt: new Date().toISOString() };
            await m.encodeBatchV2(head, plan.items.map(({ payloadHash: _, ...item }) => item));
            const at = new Date().toISOString();
            const receipt = { batchId: head.batchId, epoch: plan.epoch, items: plan.items.map((i) => ({ seq: i.seq, outcome: 'accepted' as const })), highWaterMark: plan.lastSeq, serverTime: at };
            repo.settleBatch(receipt, '{}', new Map(plan.items.map((i) => [i.seq, i.resourceCode])), at);
            sent += plan.items.length;
          }
          const spent = process.cpuUsage(before);
          return (spent.user + spent.system) / 1000;
        };
        await send(WARM_UP);
        const ms = await send(count);
        figures.push(ms);
        console.log(`run ${run + 1}/${runs}: ${count} records, ${ms.toFixed(0)} ms CPU (${((ms * 1000) / count).toFixed(1)} µs a record)`);
      } finally {
        db.close();
      }
    } finally {
      t.cleanup();
    }
  }
  figures.sort((a, b) => a - b);
  console.log(`send path (${root}): median ${figures[Math.floor(figures.length / 2)]!.toFixed(0)} ms CPU per ${count} records over ${runs} run(s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
