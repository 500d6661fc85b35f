// The quarterly report on a node with known data, end to end: records registered, corrected
// and withdrawn across quarter boundaries (the node's clock is moved to past quarters; China
// Standard Time decides the quarter), delivered to a real reference exchange over mutual TLS,
// one of them rejected, backups made and verified (and a restore drill on a damaged copy), and a link outage
// (the exchange stopped during a sync). The XLSX an official downloads is read back with
// exceljs and every figure in it is checked against what was done here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, freePort, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { ADMIN, PASSWORDS } from '../support/test-node';
import { hardshipVisitFields, makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { backupSettings, usbFolder, waitForJob } from '../backup/support';
import { RESOURCE_DISASTER_REPORT, RESOURCE_HARDSHIP_VISIT, RESOURCE_MARKET_ENTITY, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import type { QuarterlyReport, Role } from '../../common/contract';
import { addDays, cstDay, cstDayStart } from '../../main/store/stats-repo';
import { quarterDays, quarterOf } from '../../main/status/quarterly-report';

const HH = RESOURCE_POVERTY_HOUSEHOLD; // monthly, conditional
const POP = RESOURCE_POPULATION; // daily, conditional
const VISIT = RESOURCE_HARDSHIP_VISIT; // irregular, 不予共享

/** Quarter before and after a { year, quarter }. */
const shiftQuarter = ({ year, quarter }: { year: number; quarter: number }, by: number) => {
  const index = year * 4 + (quarter - 1) + by;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
};

interface Sheets {
  names: string[];
  frozen: boolean[];
  /** 概况: label → value. */
  overview: Map<string, unknown>;
  overviewFormats: Map<string, string>;
  /** 资源明细: resource code (or 合计) → header → value, and the number format of each cell. */
  resources: Map<string, Map<string, unknown>>;
  formats: Map<string, Map<string, string>>;
  outages: unknown[][];
}

async function readXlsx(base64: string): Promise<Sheets> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const sheets = workbook.worksheets;
  const [overview, resources, outages] = sheets;
  const result: Sheets = {
    names: sheets.map((s) => s.name),
    frozen: sheets.map((s) => s.views[0]?.state === 'frozen' && (s.views[0] as { ySplit?: number }).ySplit === 1),
    overview: new Map(),
    overviewFormats: new Map(),
    resources: new Map(),
    formats: new Map(),
    outages: [],
  };
  overview!.eachRow((row, n) => {
    if (n === 1) return;
    result.overview.set(String(row.getCell(1).value), row.getCell(2).value);
    result.overviewFormats.set(String(row.getCell(1).value), row.getCell(2).numFmt);
  });
  const headers = (resources!.getRow(1).values as unknown[]).slice(1).map(String);
  resources!.eachRow((row, n) => {
    const key = String(row.getCell(1).value ?? '');
    if (n === 1 || !(key === '合计' || /^\d{6}-\d{5}$/.test(key))) return;
    result.resources.set(key, new Map(headers.map((h, i) => [h, row.getCell(i + 1).value])));
    result.formats.set(key, new Map(headers.map((h, i) => [h, row.getCell(i + 1).numFmt])));
  });
  outages!.eachRow((row, n) => {
    if (n > 1) result.outages.push([1, 2, 3, 4].map((i) => row.getCell(i).value));
  });
  return result;
}

/** Excel keeps times to the millisecond only approximately; the sheet shows minutes. */
function assertWallClock(actual: unknown, iso: string, what: string) {
  assert.ok(actual instanceof Date, `${what} is a date cell, got ${JSON.stringify(actual)}`);
  const expected = Date.parse(iso) + 8 * 3600_000;
  assert.ok(Math.abs(actual.getTime() - expected) < 1000, `${what}: ${actual.toISOString()} ≠ ${iso} in China time`);
}

/** What the test did per resource in one quarter; the report must say exactly this. */
interface Expected {
  records: number;
  registered: number;
  corrected: number;
  withdrawn: number;
  delivered: number | null;
  rejected: number | null;
  sharingRate: number | null;
  activeDays: number;
}

describe('quarterly report: every figure of the XLSX matches what was registered, synced and backed up', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let exchangeDir: string;
  let port: number;
  let t: SyncNode;
  let usb: string;
  let shiftMs = 0;
  const clock = () => new Date(Date.now() + shiftMs);
  const current = quarterOf(cstDay(new Date()));
  const previous = shiftQuarter(current, -1);
  const cur = quarterDays(current.year, current.quarter);
  const prev = quarterDays(previous.year, previous.quarter);
  /** Days (CST) with an update, per quarter and resource, as the test made them. */
  const updateDays = new Map<string, Set<string>>();
  let seq = 0;
  const outage = { offlineAt: '', onlineAt: '', problem: '' };
  const lastBackupAt = { prev: '', cur: '' };
  let lastVerifiedAt = '';

  const relogin = async () => {
    for (const role of Object.keys(t.tokens) as Role[]) {
      const answer = await t.node.dispatch(null, 'auth.login', { username: role === 'admin' ? ADMIN.username : role, password: PASSWORDS[role] });
      if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${role} failed`);
      t.tokens[role] = answer.sessionToken;
    }
  };
  /** Moves the node's clock (sessions idle out across the jump, so everyone logs in again). */
  const clockAt = async (iso: string | null) => {
    shiftMs = iso === null ? 0 : Date.parse(iso) - Date.now();
    await relogin();
  };
  const noteUpdate = (resource: string) => {
    const day = cstDay(clock());
    const key = `${JSON.stringify(quarterOf(day))}/${resource}`;
    updateDays.set(key, (updateDays.get(key) ?? new Set()).add(day));
  };
  const household = async (size = '2') => {
    const r = await t.ok('clerk', 'records.create', { resourceCode: HH, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(seq++), household_size: size }) });
    noteUpdate(HH);
    return r;
  };
  const person = async () => {
    await t.ok('clerk', 'records.create', { resourceCode: POP, fields: populationFields({ id_number: makeIdNumber(seq++) }) });
    noteUpdate(POP);
  };
  const visit = async () => {
    await t.ok('clerk', 'records.create', { resourceCode: VISIT, fields: hardshipVisitFields({ id_number: makeIdNumber(seq++) }) });
    noteUpdate(VISIT);
  };
  const backup = async () => {
    const { jobId } = await t.ok('admin', 'backup.create', {});
    return waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }));
  };
  const activeDays = (q: { year: number; quarter: number }, resource: string) => updateDays.get(`${JSON.stringify(q)}/${resource}`)?.size ?? 0;

  before(async () => {
    pki = createTestPki();
    port = await freePort();
    exchangeDir = mkdtempSync(join(tmpdir(), 'edge-node-report-exchange-'));
    exchange = await startTestExchange(pki, { port, dataDir: exchangeDir });
    shiftMs = Date.parse('2026-03-31T15:00:00.000Z') - Date.now();
    t = await startSyncNode({ ...FAST_SYNC, automatic: false }, { now: clock });
    usb = usbFolder();
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
    if (exchangeDir) rmSync(exchangeDir, { recursive: true, force: true });
    if (usb) rmSync(usb, { recursive: true, force: true });
  });

  test('registrations at the turn of the first quarter fall in the quarter of their China day', async () => {
    await clockAt('2026-03-31T15:59:00.000Z'); // 23:59, 31 March in China: first quarter
    await visit();
    await clockAt('2026-03-31T16:30:00.000Z'); // 00:30, 1 April in China: second quarter
    await visit();

    const q1 = await t.ok('official', 'status.quarterlyReport', { year: 2026, quarter: 1 });
    const q2 = await t.ok('official', 'status.quarterlyReport', { year: 2026, quarter: 2 });
    const visits = (r: QuarterlyReport) => r.resources.find((x) => x.resourceCode === VISIT)!;
    assert.deepEqual([visits(q1).registered, visits(q1).records, visits(q1).activeDays], [1, 1, 1]);
    assert.deepEqual([visits(q2).registered, visits(q2).records, visits(q2).activeDays], [1, 2, 1]);
    assert.equal(visits(q2).delivered, null, 'the negative list is never delivered');
    assert.equal(visits(q2).sharingRate, null);
    assert.deepEqual([q1.from, q1.to, q2.from, q2.to], ['2026-01-01', '2026-03-31', '2026-04-01', '2026-06-30']);
  });

  test('the previous quarter: households registered and corrected, a backup and a failed restore drill, nothing sent yet', async () => {
    const mid = `${addDays(prev.from, 40)}T02:00:00.000Z`; // 10:00 China time, in the quarter's second month
    await clockAt(mid);
    const h1 = await household();
    const h2 = await household();
    await t.ok('clerk', 'records.correct', { id: h1.id, baseVersion: 1, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(seq - 2), household_size: '3' }), reason: '人口变化' });
    noteUpdate(HH);

    await t.ok('admin', 'backup.setSettings', backupSettings(usb));
    const good = await backup();
    assert.equal(good.state, 'done', JSON.stringify(good));
    // A restore drill on a damaged copy fails (and is counted as such).
    const damaged = readFileSync(join(usb, good.fileName!));
    damaged[damaged.length - 100] = damaged[damaged.length - 100]! ^ 0xff;
    writeFileSync(join(usb, `damaged-${good.fileName!}`), damaged);
    const { jobId } = await t.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: `damaged-${good.fileName!}` } });
    assert.equal((await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }))).state, 'failed');
    rmSync(join(usb, `damaged-${good.fileName!}`));
    lastBackupAt.prev = (await t.ok('admin', 'backup.status', {})).lastBackup!.at;

    // 23:30 on the quarter's last day in China: still this quarter.
    await clockAt(new Date(Date.parse(cstDayStart(cur.from)) - 30 * 60_000).toISOString());
    await t.ok('clerk', 'records.correct', { id: h2.id, baseVersion: 1, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(seq - 1), household_size: '3' }), reason: '人口变化' });
    noteUpdate(HH);
    // 00:30 on the first day of the current quarter: the withdrawal belongs to the current quarter.
    await clockAt(new Date(Math.min(Date.parse(cstDayStart(cur.from)) + 30 * 60_000, Date.now() - 60_000)).toISOString());
    await t.ok('clerk', 'records.withdraw', { id: h1.id, baseVersion: 2, reason: '已脱贫' });
    noteUpdate(HH);
  });

  test('the current quarter: delivered to the exchange, one rejection, a backup and a verify, an outage', async () => {
    await clockAt(null);
    await connectNode(t, pki, exchange.url);
    await t.ok('admin', 'backup.setSettings', backupSettings(usb));
    for (let i = 0; i < 3; i++) await household();
    for (let i = 0; i < 2; i++) await person();
    const synced = await syncNow(t);
    assert.equal(synced.link, 'online', JSON.stringify(synced));
    assert.equal(synced.queueDepth, 0);

    const made = await backup();
    assert.equal(made.state, 'done', JSON.stringify(made));
    const { jobId } = await t.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: made.fileName! } });
    assert.equal((await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }))).state, 'done');
    const backupStatus = await t.ok('admin', 'backup.status', {});
    lastBackupAt.cur = backupStatus.lastBackup!.at;
    lastVerifiedAt = backupStatus.lastVerified!.at;

    // The exchange caps 家庭人口数 at 3: a household of 5 is rejected.
    const strict = structuredClone(sampleCatalog) as Catalog;
    strict.version = '2026.12-strict';
    strict.resources.find((r) => r.code === HH)!.items.find((i) => i.code === 'household_size')!.max = 3;
    exchange.setCatalog(strict);
    await household('5');
    const rejected = await syncNow(t);
    assert.equal(rejected.rejected, 1);

    // The exchange goes away during a sync: the link is down until it is back.
    await exchange.close();
    await person();
    await t.ok('operator', 'sync.now', {});
    const down = await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.link === 'offline' && !s.running, 60_000, 'the link to go offline');
    outage.problem = down.problem!;
    outage.offlineAt = down.lastAttemptAt!;
    // 90 minutes later (on the node's clock), unless that would cross into the next quarter.
    const later = Date.now() + 90 * 60_000;
    await clockAt(cstDay(new Date(later)) <= cur.to ? new Date(later).toISOString() : null);
    exchange = await startTestExchange(pki, { port, dataDir: exchangeDir });
    const back = await syncNow(t);
    assert.equal(back.link, 'online', JSON.stringify(back));
    assert.equal(back.queueDepth, 0);
    outage.onlineAt = back.lastSuccessAt!;

    // Registered while sync is paused: queued, not delivered.
    await t.ok('operator', 'sync.pause', {});
    for (let i = 0; i < 4; i++) await person();
    assert.equal((await t.ok('operator', 'sync.status', {})).queueDepth, 4);
  });

  test('previous quarter in the XLSX', async () => {
    const answer = await t.ok('official', 'status.quarterlyReportXlsx', previous);
    const { nodeId } = await t.ok('admin', 'status.get', {});
    assert.equal(answer.fileName, `季度报告-${nodeId}-${previous.year}Q${previous.quarter}.xlsx`);
    const x = await readXlsx(answer.xlsxBase64);
    assert.deepEqual(x.names, ['概况', '资源明细', '链路中断']);
    assert.deepEqual(x.frozen, [true, true, true], 'every sheet keeps its header row in view');

    const expected: Record<string, Expected> = {
      // H1, H2 registered and corrected; H1 withdrawn only in the next quarter, so both in force at the end.
      [HH]: { records: 2, registered: 2, corrected: 2, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: 0, activeDays: activeDays(previous, HH) },
      [POP]: { records: 0, registered: 0, corrected: 0, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: null, activeDays: 0 },
      [VISIT]: { records: 2, registered: 0, corrected: 0, withdrawn: 0, delivered: null, rejected: null, sharingRate: null, activeDays: 0 },
      [RESOURCE_DISASTER_REPORT]: { records: 0, registered: 0, corrected: 0, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: null, activeDays: 0 },
      [RESOURCE_MARKET_ENTITY]: { records: 0, registered: 0, corrected: 0, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: null, activeDays: 0 },
    };
    assert.equal(activeDays(previous, HH), 2);
    checkResources(x, expected, {
      // Monthly households: the quarter's first month had no update. Daily residents were never updated in it. Irregular ones are not judged.
      [HH]: '否',
      [POP]: '否',
      // Issue 12: never registered here, so not provided by this unit (the default list) — not judged, rather than 否 / 是.
      [RESOURCE_MARKET_ENTITY]: '不提供',
      [VISIT]: '是',
      [RESOURCE_DISASTER_REPORT]: '不提供',
    });
    checkTotals(x, { resourcesInUse: 2, registered: 2, delivered: 0, rejected: 0, sharingRate: 0 });
    checkOverview(x, previous, prev, { made: 1, failed: 0, verified: 0, verifyFailed: 1, uploaded: 0, lastBackupAt: lastBackupAt.prev, lastVerifiedAt: null, outages: 0, outageMinutes: 0 });
    assert.deepEqual(x.outages, [['本季度无链路中断', null, 0, null]]);
  });

  test('current quarter in the XLSX', async () => {
    const answer = await t.ok('admin', 'status.quarterlyReportXlsx', current);
    const x = await readXlsx(answer.xlsxBase64);
    const report = await t.ok('official', 'status.quarterlyReport', current);
    const expected: Record<string, Expected> = {
      // H3–H6 registered (H6 rejected by the exchange, still in force here), H1 withdrawn; in force H2–H6.
      // Queued: H1's withdrawal and H3–H6 (5); delivered: the previous quarter's 4 versions, the withdrawal, H3–H5 (8) — shown as 100%.
      [HH]: { records: 5, registered: 4, corrected: 0, withdrawn: 1, delivered: 8, rejected: 1, sharingRate: 1, activeDays: activeDays(current, HH) },
      // P1–P7 registered and queued; P1–P3 delivered, P4–P7 wait while sync is paused.
      [POP]: { records: 7, registered: 7, corrected: 0, withdrawn: 0, delivered: 3, rejected: 0, sharingRate: 3 / 7, activeDays: activeDays(current, POP) },
      [VISIT]: { records: 2, registered: 0, corrected: 0, withdrawn: 0, delivered: null, rejected: null, sharingRate: null, activeDays: 0 },
      [RESOURCE_DISASTER_REPORT]: { records: 0, registered: 0, corrected: 0, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: null, activeDays: 0 },
      [RESOURCE_MARKET_ENTITY]: { records: 0, registered: 0, corrected: 0, withdrawn: 0, delivered: 0, rejected: 0, sharingRate: null, activeDays: 0 },
    };
    // Timeliness of the quarter under way depends on today's date (only periods already over
    // count; quarterly-report.test.ts proves the rule): the sheet must say what the report says.
    const timely = Object.fromEntries(report.resources.map((r) => [r.resourceCode, r.timely === null ? '不提供' : r.timely ? '是' : '否']));
    assert.equal(timely[VISIT], '是');
    checkResources(x, expected, timely);
    // 11 registered; 12 queued (5 households, 7 people), 11 delivered (8 + 3).
    checkTotals(x, { resourcesInUse: 3, registered: 11, delivered: 11, rejected: 1, sharingRate: 11 / 12 });
    const outageMinutes = Math.round((Date.parse(outage.onlineAt) - Date.parse(outage.offlineAt)) / 60_000);
    if (shiftMs > 0) assert.ok(outageMinutes >= 90, `the outage lasted ${outageMinutes} minutes on the node's clock`);
    checkOverview(x, current, cur, { made: 1, failed: 0, verified: 1, verifyFailed: 0, uploaded: 0, lastBackupAt: lastBackupAt.cur, lastVerifiedAt, outages: 1, outageMinutes });
    assert.equal(x.outages.length, 2, 'one outage and the total row');
    const [row, total] = x.outages as unknown[][];
    assertWallClock(row![0], outage.offlineAt, 'outage start');
    assertWallClock(row![1], outage.onlineAt, 'outage end');
    assert.equal(row![2], outageMinutes);
    assert.equal(row![3], outage.problem, 'the reason is the problem the operator saw');
    assert.match(outage.problem, /交换平台|连接/);
    assert.deepEqual(total, ['合计', '1 次', outageMinutes, null]);
    assert.equal((await t.ok('admin', 'catalog.get', {})).version, x.overview.get('资源目录版本'));
  });

  test('a quarter that has not begun is refused in Chinese; a clerk may not see reports', async () => {
    const next = shiftQuarter(current, 1);
    const refused = await t.call(t.tokens.official, 'status.quarterlyReportXlsx', next);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.code, 'BAD_INPUT');
      assert.match(refused.error.message, new RegExp(`${next.year}年第${next.quarter}季度尚未开始`));
    }
    const clerk = await t.call(t.tokens.clerk, 'status.quarterlyReport', current);
    assert.equal(clerk.ok, false);
    if (!clerk.ok) assert.equal(clerk.error.code, 'FORBIDDEN');
  });

  function checkResources(x: Sheets, expected: Record<string, Expected>, timely: Record<string, string | undefined>) {
    assert.deepEqual([...x.resources.keys()].filter((k) => k !== '合计').sort(), sampleCatalog.resources.map((r) => r.code).sort(), 'one row per catalog resource');
    for (const [code, e] of Object.entries(expected)) {
      const row = x.resources.get(code)!;
      const formats = x.formats.get(code)!;
      const resource = sampleCatalog.resources.find((r) => r.code === code)!;
      const what = `${resource.name} (${code})`;
      assert.equal(row.get('资源名称'), resource.name);
      assert.deepEqual(
        ['期末有效记录（条）', '本季度登记（条）', '更正（次）', '撤回（条）', '有更新的天数'].map((h) => row.get(h)),
        [e.records, e.registered, e.corrected, e.withdrawn, e.activeDays],
        what,
      );
      if (resource.sharingType === 'none') {
        assert.deepEqual([row.get('交换平台接收（版本）'), row.get('交换平台拒收（版本）'), row.get('共享率')], ['不上报', '不上报', '不予共享'], what);
        assert.equal(row.get('共享类型'), '不予共享');
      } else {
        assert.deepEqual([row.get('交换平台接收（版本）'), row.get('交换平台拒收（版本）')], [e.delivered, e.rejected], what);
        if (e.sharingRate === null) assert.equal(row.get('共享率'), '—', what);
        else {
          assert.equal(typeof row.get('共享率'), 'number', `${what}: the rate is a number`);
          assert.ok(Math.abs((row.get('共享率') as number) - e.sharingRate) < 1e-9, `${what}: sharing rate ${String(row.get('共享率'))} ≠ ${e.sharingRate}`);
          assert.equal(formats.get('共享率'), '0.0%');
        }
      }
      assert.equal(row.get('更新及时'), timely[code], `${what}: timeliness`);
    }
  }

  function checkTotals(x: Sheets, e: { resourcesInUse: number; registered: number; delivered: number; rejected: number; sharingRate: number | null }) {
    const total = x.resources.get('合计')!;
    assert.equal(total.get('资源名称'), `使用中 ${e.resourcesInUse} 个`);
    assert.deepEqual([total.get('本季度登记（条）'), total.get('交换平台接收（版本）'), total.get('交换平台拒收（版本）')], [e.registered, e.delivered, e.rejected]);
    assert.equal(x.overview.get('使用中的目录资源（个）'), e.resourcesInUse);
    assert.equal(x.overview.get('本季度登记记录（条）'), e.registered);
    assert.equal(x.overview.get('交换平台接收（版本）'), e.delivered);
    assert.equal(x.overview.get('交换平台拒收（版本）'), e.rejected);
    for (const rate of [total.get('共享率'), x.overview.get('共享率')]) {
      if (e.sharingRate === null) assert.equal(rate, '—');
      else assert.ok(typeof rate === 'number' && Math.abs(rate - e.sharingRate) < 1e-9, `total sharing rate ${String(rate)} ≠ ${e.sharingRate}`);
    }
    if (e.sharingRate !== null) assert.equal(x.overviewFormats.get('共享率'), '0.0%');
  }

  function checkOverview(
    x: Sheets,
    q: { year: number; quarter: number },
    days: { from: string; to: string },
    e: { made: number; failed: number; verified: number; verifyFailed: number; uploaded: number; lastBackupAt: string; lastVerifiedAt: string | null; outages: number; outageMinutes: number },
  ) {
    assert.equal(x.overview.get('单位名称'), '琼中县湾岭镇人民政府');
    assert.equal(x.overview.get('统一社会信用代码'), '11469030MB1234567A');
    assert.equal(x.overview.get('行政区划代码'), '469030');
    assert.equal(x.overview.get('程序版本'), '0.1.0');
    assert.equal(x.overview.get('报告期'), `${q.year}年第${q.quarter}季度（${days.from} 至 ${days.to}）`);
    assert.deepEqual(
      ['备份成功（次）', '备份失败（次）', '恢复演练通过（次）', '恢复演练失败（次）', '上传容灾备份中心（次）', '链路中断（次）', '链路中断时长（分钟）'].map((k) => x.overview.get(k)),
      [e.made, e.failed, e.verified, e.verifyFailed, e.uploaded, e.outages, e.outageMinutes],
    );
    assertWallClock(x.overview.get('本季度最近一次备份（北京时间）'), e.lastBackupAt, 'last backup');
    if (e.lastVerifiedAt) assertWallClock(x.overview.get('本季度最近一次恢复演练（北京时间）'), e.lastVerifiedAt, 'last verified restore');
    else assert.equal(x.overview.get('本季度最近一次恢复演练（北京时间）'), '无');
  }
});
