// Issue 12, the officials' figures on a real (migrated, encrypted) database with planted
// summaries: timeliness and 已逾期 only for the resources this unit provides (the admin's list,
// or by default the resources with records); months before the node existed are not late; the
// 合计 row has a figure in every column, on the page's data and in the workbook; and the
// dashboard's chart counts record versions on both sides.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { migrate } from '../store/migrate';
import { StatsRepo } from '../store/stats-repo';
import { StatusRepo } from '../store/status-repo';
import { RecordsRepo } from '../store/records-repo';
import { UnitOfWork } from '../store/unit-of-work';
import { RESOURCE_DISASTER_REPORT, RESOURCE_HARDSHIP_VISIT, RESOURCE_MARKET_ENTITY, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { StatusStore } from './status-sources';
import { providedResources } from './provided-resources';
import { resourceStats } from './resource-stats';
import { buildQuarterlyReport } from './quarterly-report';
import { quarterlyReportXlsx } from './report-xlsx';
import { dailySeries } from './dashboard-service';

const HH = RESOURCE_POVERTY_HOUSEHOLD; // monthly
const POP = RESOURCE_POPULATION; // daily
const MARKET = RESOURCE_MARKET_ENTITY; // daily, never registered here
const DISASTER = RESOURCE_DISASTER_REPORT; // irregular, never registered here
const VISIT = RESOURCE_HARDSHIP_VISIT; // irregular, 不予共享

const NOW = new Date('2026-11-26T02:00:00.000Z'); // 10:00 on 26 November in China: Q4 under way
const CREATED = '2026-08-20T02:00:00.000Z'; // the node was set up on 20 August (China)

type Db = ReturnType<typeof freshEncryptedDatabase>['db'];

/** A township node: households every month since September, one resident, two hardship visits. */
function withNode(fn: (db: Db, store: StatusStore) => void | Promise<void>): Promise<void> {
  const fresh = freshEncryptedDatabase();
  const run = async () => {
    migrate(fresh.db);
    const meta = fresh.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    for (const [k, v] of Object.entries({ node_id: 'node-1', unit_name: '琼中县湾岭镇人民政府', credit_code: '11469030MB1234567A', division_code: '469030', created_at: CREATED })) meta.run(k, v);
    const day = fresh.db.prepare('INSERT INTO stats_daily (day, resource_code, registered, corrected, withdrawn, queued, delivered, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    day.run('2026-09-05', HH, 3, 0, 0, 3, 0, 0);
    day.run('2026-09-05', VISIT, 2, 0, 0, 0, 0, 0);
    day.run('2026-09-01', POP, 1, 0, 0, 1, 1, 0);
    day.run('2026-10-10', HH, 2, 1, 1, 4, 7, 0); // two registrations, a correction and a withdrawal: 4 versions
    day.run('2026-11-03', HH, 1, 0, 0, 1, 1, 0);
    const count = fresh.db.prepare('INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, ?, ?)');
    count.run(HH, '扶贫办', 'active', 5);
    count.run(HH, '扶贫办', 'withdrawn', 1);
    count.run(POP, '民政办', 'active', 1);
    count.run(VISIT, '民政办', 'active', 2);
    await fn(fresh.db, { stats: new StatsRepo(fresh.db), status: new StatusRepo(fresh.db), records: new RecordsRepo(fresh.db), work: new UnitOfWork(fresh.db) });
  };
  return run().finally(() => fresh.cleanup());
}

const row = <T extends { resourceCode: string }>(rows: T[], code: string) => rows.find((r) => r.resourceCode === code)!;

describe('the resources this unit provides', () => {
  test('by default, the resources with records; 已逾期 only for them', () =>
    withNode((_db, store) => {
      const provided = providedResources(store, sampleCatalog);
      assert.equal(provided.setByAdmin, false);
      assert.deepEqual([...provided.codes].sort(), [HH, POP, VISIT].sort());
      const rows = resourceStats(store, sampleCatalog, NOW, provided.codes);
      // Never registered here: not provided, so not overdue — although a daily resource never updated would be.
      assert.deepEqual([row(rows, MARKET).provided, row(rows, MARKET).overdue], [false, false]);
      assert.deepEqual([row(rows, DISASTER).provided, row(rows, DISASTER).overdue], [false, false]);
      // Provided: the daily resource last updated on 1 September is overdue; the monthly one updated on 3 November is not.
      assert.deepEqual([row(rows, POP).provided, row(rows, POP).overdue], [true, true]);
      assert.deepEqual([row(rows, HH).provided, row(rows, HH).overdue], [true, false]);
      assert.equal(row(rows, VISIT).overdue, false, 'irregular: never overdue');
    }));

  test('as the admin sets them: a resource taken off the list is no longer overdue; one put on it is', () =>
    withNode((_db, store) => {
      store.status.saveProvidedResources([HH, MARKET]);
      const provided = providedResources(store, sampleCatalog);
      assert.equal(provided.setByAdmin, true);
      const rows = resourceStats(store, sampleCatalog, NOW, provided.codes);
      assert.deepEqual([row(rows, POP).provided, row(rows, POP).overdue], [false, false]);
      assert.deepEqual([row(rows, MARKET).provided, row(rows, MARKET).overdue], [true, true], 'provided and never updated');
      // Back to the default.
      store.status.saveProvidedResources(null);
      assert.equal(providedResources(store, sampleCatalog).setByAdmin, false);
      // Codes no longer in the catalog drop out.
      store.status.saveProvidedResources([HH, '999999-99999']);
      assert.deepEqual([...providedResources(store, sampleCatalog).codes], [HH]);
    }));
});

describe('the quarterly report', () => {
  test('months before the node existed are not late; resources not provided are not judged', () =>
    withNode((_db, store) => {
      const q3 = buildQuarterlyReport({ store, catalog: sampleCatalog, appVersion: '0.1.0', now: NOW }, 2026, 3);
      assert.equal(q3.node.createdAt, CREATED, 'the report says when the node started');
      // Monthly households: July and August began before the node existed; September had an update.
      assert.equal(row(q3.resources, HH).timely, true);
      // Daily residents: working days from 20 August on, one update only.
      assert.equal(row(q3.resources, POP).timely, false);
      assert.equal(row(q3.resources, VISIT).timely, true, 'irregular and provided: nothing required');
      for (const code of [MARKET, DISASTER]) assert.deepEqual([row(q3.resources, code).provided, row(q3.resources, code).timely], [false, null], code);
    }));

  test('the 合计 row has a figure for every column, in the figures and in the workbook', () =>
    withNode(async (_db, store) => {
      const q3 = buildQuarterlyReport({ store, catalog: sampleCatalog, appVersion: '0.1.0', now: NOW }, 2026, 3);
      const sum = (pick: (r: (typeof q3.resources)[number]) => number) => q3.resources.reduce((n, r) => n + pick(r), 0);
      const t = q3.totals;
      assert.deepEqual(
        [t.records, t.registered, t.corrected, t.withdrawn],
        [sum((r) => r.records), sum((r) => r.registered), sum((r) => r.corrected), sum((r) => r.withdrawn)],
      );
      assert.deepEqual([t.registered, t.delivered], [6, 1]);
      assert.deepEqual([t.provided, t.timely], [3, 2]);
      // Days with any update: 1 and 5 September — not the sum of the rows' days (3).
      assert.equal(t.activeDays, 2);
      assert.equal(sum((r) => r.activeDays), 3);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await quarterlyReportXlsx(q3)) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('资源明细')!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      let total: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(1).value === '合计') total = r;
      });
      assert.ok(total, 'a 合计 row');
      headers.forEach((header, i) => {
        const value = total!.getCell(i + 1).value;
        assert.ok(value !== null && value !== undefined && value !== '', `合计 row: ${header} is empty`);
      });
      assert.equal(total!.getCell(headers.indexOf('更新及时') + 1).value, '2 / 3 个按期');
      assert.equal(total!.getCell(headers.indexOf('有更新的天数') + 1).value, 2);
      // Not provided: 不提供, not 否.
      let market: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(1).value === MARKET) market = r;
      });
      assert.equal(market!.getCell(headers.indexOf('更新及时') + 1).value, '不提供');
      const overview = workbook.getWorksheet('概况')!;
      const facts = new Map<string, unknown>();
      overview.eachRow((r) => void facts.set(String(r.getCell(1).value), r.getCell(2).value));
      assert.ok(facts.get('节点建立时间（北京时间）') instanceof Date, 'the workbook says when the node started');
    }));

  test('counts say what they count: records (条) for registrations, versions (版本) for the exchange', () =>
    withNode(async (_db, store) => {
      const q4 = buildQuarterlyReport({ store, catalog: sampleCatalog, appVersion: '0.1.0', now: NOW }, 2026, 4);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await quarterlyReportXlsx(q4)) as unknown as ArrayBuffer);
      const headers = (workbook.getWorksheet('资源明细')!.getRow(1).values as unknown[]).slice(1).map(String);
      for (const h of ['本季度登记（条）', '撤回（条）', '交换平台接收（版本）', '交换平台拒收（版本）']) assert.ok(headers.includes(h), `${h} in ${headers.join(', ')}`);
      // The chart's series: what was queued and what was delivered are both versions.
      const oct10 = dailySeries(store.stats, '2026-10-10', '2026-10-10')[0]!;
      assert.deepEqual(oct10, { day: '2026-10-10', registered: 2, queued: 4, delivered: 7 });
    }));
});
