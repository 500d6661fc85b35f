// Registration throughput through the core's public API, next to raw SQLite inserts of the
// same rows in the same run (issue 2: target ≥ 0.3 of the raw baseline).
//
//   node --import tsx bench/register.bench.ts [--count 100000] [--seed N] [--max-seconds 420]
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
//   settings (WAL + synchronous=FULL) and one transaction per row. It runs once before and
//   once after the API run (to cancel disk drift); B is their mean.
// - a second raw figure, one transaction for all rows, is printed for scale only.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startSetUpNode } from '../test/support/test-node';
import { uuid7 } from '../main/store/uuid7';
import { BENCH_RESOURCE, DEFAULT_SEED, argNumber, recordAt, type PovertyFields } from './generate-records';

const TARGET_RATIO = 0.3;
const count = argNumber('count', 100_000);
const seed = argNumber('seed', DEFAULT_SEED);
/** The API run stops early (and says so) past this, so the whole bench stays bounded. */
const maxSeconds = argNumber('max-seconds', 420);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rss = () => mb(process.memoryUsage().rss);
const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

function progress(label: string, done: number, total: number, startedAt: number): void {
  const s = (performance.now() - startedAt) / 1000;
  console.log(`  ${label}: ${done}/${total} (${Math.round((done / total) * 100)}%), ${s.toFixed(1)} s, ${Math.round(done / s)} rec/s, rss ${rss()}`);
}

function rawBaseline(rows: PovertyFields[], label: string, perRow: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-bench-raw-'));
  try {
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
    const step = Math.max(1, Math.ceil(rows.length / 5));
    const t0 = performance.now();
    if (perRow) {
      for (let i = 0; i < rows.length; i++) {
        one.immediate(rows[i]!);
        if ((i + 1) % step === 0) progress(label, i + 1, rows.length, t0);
      }
    } else {
      all.immediate(rows);
    }
    const seconds = (performance.now() - t0) / 1000;
    const n = (db.prepare('SELECT count(*) AS n FROM raw_records').get() as { n: number }).n;
    if (n !== rows.length) throw new Error(`raw baseline stored ${n} rows, expected ${rows.length}`);
    db.close();
    const rate = rows.length / seconds;
    console.log(`  ${label}: ${rows.length} rows in ${seconds.toFixed(2)} s = ${Math.round(rate)} rec/s`);
    return rate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`register bench: ${count} 贫困户 records (resource ${BENCH_RESOURCE}), seed ${seed}, node ${process.version}, time budget ${maxSeconds} s`);

  console.log('generating records…');
  const tg = performance.now();
  const rows: PovertyFields[] = new Array(count);
  for (let i = 0; i < count; i++) rows[i] = recordAt(i, seed);
  console.log(`  ${count} records in ${((performance.now() - tg) / 1000).toFixed(1)} s, rss ${rss()}`);

  console.log('raw baseline (unencrypted, WAL, synchronous=FULL, one transaction per row), before the API run…');
  const rawBefore = rawBaseline(rows, 'raw per-row (before)', true);

  console.log('setting up a node (first-run setup, accounts; scrypt takes a moment)…');
  const t = await startSetUpNode();
  let apiRate = 0;
  let done = 0;
  let apiSeconds = 0;
  try {
    const clerk = t.tokens.clerk;
    console.log(`registering through node.dispatch('records.create') as a clerk…`);
    const step = Math.max(1, Math.ceil(count / 10));
    const t0 = performance.now();
    for (; done < count; done++) {
      const answer = await t.node.dispatch(clerk, 'records.create', { resourceCode: BENCH_RESOURCE, fields: rows[done] });
      if (!answer.result.ok) throw new Error(`record ${done} refused: ${JSON.stringify(answer.result.error)}`);
      if ((done + 1) % step === 0) progress('api', done + 1, count, t0);
      if ((done & 255) === 0 && performance.now() - t0 > maxSeconds * 1000) {
        console.log(`  STOPPED at the time budget (${maxSeconds} s) after ${done + 1} records; figures below are for those`);
        done++;
        break;
      }
    }
    apiSeconds = (performance.now() - t0) / 1000;
    apiRate = done / apiSeconds;

    const status = await t.call(t.tokens.official, 'status.get', {});
    if (!status.ok) throw new Error(`status.get failed: ${JSON.stringify(status.error)}`);
    const stored = status.value.resources.find((r) => r.resourceCode === BENCH_RESOURCE)?.active ?? 0;
    console.log(`  node says: ${stored} active records, ${status.value.outboxPending} outbox entries pending`);
    if (stored !== done) throw new Error(`node holds ${stored} records, expected ${done}`);
    const db = join(t.dataDir, 'edge-node.db');
    console.log(`  database ${mb(fileSize(db))}, WAL ${mb(fileSize(`${db}-wal`))}`);
  } finally {
    t.cleanup();
  }

  console.log('raw baseline again, after the API run…');
  const rawAfter = rawBaseline(rows.slice(0, Math.max(done, 1)), 'raw per-row (after)', true);
  console.log('raw baseline, ONE transaction for all rows (for scale only, not the target comparison)…');
  const rawBatch = rawBaseline(rows.slice(0, Math.max(done, 1)), 'raw single transaction', false);

  const baseline = (rawBefore + rawAfter) / 2;
  const ratio = apiRate / baseline;
  const pass = ratio >= TARGET_RATIO;
  console.log('');
  console.log(
    `register: ${done} records in ${apiSeconds.toFixed(1)} s = ${Math.round(apiRate)} rec/s; raw baseline: ${Math.round(baseline)} rec/s; ` +
      `ratio R/B = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}) ${pass ? 'PASS' : 'MISS'}`,
  );
  console.log(`  raw baseline = mean of per-row runs before (${Math.round(rawBefore)} rec/s) and after (${Math.round(rawAfter)} rec/s) the API run; unencrypted, WAL, synchronous=FULL, one transaction per row`);
  console.log(`  raw baseline with ONE transaction for all rows: ${Math.round(rawBatch)} rec/s (R/that = ${(apiRate / rawBatch).toFixed(3)}; not the target's comparison)`);
  if (done < count) console.log(`  NOTE: only ${done} of ${count} records were registered within the time budget`);
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
