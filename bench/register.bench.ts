// Registration throughput through the core's public API, next to raw SQLite inserts of the
// same rows in the same run (issue 2: target ≥ 0.3 of the raw baseline).
//
//   node --import tsx bench/register.bench.ts [--count 100000] [--seed N] [--max-seconds 240]
//
// What is measured
// - register: node.dispatch(clerkToken, 'records.create', …) for each generated 贫困户
//   record, awaited one after another as a clerk's form would: zod input validation, session
//   and role check, catalog validation, duplicate-key check, the encrypted write (version
//   row, current row, counters, outbox entry, audit entry) in one IMMEDIATE transaction per
//   record, and the zod re-parse of the answer. SQLCipher page encryption, WAL,
//   synchronous=FULL, exactly as the node runs.
// - raw baseline (the target's denominator): INSERT of (id, JSON of the fields) into a plain
//   table of an UNENCRYPTED database opened with the same driver, with the same durability
//   settings (WAL + synchronous=FULL) and one transaction per row.
//   The two are INTERLEAVED in blocks of 1,000 rows (raw block, API block, API block, raw
//   block, …) so that background load on a shared machine and the disk's state weigh on both
//   alike; each figure is its rows divided by the time spent in its own blocks.
// - a second raw figure, one transaction for all rows, is printed for scale only.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startSetUpNode } from '../test/support/test-node';
import { uuid7 } from '../main/store/uuid7';
import { BENCH_RESOURCE, DEFAULT_SEED, argNumber, recordAt, type PovertyFields } from './generate-records';

const TARGET_RATIO = 0.3;
const count = argNumber('count', 100_000);
const seed = argNumber('seed', DEFAULT_SEED);
/** The API run stops early (and says so) past this, so the whole bench stays bounded. */
const maxSeconds = argNumber('max-seconds', 240);
const BLOCK = 1000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rss = () => mb(process.memoryUsage().rss);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

interface RawTable {
  insertRow(fields: PovertyFields): void;
  insertAll(rows: PovertyFields[]): void;
  count(): number;
  close(): void;
}

/** An unencrypted database in its own temp folder, WAL + synchronous=FULL like the node. */
function rawTable(): RawTable {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-bench-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE raw_records (id TEXT PRIMARY KEY, fields TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO raw_records (id, fields) VALUES (?, ?)');
  const one = db.transaction((fields: PovertyFields) => {
    insert.run(uuid7(), JSON.stringify(fields));
  });
  const all = db.transaction((list: PovertyFields[]) => {
    for (const fields of list) insert.run(uuid7(), JSON.stringify(fields));
  });
  return {
    insertRow: (fields) => one.immediate(fields),
    insertAll: (rows) => all.immediate(rows),
    count: () => (db.prepare('SELECT count(*) AS n FROM raw_records').get() as { n: number }).n,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  console.log(`register bench: ${count} 贫困户 records (resource ${BENCH_RESOURCE}), seed ${seed}, node ${process.version}, time budget ${maxSeconds} s`);

  console.log('generating records…');
  const tg = performance.now();
  const rows: PovertyFields[] = new Array(count);
  for (let i = 0; i < count; i++) rows[i] = recordAt(i, seed);
  console.log(`  ${count} records in ${((performance.now() - tg) / 1000).toFixed(1)} s, rss ${rss()}`);

  console.log('setting up a node (first-run setup, accounts; scrypt takes a moment)…');
  const t = await startSetUpNode();
  const raw = rawTable();
  let done = 0;
  let apiMs = 0;
  let rawMs = 0;
  try {
    const clerk = t.tokens.clerk;
    console.log(`registering through node.dispatch('records.create') as a clerk, interleaved with raw per-row inserts in blocks of ${BLOCK} (load ${load()})…`);
    const register = async (from: number, to: number) => {
      const t0 = performance.now();
      for (let i = from; i < to; i++) {
        const answer = await t.node.dispatch(clerk, 'records.create', { resourceCode: BENCH_RESOURCE, fields: rows[i] });
        if (!answer.result.ok) throw new Error(`record ${i} refused: ${JSON.stringify(answer.result.error)}`);
      }
      apiMs += performance.now() - t0;
    };
    const rawBlock = (from: number, to: number) => {
      const t0 = performance.now();
      for (let i = from; i < to; i++) raw.insertRow(rows[i]!);
      rawMs += performance.now() - t0;
    };
    const started = performance.now();
    let nextReport = Math.ceil(count / 10);
    for (let block = 0; done < count; block++) {
      const to = Math.min(count, done + BLOCK);
      if (block % 2 === 0) {
        rawBlock(done, to);
        await register(done, to);
      } else {
        await register(done, to);
        rawBlock(done, to);
      }
      done = to;
      if (done >= nextReport || done === count) {
        nextReport += Math.ceil(count / 10);
        const s = (performance.now() - started) / 1000;
        console.log(`  ${done}/${count} (${Math.round((done / count) * 100)}%), ${s.toFixed(0)} s: api ${Math.round(done / (apiMs / 1000))} rec/s, raw ${Math.round(done / (rawMs / 1000))} rec/s, rss ${rss()}, load ${load()}`);
      }
      if (done < count && performance.now() - started > maxSeconds * 1000) {
        console.log(`  STOPPED at the time budget (${maxSeconds} s) after ${done} records; the figures below are for those`);
        break;
      }
    }
    if (raw.count() !== done) throw new Error(`raw table holds ${raw.count()} rows, expected ${done}`);

    const status = await t.call(t.tokens.official, 'status.get', {});
    if (!status.ok) throw new Error(`status.get failed: ${JSON.stringify(status.error)}`);
    const stored = status.value.resources.find((r) => r.resourceCode === BENCH_RESOURCE)?.active ?? 0;
    console.log(`  node says: ${stored} active records, ${status.value.outboxPending} outbox entries pending`);
    if (stored !== done) throw new Error(`node holds ${stored} records, expected ${done}`);
    const db = join(t.dataDir, 'edge-node.db');
    console.log(`  node database ${mb(fileSize(db))}, WAL ${mb(fileSize(`${db}-wal`))}`);
  } finally {
    raw.close();
    t.cleanup();
  }

  console.log('raw baseline, ONE transaction for all rows (for scale only, not the target comparison)…');
  const batch = rawTable();
  const tb = performance.now();
  batch.insertAll(rows.slice(0, done));
  const batchRate = done / ((performance.now() - tb) / 1000);
  batch.close();

  const apiRate = done / (apiMs / 1000);
  const baseline = done / (rawMs / 1000);
  const ratio = apiRate / baseline;
  const pass = ratio >= TARGET_RATIO;
  console.log('');
  console.log(
    `register: ${done} records in ${(apiMs / 1000).toFixed(1)} s = ${Math.round(apiRate)} rec/s; raw baseline: ${Math.round(baseline)} rec/s; ` +
      `ratio R/B = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}) ${pass ? 'PASS' : 'MISS'}`,
  );
  console.log(`  raw baseline: ${done} rows into an unencrypted table, WAL, synchronous=FULL, one transaction per row, interleaved with the API run (${(rawMs / 1000).toFixed(1)} s)`);
  console.log(`  raw baseline with ONE transaction for all rows: ${Math.round(batchRate)} rec/s (R/that = ${(apiRate / batchRate).toFixed(3)}; for scale, not the target's comparison)`);
  console.log(`  load average at the end: ${load()} (2 cores; other work on the machine slows both sides)`);
  if (done < count) console.log(`  NOTE: only ${done} of ${count} records were registered within the time budget`);
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
