// Dashboard refresh time with 1,000,000 records (issue 6: p95 under 200 ms).
//
//   node --import tsx bench/dashboard.bench.ts [--count 1000000] [--refreshes 200] [--seed N]
//        [--series-seconds 60]
//
// Setup (not measured): a node is set up and closed; `count` 贫困户 records are registered
// through the real records service on a second connection (test/support/bulk-register.ts:
// versions, outbox rows, counters, audit entries and the status summaries' triggers),
// spread evenly over the last 365 days; every 1,000th is corrected; half of the outbox is
// then settled as delivered and every 500th as rejected (through the summaries' triggers,
// as receipts would). The node is reopened and the official logs in.
//
// Measured, one call at a time after 5 warm-up calls, each series bounded by --series-seconds:
// - status.dashboard through node.dispatch as the official (everything the page shows:
//   tiles, per-resource figures, the 90-day series, the queue samples);
// - baseline, same run, same database: the same figures computed the naive way, straight
//   from the tables (per-resource counts over records, registrations and deliveries per day
//   over record_versions and outbox for 90 days) — what a refresh would cost without the
//   maintained summaries. The ratio dashboard / baseline is printed.
import { bulkRegister } from '../test/support/bulk-register';
import { openRawDatabase } from '../test/support/raw-database';
import { argNumber } from './generate-records';
import { benchOnFilledNode, timedSeries } from './node-bench';

const count = argNumber('count', 1_000_000);
const refreshes = argNumber('refreshes', 200);
const seriesSeconds = argNumber('series-seconds', 60);
const TARGET_MS = 200;
const YEAR_MS = 365 * 86_400_000;

const series = timedSeries({ runs: refreshes, seconds: seriesSeconds, labelWidth: 44 });

benchOnFilledNode(
  'official',
  async (t, started) => {
    const from = started - YEAR_MS;
    console.log(`registering ${count.toLocaleString()} records over the last 365 days...`);
    const ids = await bulkRegister(t.dataDir, t.keyFile, count, { chunk: 20_000, at: (i) => new Date(from + Math.floor((i / count) * YEAR_MS)) });
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      raw.transaction(() => {
        // A correction every 1,000th record (a second version and outbox row).
        const correct = raw.prepare(`INSERT INTO record_versions SELECT record_id, 2, resource_code, status, fields, unit, author, ?, '更正' FROM record_versions WHERE record_id = ? AND version = 1`);
        const queue = raw.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, 2, 'x', ?)`);
        for (let i = 0; i < ids.length; i += 1000) {
          const at = new Date(from + Math.floor((i / count) * YEAR_MS) + 3_600_000).toISOString();
          correct.run(at, ids[i]);
          queue.run(ids[i], at);
        }
        raw.prepare(`UPDATE outbox SET state = 'acknowledged', settled_at = created_at WHERE seq % 2 = 0`).run();
        raw.prepare(`UPDATE outbox SET state = 'rejected', reject_code = 'INVALID', settled_at = created_at WHERE seq % 500 = 1`).run();
      })();
    } finally {
      raw.close();
    }
  },
  async (t, official) => {
    const dashboard = await series('status.dashboard (official, via dispatch)', async () => {
      const answer = await t.node.dispatch(official, 'status.dashboard', {});
      if (!answer.result.ok) throw new Error(JSON.stringify(answer.result.error));
    });

    const baselineDb = await openRawDatabase(t.dataDir, t.keyFile);
    let baseline: number;
    try {
      const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
      const perResource = baselineDb.prepare(`SELECT resource_code, status, count(*) FROM records GROUP BY 1, 2`);
      const perDay = baselineDb.prepare(`SELECT date(created_at, '+8 hours') AS day, count(*) FROM record_versions WHERE created_at >= ? AND version = 1 GROUP BY 1`);
      const deliveredPerDay = baselineDb.prepare(`SELECT date(settled_at, '+8 hours') AS day, count(*) FROM outbox WHERE state = 'acknowledged' AND settled_at >= ? GROUP BY 1`);
      baseline = await series('baseline: the same figures from the tables', () => {
        perResource.all();
        perDay.all(since);
        deliveredPerDay.all(since);
      });
    } finally {
      baselineDb.close();
    }
    const pass = dashboard < TARGET_MS;
    console.log(`dashboard refresh p95 ${dashboard.toFixed(1)} ms (target < ${TARGET_MS} ms) ${pass ? 'PASS' : 'MISS'}; ratio to the table-scan baseline ${(dashboard / baseline).toFixed(3)}`);
    return pass;
  },
);
