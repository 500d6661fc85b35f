// List-page and ID-number lookup latency with 1,000,000 records (issue 2: p95 < 20 ms for a
// lookup, p95 < 50 ms for a page).
//
//   node --import tsx bench/lookup.bench.ts [--count 1000000] [--lookups 1000] [--pages 1000]
//        [--seed N] [--series-seconds 20] [--no-plain]
//
// Setup (NOT measured, and not the public API): a node is set up and closed, then its
// encrypted database is opened directly with the key from keys.json (key-file slot) and the
// records are bulk-written through the records repository (bench/direct-records.ts) — the same
// rows, indexes, counters and outbox entries records.create writes, minus the audit entries —
// in transactions of 50,000, indexes built after the load (that connection only: 512 MiB cache,
// synchronous=OFF). Every 1,000th record also gets a withdrawal (tombstone) version. The node is then
// reopened and the clerk logs in again.
//
// Measured (through node.dispatch as the clerk, one call at a time, after 10 warm-up calls
// per series whose first latency is printed as "cold"):
// - records.findByKey with random existing ID numbers, and with valid but unregistered ones;
// - records.list: page 1, random pages 2–50, and random pages 1–50 filtered by resource
//   (pageSize 20, the default);
// - extras without a target: filter by status 'withdrawn', a deep page, the last page.
// Each of these calls also appends its audit entry (record.find, or record.list for a page
// that shows 贫困户, a resource with personal items): that write is part of what is measured.
// Baselines in the same run: the repository's own queries (RecordsRepo.findByKey, list,
// total) called directly on a fresh connection to the encrypted database, and on an
// unencrypted copy of the records tables (--no-plain skips the copy); their query plans
// are printed.
// Every series stops at --series-seconds (default 20; extras 10) so the run stays bounded even when a
// query is slow; a stopped series says how many calls it made.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { startSetUpNode, PASSWORDS } from '../test/support/test-node';
import { dataPaths } from '../platform/data-paths';
import { keyFileProtector } from '../platform/keyfile-protector';
import { openWithHost, readKeySlots } from '../main/store/key-slots';
import { openEncryptedDatabase, type Db } from '../main/store/database';
import { migrate } from '../main/store/migrate';
import { RecordsRepo } from '../main/store/records-repo';
import { BENCH_RESOURCE, DEFAULT_SEED, argFlag, argNumber, idNumberAt, seededRandom } from './generate-records';
import { BENCH_CLERK, BENCH_UNIT, CHUNK, WITHDRAW_EVERY, writeRecordsDirectly } from './direct-records';

const count = argNumber('count', 1_000_000);
const lookups = argNumber('lookups', 1000);
const pages = argNumber('pages', 1000);
const seed = argNumber('seed', DEFAULT_SEED);
const seriesSeconds = argNumber('series-seconds', 20);
const withPlain = !argFlag('no-plain');

const LOOKUP_TARGET_MS = 20;
const PAGE_TARGET_MS = 50;
const PAGE_SIZE = 20;
const WARMUP = 10;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rss = () => mb(process.memoryUsage().rss);
const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const random = seededRandom(seed);
const randInt = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// ---------------------------------------------------------------------------------------
// Latency series

interface Series {
  label: string;
  ms: number[];
  planned: number;
  cold: number | null;
  stopped: boolean;
  budget: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function stats(s: Series) {
  const sorted = [...s.ms].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN };
}

const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function report(s: Series, target?: number): boolean {
  const { n, p50, p95, max } = stats(s);
  const verdict = target === undefined ? '' : `  (target p95 < ${target} ms) ${p95 < target ? 'PASS' : 'MISS'}`;
  const partial = s.stopped ? ` — STOPPED at ${s.budget} s after ${n} of ${s.planned} calls` : '';
  const cold = s.cold === null ? '' : `, cold first call ${f(s.cold)} ms`;
  console.log(`  ${s.label.padEnd(52)} n=${String(n).padStart(4)}  p50 ${f(p50).padStart(7)} ms  p95 ${f(p95).padStart(7)} ms  max ${f(max).padStart(7)} ms${cold}${verdict}${partial}`);
  return target === undefined || p95 < target;
}

/** Runs `call(k)` for k < n one at a time (after warm-up), timing each; bounded in time. */
async function series(label: string, n: number, call: (k: number) => unknown | Promise<unknown>, warmup = WARMUP, budgetSeconds = seriesSeconds): Promise<Series> {
  const s: Series = { label, ms: [], planned: n, cold: null, stopped: false, budget: budgetSeconds };
  const warmStart = performance.now();
  for (let w = 0; w < warmup; w++) {
    const t0 = performance.now();
    await call(-1 - w);
    if (w === 0) s.cold = performance.now() - t0;
    if (performance.now() - warmStart > budgetSeconds * 250) break; // a quarter of the budget at most
  }
  const started = performance.now();
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    await call(k);
    const t1 = performance.now();
    s.ms.push(t1 - t0);
    if (t1 - started > budgetSeconds * 1000) {
      s.stopped = k + 1 < n;
      break;
    }
  }
  return s;
}

