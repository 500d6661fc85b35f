// What MLPS level 3 and PIPL ask the log to hold beyond the writes, through a real node:
// every read of personal data (opening a record, a search by ID number, a list page that
// shows personal items), every file that leaves the node (the import report, the quarterly
// XLSX, the diagnostics bundle), every view of the audit log, and the start and stop of the
// core — each one entry, in a sentence the auditor reads, and none holding a name, an ID
// number, a phone number or the number a clerk typed into the search box. Aggregates for
// officials and operators (the dashboard, the quarterly figures on screen) are not reads of
// personal data and write nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORDS, startSetUpNode } from '../support/test-node';
import { countRows, openRawDatabase } from '../support/raw-database';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_DISASTER_REPORT, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import { findResource } from '../../common/catalog/lookup';
import { maskIdNumber } from '../../common/catalog/id-number';
import { intakeHostAccess } from '../../main/api/host-access';
import type { AuditAction, AuditEntryView, IntakeJob } from '../../common/contract';
import type { Db } from '../../main/store/database';

const NAME = '测试甄查阅';
const ID = makeIdNumber(811, '19680302');
const PHONE = '13907559876';
/** How the clerk typed the ID number into the search box: spaced and lower case, as people do. */
const TYPED_KEY = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14).toLowerCase()}`;
/** A phone number with a digit missing: the import report quotes it as read. */
const BAD_PHONE = '1390755987';
const IMPORTED_NAME = '测试符导入';
const IMPORTED_ID = makeIdNumber(812, '19710911');
const SECRETS = [NAME, ID, ID.slice(0, 17), TYPED_KEY, PHONE, BAD_PHONE, IMPORTED_NAME, IMPORTED_ID];

const poverty = findResource(sampleCatalog, RESOURCE_POVERTY_HOUSEHOLD)!;

/** A CSV of 贫困户 rows with the catalog's item names as headers. */
function povertyCsv(rows: Record<string, string>[]): string {
  const lines = [poverty.items.map((i) => i.name), ...rows.map((r) => poverty.items.map((i) => r[i.code] ?? ''))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

describe('reads, exports, audit-log views and the core’s start and stop are audited, without contents', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let raw: Db;
  let recordId: string;
  const files = mkdtempSync(join(tmpdir(), 'edge-node-access-audit-'));

  before(async () => {
    t = await startSetUpNode();
    raw = await openRawDatabase(t.dataDir, t.keyFile);
    const created = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: ID, phone: PHONE }),
    });
    assert.ok(created.ok, JSON.stringify(created));
    recordId = created.value.id;
    const disaster = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_DISASTER_REPORT,
      fields: { reporting_unit: '湾岭镇应急办', disaster_type: '1', occurred_on: '2026-03-05', affected_area: '469030', affected_people: '12', reporter_phone: '13800138000' },
    });
    assert.ok(disaster.ok, JSON.stringify(disaster));
  });
  after(() => {
    raw.close();
    t.cleanup();
    rmSync(files, { recursive: true, force: true });
  });

  type Row = { seq: number; actor: string; role: string; action: string; target: string; outcome: string; detail: string };
  const newest = () => raw.prepare('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get() as number;
  const since = (seq: number) => raw.prepare('SELECT seq, actor, role, action, target, outcome, detail FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as Row[];
  const facts = (r: Row) => ({ actor: r.actor, role: r.role, action: r.action, target: r.target, outcome: r.outcome, detail: JSON.parse(r.detail) as unknown });

  /** What `work` appended to the log, as stored. */
  async function appendedBy(work: () => Promise<unknown>): Promise<ReturnType<typeof facts>[]> {
    const before = newest();
    await work();
    return since(before).map(facts);
  }

  async function ok<T>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
    const result = await answer;
    assert.ok(result.ok, JSON.stringify(result));
    return result.value;
  }

  /** The auditor's sentences (Chinese) for one action, newest first. */
  async function sentences(action: AuditAction): Promise<string[]> {
    const page = await ok(t.call(t.tokens.auditor, 'audit.list', { action, pageSize: 100 }));
    return page.items.map((e: AuditEntryView) => e.sentence.zh);
  }

  test('opening a record: one record.read entry with the record number, its resource and how many versions were shown', async () => {
    const added = await appendedBy(() => ok(t.call(t.tokens.clerk, 'records.get', { id: recordId })));
    assert.deepEqual(added, [{ actor: 'clerk', role: 'clerk', action: 'record.read', target: recordId, outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, versions: 1 } }]);
    assert.deepEqual(await sentences('record.read'), ['测试clerk 查看了 贫困户信息 1 条的详情（共 1 个版本）']);
  });

  test('a record that is not there (or another unit’s) is refused, and the attempt is recorded as a failure', async () => {
    const nowhere = '01900000-0000-7000-8000-000000000000';
    const added = await appendedBy(async () => assert.equal((await t.call(t.tokens.clerk, 'records.get', { id: nowhere })).ok, false));
    assert.deepEqual(added, [{ actor: 'clerk', role: 'clerk', action: 'record.read', target: nowhere, outcome: 'failure', detail: { reason: 'not found' } }]);
    assert.equal((await sentences('record.read'))[0], '测试clerk 打开一条记录未成功：未找到该记录，或该记录不属于其单位');
  });

  test('a search by ID number: the fact and the result count, never the number typed', async () => {
    const found = await appendedBy(async () => assert.equal((await ok(t.call(t.tokens.clerk, 'records.findByKey', { key: TYPED_KEY, resourceCode: RESOURCE_POVERTY_HOUSEHOLD }))).length, 1));
    assert.deepEqual(found, [{ actor: 'clerk', role: 'clerk', action: 'record.find', target: '', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, results: 1 } }]);
    const none = await appendedBy(async () => assert.deepEqual(await ok(t.call(t.tokens.clerk, 'records.findByKey', { key: makeIdNumber(999) })), []));
    assert.deepEqual(none.map((e) => e.detail), [{ results: 0 }]);
    assert.deepEqual((await sentences('record.find')).slice(0, 2), [
      '测试clerk 按证件号在全部资源中查找记录，找到 0 条（所查号码不记入日志）',
      '测试clerk 按证件号在「贫困户信息」中查找记录，找到 1 条（所查号码不记入日志）',
    ]);
  });

  test('a list page is a read of personal data only when it shows a resource with personal items', async () => {
    const personal = await appendedBy(() => ok(t.call(t.tokens.clerk, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, page: 1 })));
    assert.deepEqual(personal, [{ actor: 'clerk', role: 'clerk', action: 'record.list', target: '', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, page: 1, shown: 1 } }]);
    // 灾情报送 has no personal item: browsing it is not a read of personal data.
    assert.deepEqual(await appendedBy(() => ok(t.call(t.tokens.clerk, 'records.list', { resourceCode: RESOURCE_DISASTER_REPORT }))), []);
    // An empty page shows nobody.
    assert.deepEqual(await appendedBy(() => ok(t.call(t.tokens.clerk, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, status: 'withdrawn' }))), []);
    // Every resource at once: the page holds the 贫困户, so it counts.
    const all = await appendedBy(() => ok(t.call(t.tokens.clerk, 'records.list', { page: 1, pageSize: 20 })));
    assert.deepEqual(all.map((e) => [e.action, e.detail]), [['record.list', { page: 1, shown: 2 }]]);
    assert.deepEqual((await sentences('record.list')).slice(0, 2), ['测试clerk 浏览了全部资源的记录列表第 1 页，显示 2 条', '测试clerk 浏览了「贫困户信息」的记录列表第 1 页，显示 1 条']);
  });

  test('an import report with rows in error is recorded when the core hands it out, in the app and to the CLI', async () => {
    const csv = povertyCsv([
      povertyHouseholdFields({ householder_name: IMPORTED_NAME, householder_id_number: IMPORTED_ID, phone: '' }),
      povertyHouseholdFields({ householder_name: IMPORTED_NAME, householder_id_number: makeIdNumber(813), phone: BAD_PHONE }),
    ]);
    const started = await ok(t.call(t.tokens.clerk, 'intake.start', { fileName: '三月台账.csv', fileBase64: Buffer.from(csv).toString('base64'), resourceCode: RESOURCE_POVERTY_HOUSEHOLD }));
    // Polled as the app polls: a running job hands out no report; the finished one, once.
    let job: IntakeJob;
    for (;;) {
      const before = newest();
      job = await ok(t.call(t.tokens.clerk, 'intake.job', { jobId: started.jobId }));
      const reports = since(before).map(facts).filter((e) => e.action === 'intake.report');
      if (job.state === 'running') {
        assert.deepEqual(reports, [], 'a running job hands out no report');
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      assert.equal(job.report?.errors.length, 1, JSON.stringify(job.report));
      assert.deepEqual(reports, [
        { actor: 'clerk', role: 'clerk', action: 'intake.report', target: '三月台账.csv', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, listed: 1, notListed: 0, source: 'upload' } },
      ]);
      break;
    }

    // Other rows by path, as `edge-node import` does: a bad phone, and a household of 99.
    const path = join(files, '四月台账.csv');
    writeFileSync(path, povertyCsv([
      povertyHouseholdFields({ householder_name: IMPORTED_NAME, householder_id_number: makeIdNumber(814), phone: BAD_PHONE }),
      povertyHouseholdFields({ householder_name: IMPORTED_NAME, householder_id_number: makeIdNumber(815), household_size: '99' }),
    ]));
    const cli = await appendedBy(() => intakeHostAccess(t.node).importFromPath(t.tokens.clerk, path, { resourceCode: RESOURCE_POVERTY_HOUSEHOLD }));
    assert.deepEqual(cli.map((e) => [e.action, e.target, (e.detail as { source?: string }).source]), [['intake.import', '四月台账.csv', 'cli'], ['intake.report', '四月台账.csv', 'cli']]);
    assert.deepEqual((await sentences('intake.report')).slice(0, 2), [
      '测试clerk 取得了文件「四月台账.csv」的导入报告，其中列出有误的行 2 行（已在命令行中显示）',
      '测试clerk 取得了文件「三月台账.csv」的导入报告，其中列出有误的行 1 行（可在界面上查看和下载）',
    ]);
  });

  test('the quarterly XLSX and the diagnostics bundle are recorded; the dashboard and the report on screen are not reads of personal data', async () => {
    const quiet = await appendedBy(async () => {
      await ok(t.call(t.tokens.official, 'status.dashboard', {}));
      await ok(t.call(t.tokens.operator, 'status.dashboard', {}));
      await ok(t.call(t.tokens.official, 'status.quarterlyReport', { year: 2026, quarter: 1 }));
    });
    assert.deepEqual(quiet, [], 'aggregates for officials and operators write nothing');

    const xlsx = await appendedBy(() => ok(t.call(t.tokens.official, 'status.quarterlyReportXlsx', { year: 2026, quarter: 1 })));
    assert.deepEqual(xlsx, [{ actor: 'official', role: 'official', action: 'status.reportExport', target: '', outcome: 'success', detail: { year: 2026, quarter: 1, format: 'xlsx' } }]);
    let bytes = 0;
    const diagnostics = await appendedBy(async () => (bytes = Buffer.byteLength((await ok(t.call(t.tokens.operator, 'status.diagnostics', {}))).json)));
    assert.deepEqual(diagnostics, [{ actor: 'operator', role: 'operator', action: 'status.diagnostics', target: '', outcome: 'success', detail: { bytes } }]);
    assert.deepEqual(await sentences('status.reportExport'), ['测试official 导出了 2026 年第 1 季度的季度报告（Excel，只含统计数字）']);
    assert.match((await sentences('status.diagnostics'))[0]!, /^测试operator 导出了诊断包（不含个人信息、密钥和人员姓名，[\d.]+ (KiB|字节)）$/);
  });

  test('each page of the audit log the auditor views is recorded, with its filters and which entries; the export as before', async () => {
    const viewed = await appendedBy(() => ok(t.call(t.tokens.auditor, 'audit.list', { kind: 'access', outcome: 'success', pageSize: 5 })));
    assert.equal(viewed.length, 1);
    const detail = viewed[0]!.detail as { newest: number; oldest: number };
    assert.deepEqual(viewed[0], { actor: 'auditor', role: 'auditor', action: 'audit.view', target: '', outcome: 'success', detail: { kind: 'access', outcome: 'success', shown: 5, newest: detail.newest, oldest: detail.oldest } });
    assert.ok(detail.newest > detail.oldest);
    const views = await sentences('audit.view');
    assert.equal(views[0], `测试auditor 查看了审计日志 5 条（序号 ${detail.oldest} 至 ${detail.newest}），筛选条件：类别「查阅与导出」，结果为成功`);
    const exported = await appendedBy(() => ok(t.call(t.tokens.auditor, 'audit.export', { format: 'csv', kind: 'access' })));
    assert.deepEqual(exported.map((e) => [e.action, e.outcome]), [['audit.export', 'success']]);
  });

  test('the core’s start and stop: one entry each per open and close, a CLI command named by its words', async () => {
    const starts = () => countRows(raw, 'audit_log', `action = 'node.start'`);
    const stops = () => countRows(raw, 'audit_log', `action = 'node.stop'`);
    // Opened once by startSetUpNode (after first-run setup), not closed yet.
    assert.deepEqual([starts(), stops()], [1, 0]);
    const before = newest();
    await t.reopen({ holder: { program: 'command', command: 'records list' } });
    assert.deepEqual(since(before).map(facts), [
      { actor: 'system', role: 'system', action: 'node.stop', target: '', outcome: 'success', detail: {} },
      { actor: 'system', role: 'system', action: 'node.start', target: '', outcome: 'success', detail: { program: 'command', command: 'records list', version: '0.1.0' } },
    ]);
    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const page = await ok(t.call(auditor, 'audit.list', { kind: 'node', pageSize: 10 }));
    assert.deepEqual(page.items.slice(0, 3).map((e) => [e.actorName.zh, e.sentence.zh]), [
      ['系统（自动）', '系统（自动） 启动了节点核心（由命令 edge-node records list 打开，程序版本 0.1.0）'],
      ['系统（自动）', '系统（自动） 关闭了节点核心'],
      ['系统（自动）', '系统（自动） 启动了节点核心（程序版本 0.1.0）'],
    ]);
  });

  test('no name, ID number, phone or typed search key anywhere in the audit table or on the auditor’s screen; the chain verifies', async () => {
    const table = JSON.stringify(raw.prepare('SELECT * FROM audit_log').all());
    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const screen = JSON.stringify(await ok(t.call(auditor, 'audit.list', { pageSize: 200 })));
    for (const secret of SECRETS) {
      assert.ok(!table.includes(secret), `the audit table holds "${secret}"`);
      assert.ok(!screen.includes(secret), `the auditor's list shows "${secret}"`);
    }
    // Nor the masked ID number the list and the search answered with.
    assert.ok(!table.includes(maskIdNumber(ID)), 'a masked ID number reached the log');
    assert.ok((await ok(t.call(auditor, 'audit.verify', {}))).ok);
  });
});
