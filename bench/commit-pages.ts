// What a registration's commit writes, page by page: the node's records service registers
// records from several clients at once (group commit, as the API does), on a real encrypted
// node database whose WAL is never checkpointed during the run; then every frame of the WAL
// is attributed to the table or index its page belongs to (SQLite's dbstat). A COMMIT's cost
// is mostly those frames: SQLCipher encrypts and MACs each page it writes, and writes it with
// two system calls. The count does not depend on the machine's speed or load, so it compares
// two schemas or two commits where timing cannot. A tool, not a bench with a target:
//
//   node --import tsx bench/commit-pages.ts [--count 4000] [--clients 8]
//
// The node's own connection checkpoints every 10,000 frames (main/store/database.ts); here
// the WAL is kept whole instead, so that every frame stays readable at the end. Which pages
// a commit dirties does not depend on that.
import { buildNodeParts } from '../main/core/services';
import { SessionStore } from '../main/auth/sessions';
import { dataPaths } from '../platform/data-paths';
import { startSetUpNode } from '../test/support/test-node';
import { openRawDatabase } from '../test/support/raw-database';
import { BULK_CLERK } from '../test/support/bulk-register';
import { BENCH_RESOURCE, DEFAULT_SEED, argNumber, recordAt } from './generate-records';
import { walFrames } from './wal-frames';

const count = argNumber('count', 4_000);
const clients = argNumber('clients', 8);

async function main(): Promise<void> {
  console.log(`commit pages: ${count} 贫困户 records from ${clients} clients at once, node ${process.version}`);
  const t = await startSetUpNode();
  try {
    t.node.close();
    const db = await openRawDatabase(t.dataDir, t.keyFile);
    const wal = `${dataPaths(t.dataDir).database}-wal`;
    try {
      db.pragma('wal_autocheckpoint = 0');
      const now = () => new Date();
      const { services } = buildNodeParts(db, new SessionStore(now), now, 'bench', { automatic: false });
      db.pragma('wal_checkpoint(TRUNCATE)');
      // The first registration writes what a fresh node writes once (counters' first rows);
      // frames are counted from the end of it.
      await services.records.register(BULK_CLERK, BENCH_RESOURCE, recordAt(0, DEFAULT_SEED));
      const before = walFrames(wal).length;
      let next = 1;
      const client = async () => {
        while (next <= count) await services.records.register(BULK_CLERK, BENCH_RESOURCE, recordAt(next++, DEFAULT_SEED));
      };
      await Promise.all(Array.from({ length: clients }, client));

      const frames = walFrames(wal, before);
      const owner = new Map<number, string>();
      for (const row of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(row.pageno, row.name);
      const byTree = new Map<string, number>();
      for (const frame of frames) {
        const name = owner.get(frame.page) ?? '(free list)';
        byTree.set(name, (byTree.get(name) ?? 0) + 1);
      }
      const commits = frames.filter((f) => f.commit).length;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      console.log(`${count} records in ${commits} commits (${(count / commits).toFixed(1)} a commit); ${frames.length} WAL frames of ${pageSize} bytes`);
      console.log('');
      console.log('  frames a commit   a record   table or index');
      for (const [name, n] of [...byTree].sort((a, b) => b[1] - a[1])) {
        console.log(`  ${(n / commits).toFixed(1).padStart(15)}   ${(n / count).toFixed(2).padStart(8)}   ${name}`);
      }
      console.log('');
      console.log(
        `commit pages: ${(frames.length / commits).toFixed(1)} frames a commit, ${(frames.length / count).toFixed(2)} a record ` +
          `(${((frames.length * pageSize) / count / 1024).toFixed(1)} KiB encrypted and written a record)`,
      );
    } finally {
      db.close();
    }
  } finally {
    t.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