function combine(label: string, parts: Series[]): Series {
  return { label, ms: parts.flatMap((p) => p.ms), planned: parts.reduce((a, p) => a + p.planned, 0), cold: null, stopped: parts.some((p) => p.stopped), budget: Math.max(...parts.map((p) => p.budget)) };
}

// ---------------------------------------------------------------------------------------
// Baseline data

/** An unencrypted copy of what records.list / findByKey read (records, record_counts). */
function plainCopy(encrypted: Db, dir: string): Db {
  const file = join(dir, 'plain.db');
  const plain = new Database(file);
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = FULL');
  migrate(plain);
  plain.close();
  // KEY '' attaches the file unencrypted (without it SQLite3MC would reuse the main key).
  encrypted.prepare(`ATTACH DATABASE ? AS plain KEY ''`).run(file);
  encrypted.transaction(() => {
    encrypted.exec('INSERT INTO plain.records SELECT * FROM main.records');
    encrypted.exec('INSERT INTO plain.record_counts SELECT * FROM main.record_counts');
  }).immediate();
  encrypted.exec('DETACH DATABASE plain');
  const reopened = new Database(file, { readonly: true });
  return reopened;
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`lookup bench: ${count} 贫困户 records, ${lookups} lookups, ${pages} list calls, seed ${seed}, node ${process.version}, load ${load()}`);
  const root = mkdtempSync(join(tmpdir(), 'edge-node-bench-lookup-'));
  console.log('setting up a node (first-run setup, accounts)…');
  const t = await startSetUpNode();
  let key: Buffer | null = null;
  try {
    const paths = dataPaths(t.dataDir);
    t.node.close();
    key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(t.keyFile));

    console.log(`SETUP (not measured): bulk-writing ${count} records through the records repository directly on the node's encrypted database, ${CHUNK} per transaction, indexes built after the load, no audit entries; every ${WITHDRAW_EVERY}th also withdrawn…`);
    writeRecordsDirectly(paths.database, key, {
      count,
      seed,
      progress(to, ms) {
        if (to % 100_000 !== 0 && to !== count) return;
        const s = ms / 1000;
        console.log(`  bulk: ${to}/${count} records, ${s.toFixed(1)} s, ${Math.round(to / s)} rec/s, rss ${rss()}`);
      },
    });
    console.log(`  database ${mb(fileSize(paths.database))}, WAL ${mb(fileSize(`${paths.database}-wal`))}, rss ${rss()}`);

    console.log('reopening the node and logging the clerk in again…');
    await t.reopen();
    const clerk = await t.login(BENCH_CLERK, PASSWORDS.clerk);
    const call = async (channel: 'records.findByKey' | 'records.list', input: object) => {
      const result = await t.call(clerk, channel, input as never);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value as unknown;
    };

    // Inputs chosen up front, so every series (API and baselines) asks the same questions.
    const lookupIdx = Array.from({ length: lookups }, () => randInt(0, count - 1));
    const absentIds = Array.from({ length: Math.min(200, lookups) }, (_, k) => idNumberAt(count + k, seed));
    const third = Math.ceil(pages / 3);
    const randomPages = Array.from({ length: third }, () => randInt(2, 50));
    const filterPages = Array.from({ length: third }, () => randInt(1, 50));
    const lastPage = Math.ceil(count / PAGE_SIZE);
    const deepPage = Math.min(lastPage, 5000);
    const warmId = (k: number) => idNumberAt((k * 7919) % count, seed);

    console.log(`measuring through node.dispatch (load ${load()})…`);
    const results: boolean[] = [];
    const found = await series('records.findByKey, random existing ID', lookups, async (k) => {
      const id = k < 0 ? warmId(-k) : idNumberAt(lookupIdx[k]!, seed);
      const rows = (await call('records.findByKey', { key: id })) as { maskedKey: string }[];
      if (rows.length === 0 || rows[0]!.maskedKey.slice(-4) !== id.slice(-4)) throw new Error(`lookup of record missed (${rows.length} rows)`);
    });
    results.push(report(found, LOOKUP_TARGET_MS));
    const absent = await series('records.findByKey, valid but unregistered ID', absentIds.length, async (k) => {
      const rows = (await call('records.findByKey', { key: absentIds[Math.max(0, k)]!, resourceCode: BENCH_RESOURCE })) as unknown[];
      if (rows.length !== 0) throw new Error('unregistered ID found');
    });
    report(absent, LOOKUP_TARGET_MS);

    const list = (input: object) => async () => {
      const page = (await call('records.list', { pageSize: PAGE_SIZE, ...input })) as { items: unknown[]; total: number };
      if (page.items.length === 0) throw new Error(`empty page for ${JSON.stringify(input)}`);
    };
    const first = await series('records.list, page 1', third, list({ page: 1 }));
    const rand = await series('records.list, random page 2–50', third, (k) => list({ page: randomPages[Math.max(0, k)] })());
    const filtered = await series('records.list, resource filter, random page 1–50', pages - 2 * third > 0 ? pages - 2 * third : third, (k) =>
      list({ resourceCode: BENCH_RESOURCE, page: filterPages[Math.max(0, k)] ?? 1 })(),
    );
    report(first, PAGE_TARGET_MS);
    report(rand, PAGE_TARGET_MS);
    report(filtered, PAGE_TARGET_MS);
    const allPages = combine('records.list, all of the above', [first, rand, filtered]);
    results.push(report(allPages, PAGE_TARGET_MS));

    console.log('extras (no target):');
    const extraSeconds = Math.min(seriesSeconds, 10);
    report(await series(`records.list, status 'withdrawn', page 1`, 20, list({ status: 'withdrawn', page: 1 }), 1, extraSeconds));
    report(await series(`records.list, page ${deepPage} (offset ${(deepPage - 1) * PAGE_SIZE})`, 20, list({ page: deepPage }), 1, extraSeconds));
    report(await series(`records.list, last page ${lastPage}`, 10, list({ page: lastPage }), 1, extraSeconds));

    // ---- Baselines: the repository's own queries, straight on a database connection ----
    const direct = (db: Db) => {
      // Remember the SQL the repository prepares on this connection, to print its query plans.
      const prepared: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((source: string) => {
        prepared.push(source);
        return prepare(source);
      }) as typeof db.prepare;
      const repo = new RecordsRepo(db);
      return {
        lookup: (k: number) => repo.findByKey(BENCH_UNIT, k < 0 ? warmId(-k) : idNumberAt(lookupIdx[k]!, seed)),
        page: (k: number) => {
          const p = k < 0 ? 1 : k < third ? 1 : randomPages[k - third] ?? 1;
          repo.list({ unit: BENCH_UNIT, limit: PAGE_SIZE, offset: (p - 1) * PAGE_SIZE });
          repo.total({ unit: BENCH_UNIT });
        },
        plans: () =>
          [...new Set(prepared)].map((source) => {
            const params = (source.match(/\?/g) ?? []).map(() => '');
            const named = { unit: '', resourceCode: null, status: null, limit: 1, offset: 0 };
            const plan = prepare(`EXPLAIN QUERY PLAN ${source}`);
            const rows = (source.includes('@') ? plan.all(named) : plan.all(...params)) as { detail: string }[];
            return `    ${source.replace(/\s+/g, ' ').trim()}\n      -> ${rows.map((r) => r.detail).join(' | ')}`;
          }),
      };
    };
    console.log('baselines: RecordsRepo.findByKey / list + total called directly on a fresh connection (no API, no zod, no summaries):');
    const enc = openEncryptedDatabase(paths.database, key);
    try {
      const q = direct(enc);
      report(await series('repo direct, encrypted db: findByKey', lookups, q.lookup));
      report(await series('repo direct, encrypted db: page 1 / random 2–50 + total', 2 * third, q.page));
      console.log('  query plans of the repository SQL used above:');
      for (const line of q.plans()) console.log(line);
      if (withPlain) {
        const dir = mkdtempSync(join(root, 'plain-'));
        console.log('  copying records and counters into an unencrypted database…');
        const tc = performance.now();
        const plain = plainCopy(enc, dir);
        console.log(`  copied in ${((performance.now() - tc) / 1000).toFixed(1)} s`);
        try {
          const p = direct(plain);
          report(await series('repo direct, UNENCRYPTED copy: findByKey', lookups, p.lookup));
          report(await series('repo direct, UNENCRYPTED copy: page 1 / random 2–50 + total', 2 * third, p.page));
        } finally {
          plain.close();
        }
      }
    } finally {
      enc.close();
    }

    console.log('');
    const lk = stats(found);
    const pg = stats(allPages);
    console.log(
      `lookup: records.findByKey p50 ${f(lk.p50)} ms, p95 ${f(lk.p95)} ms (target p95 < ${LOOKUP_TARGET_MS} ms) ${lk.p95 < LOOKUP_TARGET_MS ? 'PASS' : 'MISS'}; ` +
        `records.list p50 ${f(pg.p50)} ms, p95 ${f(pg.p95)} ms (target p95 < ${PAGE_TARGET_MS} ms) ${pg.p95 < PAGE_TARGET_MS ? 'PASS' : 'MISS'}; ` +
        `${count} records (bulk-loaded through RecordsRepo, queried through node.dispatch); load ${load()}`,
    );
    if (results.includes(false)) process.exitCode = 1;
  } finally {
    key?.fill(0);
    t.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
