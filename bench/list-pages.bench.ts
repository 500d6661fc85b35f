// Record-list pages with 1,000,000 records: the first, middle and last pages by keyset
// cursor (issue 13: any page p95 < 20 ms), against the OFFSET pages of the same list
// measured in the same run (the baseline: the last page took about 1.2 s).
//
//   node --import tsx bench/list-pages.bench.ts [--count 1000000] [--runs 200] [--seed N]
//        [--series-seconds 20] [--offset-runs 10]
//
// Setup (not measured, not the public API): a set-up node is closed and its encrypted
// database filled through the records repository (bench/direct-records.ts: the rows,
// indexes, counters and outbox entries of records.create, no audit entries; every 1,000th
// record also withdrawn, one registration a minute from 2023-01-01). The node is reopened and
// the clerk signs in.
//
// Measured through node.dispatch('records.list') as the clerk, one call at a time, after a
// warm-up, each call including its audit entry (a page of 贫困户 shows personal items):
// - keyset: the first page; a random page in the middle (the 20 records just older than a
//   random record between 40 % and 60 % down the list); the page above such a record; the
//   last page; the last page of the resource filter; the withdrawn filter's first and last.
// - baseline: the page numbers of the same places, read by OFFSET (`page: n`), fewer runs
//   (each costs up to a second or more).
// - the floor: a bare durable 1-row commit on a fresh encrypted database beside the node's,
//   just before and just after the keyset series (no call can be faster than its audit
//   entry's fsync; on a busy disk this is most of a page's time).
// The ratio printed is the OFFSET p95 over the keyset p95 at the middle and at the end.
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { dataPaths } from '../platform/data-paths';
import { keyFileProtector } from '../platform/keyfile-protector';
import { openWithHost, readKeySlots } from '../main/store/key-slots';
import type { ListCursor } from '../common/contract';
import { openEncryptedDatabase } from '../main/store/database';
import { RecordsRepo } from '../main/store/records-repo';
import { BENCH_RESOURCE, DEFAULT_SEED, argNumber, seededRandom } from './generate-records';
import { BENCH_UNIT, registeredAt, writeRecordsDirectly } from './direct-records';
import { benchOnFilledNode, timedSeries, withDurableCommitFloor, type BenchNode } from './node-bench';

const count = argNumber('count', 1_000_000);
const runs = argNumber('runs', 200);
const offsetRuns = argNumber('offset-runs', 10);
const seed = argNumber('seed', DEFAULT_SEED);
const seriesSeconds = argNumber('series-seconds', 20);
const TARGET_MS = 20;
const PAGE_SIZE = 20;
/** The largest id a uuid7 can be: with a record's time, an edge just after that record. */
const LAST_ID = 'ffffffff-ffff-7fff-bfff-ffffffffffff';

