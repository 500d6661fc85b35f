// `edge-node status`, `report` and `diagnostics` as county IT and an official use them over a
// remote shell: real processes, a real data folder, secrets through the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ADMIN, NODE_IDENTITY, PASSWORDS } from '../support/test-node';
import { cliRunner } from '../support/cli-run';
import { cliFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { Dashboard } from '../../common/contract';
import { cstDay } from '../../main/store/stats-repo';
import { quarterOf } from '../../main/status/quarterly-report';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-status-'));
// Runs in `root`: a report without --out lands there.
const { cli, setUp } = cliRunner(root);
const { year, quarter } = quarterOf(cstDay(new Date()));

const household = (seq: number) => cliFields(povertyHouseholdFields({ householder_id_number: makeIdNumber(seq) }));

before(() => {
  setUp(['clerk', 'official', 'operator']);
  for (let i = 0; i < 3; i++) {
    const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...household(i)], PASSWORDS.clerk);
    assert.equal(add.code, 0, add.err);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

test('status --json gives the dashboard for scripts; the exit code tells the worst tile (0 正常, 2 注意, 3 异常)', () => {
  const run = cli(['status', '--as', 'official', '--json'], PASSWORDS.official);
  const dashboard = JSON.parse(run.out) as Dashboard;
  assert.equal(run.code, { green: 0, yellow: 2, red: 3 }[dashboard.overall], run.err);
  assert.equal(dashboard.node.unitName, NODE_IDENTITY.unitName);
  assert.equal(dashboard.tiles.link.state, 'not-configured');
  assert.notEqual(dashboard.overall, 'green', 'a node that was never connected is not all green');
  const households = dashboard.resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!;
  assert.deepEqual([households.records, households.newThisQuarter], [3, 3]);
  assert.ok(!run.out.includes('测试户') && !run.out.includes(makeIdNumber(0)), 'no personal data in the status');
});

test('status for people: each tile with 正常/注意/异常 and what to do, then the resources', () => {
  const json = JSON.parse(cli(['status', '--as', 'official', '--json'], PASSWORDS.official).out) as Dashboard;
  const run = cli(['status', '--as', 'official'], PASSWORDS.official);
  assert.equal(run.code, { green: 0, yellow: 2, red: 3 }[json.overall], run.err);
  const label = { green: '正常', yellow: '注意', red: '异常' };
  assert.match(run.out, new RegExp(`^节点状态：${label[json.overall]}`));
  for (const [name, tile] of [
    ['交换平台链路', json.tiles.link],
    ['节点证书', json.tiles.certificate],
    ['上报队列', json.tiles.queue],
    ['备份', json.tiles.backup],
    ['资源目录', json.tiles.catalog],
    ['磁盘空间', json.tiles.disk],
    ['本机时钟', json.tiles.clock],
    ['程序版本', json.tiles.app],
  ] as const) {
    assert.match(run.out, new RegExp(`\\[${label[tile.level]}\\] ${name}：`), name);
    if (tile.sentence) assert.ok(run.out.includes(tile.sentence), `${name}: the sentence saying what to do is shown`);
  }
  assert.match(run.out, /203001-00001\s+贫困户信息\s+有条件共享\s+每月\s+3\s+3\s+3/);
  assert.match(run.out, /308001-00001\s+特殊困难群众走访记录\s+不予共享.*不上报\s+不上报/);
});

test('a clerk may not read the node status', () => {
  const run = cli(['status', '--as', 'clerk'], PASSWORDS.clerk);
  assert.equal(run.code, 1);
  assert.match(run.err, /无权使用此功能/);
});

test('report --quarter writes the quarterly XLSX the official asked for', async () => {
  const out = join(root, 'report.xlsx');
  const run = cli(['report', '--as', 'official', '--quarter', `${year}Q${quarter}`, '--out', out], PASSWORDS.official);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, new RegExp(`${year}年第${quarter}季度报告已写入：.*report\\.xlsx`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
  assert.deepEqual(workbook.worksheets.map((s) => s.name), ['概况', '资源明细', '链路中断']);
  const rows = workbook.getWorksheet('资源明细')!;
  let registered: unknown = null;
  rows.eachRow((row) => {
    if (row.getCell(1).value === RESOURCE_POVERTY_HOUSEHOLD) registered = row.getCell(6).value;
  });
  assert.equal(registered, 3);
});

test('report without --out uses the default file name in the current folder; --json prints the figures', () => {
  const run = cli(['report', '--as', 'admin', '--quarter', `${year}-q${quarter}`], ADMIN.password);
  assert.equal(run.code, 0, run.err);
  const nodeId = (JSON.parse(cli(['status', '--as', 'official', '--json'], PASSWORDS.official).out) as Dashboard).node.nodeId;
  assert.ok(existsSync(join(root, `季度报告-${nodeId}-${year}Q${quarter}.xlsx`)));
  const json = cli(['report', '--as', 'official', '--quarter', `${year}Q${quarter}`, '--json'], PASSWORDS.official);
  assert.equal(json.code, 0, json.err);
  assert.equal((JSON.parse(json.out) as { totals: { registered: number } }).totals.registered, 3);
});

test('report refuses a quarter that has not begun and a badly written one, in Chinese', () => {
  const future = cli(['report', '--as', 'official', '--quarter', '2099Q1'], PASSWORDS.official);
  assert.equal(future.code, 1);
  assert.match(future.err, /2099年第1季度尚未开始/);
  const bad = cli(['report', '--as', 'official', '--quarter', '2026Q5'], PASSWORDS.official);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--quarter 应写成 年份Q季度，例如 2026Q3/);
});

test('diagnostics writes the redacted bundle only its owner can read', () => {
  const out = join(root, 'diag.json');
  const run = cli(['diagnostics', '--as', 'operator', '--out', out], PASSWORDS.operator);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /诊断包已写入/);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const text = readFileSync(out, 'utf8');
  assert.equal((JSON.parse(text) as { node: { unitName: string } }).node.unitName, NODE_IDENTITY.unitName);
  assert.ok(!text.includes('测试户') && !text.includes(makeIdNumber(1)), 'no personal data in the bundle');
  const official = cli(['diagnostics', '--as', 'official', '--out', join(root, 'no.json')], PASSWORDS.official);
  assert.equal(official.code, 1, 'an official may not make a diagnostics bundle');
  assert.ok(!existsSync(join(root, 'no.json')));
});
