// Registration throughput through the core's public API, next to raw SQLite inserts of the
// same rows in the same run (issue 13: target ≥ 0.5 of the raw baseline with several clerks
// registering at once; the one-clerk figure is printed beside it).
//
//   node --import tsx bench/register.bench.ts [--count 100000] [--clients 8] [--seed N] [--max-seconds 240]
//
// What is measured
// - register, several clients (the target): `--clients` requests in flight at once, each
//   client sending its next record as soon as its previous one is answered, as several
//   clerks' forms and an office's browser tabs do. Each is node.dispatch(clerkToken,
//   'records.create', …): zod input validation, session and role check, catalog validation,
//   duplicate-key check, the encrypted write (version row, current row, counters, outbox
//   entry, audit entry) and the zod re-parse of the answer. Requests in flight together are
//   group-committed (main/records/group-commit.ts): one IMMEDIATE transaction, each record in
//   its own savepoint, each answered only after COMMIT. SQLCipher page encryption, WAL,
//   synchronous=FULL, exactly as the node runs.
// - register, one client: the same calls awaited one after another (one form, one clerk):
//   every record is its own commit, so this is the figure without group commit's help.
// - raw baseline (the target's denominator): INSERT of (id, JSON of the fields) into a plain
//   table of an UNENCRYPTED database opened with the same driver, with the same durability
//   settings (WAL + synchronous=FULL) and one transaction per row.
//   The three are INTERLEAVED in blocks of 1,000 rows (raw and API blocks alternating in
//   order, API blocks alternating between several clients and one) so that background load
//   on a shared machine and the disk's state weigh on all alike; each figure is its rows
//   divided by the time spent in its own blocks.
// - a second raw figure, one transaction for all rows, is printed for scale only.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startSetUpNode } from '../test/support/test-node';
import { uuid7 } from '../main/store/uuid7';
import { BENCH_RESOURCE, DEFAULT_SEED, argNumber, recordAt, type PovertyFields } from './generate-records';

const TARGET_RATIO = 0.5;
const count = argNumber('count', 100_000);
const seed = argNumber('seed', DEFAULT_SEED);
/** The API run stops early (and says so) past this, so the whole bench stays bounded. */
const maxSeconds = argNumber('max-seconds', 240);
/** Requests in flight at once in the several-clients blocks. */
const clients = argNumber('clients', 8);
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
  const api = { single: { rows: 0, ms: 0 }, several: { rows: 0, ms: 0 } };
  let rawMs = 0;
  try {
    const clerk = t.tokens.clerk;
    console.log(`registering through node.dispatch('records.create') as a clerk — blocks of ${BLOCK} alternating ${clients} clients in flight / one client — interleaved with raw per-row inserts (load ${load()})…`);
    const registerOne = async (i: number) => {
      const answer = await t.node.dispatch(clerk, 'records.create', { resourceCode: BENCH_RESOURCE, fields: rows[i] });
      if (!answer.result.ok) throw new Error(`record ${i} refused: ${JSON.stringify(answer.result.error)}`);
    };
    const register = async (from: number, to: number, inFlight: number) => {
      const t0 = performance.now();
      let next = from;
      // Each client sends its next record once its previous one is answered.
      const client = async () => {
        while (next < to) await registerOne(next++);
      };
      await Promise.all(Array.from({ length: inFlight }, client));
      const figure = inFlight > 1 ? api.several : api.single;
      figure.ms += performance.now() - t0;
      figure.rows += to - from;
    };
    const rawBlock = (from: number, to: number) => {
      const t0 = performance.now();
      for (let i = from; i < to; i++) raw.insertRow(rows[i]!);
      rawMs += performance.now() - t0;
    };
    const rate = (f: { rows: number; ms: number }) => (f.ms > 0 ? Math.round(f.rows / (f.ms / 1000)) : 0);
    const started = performance.now();
    let nextReport = Math.ceil(count / 10);
    for (let block = 0; done < count; block++) {
      const to = Math.min(count, done + BLOCK);
      const inFlight = block % 2 === 0 ? clients : 1;
      if (Math.floor(block / 2) % 2 === 0) {
        rawBlock(done, to);
        await register(done, to, inFlight);
      } else {
        await register(done, to, inFlight);
        rawBlock(done, to);
      }
      done = to;
      if (done >= nextReport || done === count) {
        nextReport += Math.ceil(count / 10);
        const s = (performance.now() - started) / 1000;
        console.log(`  ${done}/${count} (${Math.round((done / count) * 100)}%), ${s.toFixed(0)} s: api ${rate(api.several)} rec/s (${clients} clients), ${rate(api.single)} rec/s (one), raw ${Math.round(done / (rawMs / 1000))} rec/s, rss ${rss()}, load ${load()}`);
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

  const severalRate = api.several.rows / (api.several.ms / 1000);
  const singleRate = api.single.rows / (api.single.ms / 1000);
  const baseline = done / (rawMs / 1000);
  const ratio = severalRate / baseline;
  const pass = ratio >= TARGET_RATIO;
  console.log('');
  console.log(`  one client (each record its own commit): ${api.single.rows} records = ${Math.round(singleRate)} rec/s; ratio R1/B = ${(singleRate / baseline).toFixed(2)} (no target; printed for honesty)`);
  console.log(`  raw baseline: ${done} rows into an unencrypted table, WAL, synchronous=FULL, one transaction per row, interleaved with the API run (${(rawMs / 1000).toFixed(1)} s)`);
  console.log(`  raw baseline with ONE transaction for all rows: ${Math.round(batchRate)} rec/s (R/that = ${(severalRate / batchRate).toFixed(3)}; for scale, not the target's comparison)`);
  console.log(`  load average at the end: ${load()} (2 cores; other work on the machine slows both sides)`);
  if (done < count) console.log(`  NOTE: only ${done} of ${count} records were registered within the time budget`);
  console.log(
    `register: ${api.several.rows} records from ${clients} clients in flight in ${(api.several.ms / 1000).toFixed(1)} s = ${Math.round(severalRate)} rec/s; raw baseline: ${Math.round(baseline)} rec/s; ` +
      `ratio R/B = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}) ${pass ? 'PASS' : 'MISS'}`,
  );
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