const random = seededRandom(seed);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** The edge just below record i in the newest-first list (so record i is the next page's first). */
const edgeAbove = (i: number) => ({ updatedAt: new Date(registeredAt(i)).toISOString(), id: LAST_ID });
/** A random record between 40 % and 60 % of the way down the list. */
const middleRecord = () => Math.floor(count * (0.4 + 0.2 * random()));

benchOnFilledNode(
  'clerk',
  async (t: BenchNode) => {
    console.log(`list-pages bench: ${count} 贫困户 records, ${runs} calls a series, seed ${seed}, node ${process.version}, load ${load()}`);
    const paths = dataPaths(t.dataDir);
    const key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(t.keyFile));
    try {
      console.log('SETUP (not measured): bulk-writing the records straight into the encrypted database…');
      writeRecordsDirectly(paths.database, key, {
        count,
        seed,
        progress(to, ms) {
          if (to % 200_000 === 0 || to === count) console.log(`  ${to}/${count} in ${(ms / 1000).toFixed(0)} s`);
        },
      });
    } finally {
      key.fill(0);
    }
  },
  async (t, token) => {
    const list = async (input: { cursor?: ListCursor; page?: number; resourceCode?: string; status?: 'withdrawn' }) => {
      const result = await t.call(token, 'records.list', { pageSize: PAGE_SIZE, ...input });
      if (!result.ok) throw new Error(`records.list failed: ${JSON.stringify(result.error)}`);
      if (result.value.items.length === 0) throw new Error(`empty page for ${JSON.stringify(input)}`);
      return result.value;
    };
    const total = (await list({ cursor: { to: 'first' } })).total;
    const withdrawnTotal = (await list({ cursor: { to: 'first' }, status: 'withdrawn' })).total;
    console.log(`measuring through node.dispatch (${total} records listed, ${withdrawnTotal} withdrawn; load ${load()})…`);

    const series = timedSeries({ runs, seconds: seriesSeconds, warmup: 5, labelWidth: 58, countWidth: 4, digits: 2, msWidth: 7 });
    const floor = (when: string) => withDurableCommitFloor(dirname(t.dataDir), (commit) => series(`floor: a bare durable 1-row commit (${when})`, commit));
    const floorBefore = await floor('before');
    const keyset = {
      first: await series('keyset: first page', () => list({ cursor: { to: 'first' } })),
      middle: await series('keyset: a random middle page (40–60 % down)', () => list({ cursor: { to: 'older', after: edgeAbove(middleRecord()) } })),
      above: await series('keyset: the page above a random middle record', () => list({ cursor: { to: 'newer', before: edgeAbove(middleRecord()) } })),
      last: await series('keyset: last page', () => list({ cursor: { to: 'last' } })),
      resourceLast: await series('keyset: last page, resource filter', () => list({ cursor: { to: 'last' }, resourceCode: BENCH_RESOURCE })),
      withdrawnFirst: await series(`keyset: first page, status 'withdrawn'`, () => list({ cursor: { to: 'first' }, status: 'withdrawn' })),
      withdrawnLast: await series(`keyset: last page, status 'withdrawn'`, () => list({ cursor: { to: 'last' }, status: 'withdrawn' })),
    };
    const floorAfter = await floor('after');

    console.log(`baseline: the same places by page number (OFFSET), ${offsetRuns} calls a series…`);
    const lastPage = Math.ceil(total / PAGE_SIZE);
    const offset = timedSeries({ runs: offsetRuns, seconds: seriesSeconds, warmup: 1, labelWidth: 58, countWidth: 4, digits: 2, msWidth: 7 });
    const baseline = {
      first: await offset('OFFSET: page 1', () => list({ page: 1 })),
      middle: await offset('OFFSET: a random middle page (40–60 % down)', () => list({ page: Math.max(2, Math.floor(middleRecord() / PAGE_SIZE)) })),
      last: await offset(`OFFSET: last page (${lastPage})`, () => list({ page: lastPage })),
    };

    // The same reads on the repository alone, on a second connection: the query's own cost,
    // without the call's audit entry (whose durable commit is most of a call on a busy disk).
    console.log('the store alone (RecordsRepo on a second connection, no API, no audit entry):');
    const paths = dataPaths(t.dataDir);
    const key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(t.keyFile));
    const db = openEncryptedDatabase(paths.database, key);
    key.fill(0);
    let store: { keysetMiddle: number; keysetLast: number; offsetMiddle: number; offsetLast: number };
    try {
      const repo = new RecordsRepo(db);
      const scope = { unit: BENCH_UNIT };
      store = {
        keysetMiddle: await series('store keyset: a random middle page', () => repo.page(scope, { to: 'older', after: edgeAbove(middleRecord()) }, PAGE_SIZE)),
        keysetLast: await series('store keyset: last page', () => repo.page(scope, { to: 'last' }, PAGE_SIZE)),
        offsetMiddle: await offset('store OFFSET: a random middle page', () => repo.list({ ...scope, limit: PAGE_SIZE, offset: middleRecord() })),
        offsetLast: await offset('store OFFSET: last page', () => repo.list({ ...scope, limit: PAGE_SIZE, offset: (lastPage - 1) * PAGE_SIZE })),
      };
    } finally {
      db.close();
    }

    const worst = Math.max(...Object.values(keyset));
    const pass = worst < TARGET_MS;
    console.log('');
    console.log(`  keyset p95 — first ${keyset.first.toFixed(2)} ms, middle ${keyset.middle.toFixed(2)} ms, last ${keyset.last.toFixed(2)} ms; OFFSET p95 — first ${baseline.first.toFixed(2)} ms, middle ${baseline.middle.toFixed(1)} ms, last ${baseline.last.toFixed(1)} ms`);
    console.log(`  store alone p95 — keyset middle ${store.keysetMiddle.toFixed(2)} ms, last ${store.keysetLast.toFixed(2)} ms; OFFSET middle ${store.offsetMiddle.toFixed(1)} ms, last ${store.offsetLast.toFixed(1)} ms (OFFSET/keyset: middle ${(store.offsetMiddle / store.keysetMiddle).toFixed(0)}×, last ${(store.offsetLast / store.keysetLast).toFixed(0)}×)`);
    console.log(`  floor p95 (a bare durable 1-row commit on this disk) — before ${floorBefore.toFixed(2)} ms, after ${floorAfter.toFixed(2)} ms; worst keyset page p95 over the larger floor: ${(worst / Math.max(floorBefore, floorAfter)).toFixed(1)}×`);
    console.log(`  load average at the end: ${load()} (2 cores shared; every call also appends its audit entry with a durable commit)`);
    console.log(
      `list-pages: ${count} records, worst keyset p95 ${worst.toFixed(2)} ms (target < ${TARGET_MS} ms); OFFSET/keyset p95 ratio: middle ${(baseline.middle / keyset.middle).toFixed(0)}×, last ${(baseline.last / keyset.last).toFixed(0)}× ${pass ? 'PASS' : 'MISS'}`,
    );
    return pass;
  },
);
