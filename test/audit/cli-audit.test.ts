// `edge-node audit list` and `audit export` as county IT uses them over a remote shell: real
// processes, a real data folder, secrets through the environment. The auditor reads Chinese
// sentences with China times, filters by person, action or kind, days and outcome, pages on
// with --before, and exports XLSX or CSV — which the log then records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PASSWORDS } from '../support/test-node';
import { cliRunner } from '../support/cli-run';
import { cliFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { AUDIT_ACTIONS, type AuditPage } from '../../common/contract';
import { chinaDate } from '../../common/text/china-time';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-audit-'));
const { cli, setUp } = cliRunner(root);
/** Typed as a user name at the login prompt: must never reach the auditor. */
const TYPED = 'Oops#MyPassword-2026';

const auditor = (...args: string[]) => cli(['audit', ...args, '--as', 'auditor'], PASSWORDS.auditor);
const json = (...args: string[]) => {
  const run = auditor('list', ...args, '--json', '--page-size', '200');
  assert.equal(run.code, 0, run.err);
  return JSON.parse(run.out) as AuditPage;
};

before(() => {
  setUp(['clerk', 'auditor'], { clerk: '李录入', auditor: '赵审计' });
  const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...cliFields(povertyHouseholdFields({ householder_id_number: makeIdNumber(901) }))], PASSWORDS.clerk);
  assert.equal(add.code, 0, add.err);
  assert.equal(cli(['status', '--as', TYPED], 'Whatever#2026x').code, 1);
  assert.equal(cli(['status', '--as', 'clerk'], 'Wrong#2026passX').code, 1);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('audit list: Chinese sentences with 北京时间 times, no codes, no JSON, no typed user name', () => {
  const run = auditor('list');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^序号\s+时间（北京时间）\s+操作人\s+角色\s+结果\s+说明/);
  assert.match(run.out, /李录入 登记了 贫困户信息 1 条/);
  assert.match(run.out, /有人用不存在的用户名尝试登录，已拒绝/);
  assert.match(run.out, /有人登录账户 李录入（clerk） 时密码错误/);
  assert.match(run.out, /共 \d+ 条符合条件/);
  assert.ok(!run.out.includes(TYPED), 'the typed user name reached the auditor');
  for (const code of AUDIT_ACTIONS) assert.ok(!run.out.includes(code), `the code ${code} is printed`);
  assert.ok(!/[{}]/.test(run.out), 'JSON is printed');
  // Every time printed is China time, today (the entries were just written), to the second.
  const times = [...run.out.matchAll(/\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\b/g)];
  assert.ok(times.length >= 8);
  const now = Date.now();
  for (const [, day, time] of times) {
    const asChina = Date.parse(`${day}T${time}+08:00`);
    assert.ok(Math.abs(now - asChina) < 10 * 60_000, `${day} ${time} is not China time now`);
  }
});

test('audit list --json: ISO UTC times and the codes beside the sentences, for scripts', () => {
  const page = json();
  assert.ok(page.items.length >= 8);
  for (const e of page.items) assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.equal(page.total, page.items.length);
  assert.ok(!JSON.stringify(page).includes(TYPED));
});

test('filters: person (username or name), action (code or name), kind, outcome, China days', () => {
  const byClerk = json('--user', '李录入');
  assert.deepEqual(byClerk, json('--user', 'clerk'));
  // The clerk's own entries, and the failed attempt on the clerk's account (shown without an actor).
  for (const e of byClerk.items) assert.ok(e.actor === 'clerk' || (e.action === 'auth.login' && e.outcome === 'failure'), JSON.stringify(e));
  assert.ok(byClerk.items.some((e) => e.action === 'record.create'));

  const registered = json('--action', '登记记录');
  assert.deepEqual(registered.items.map((e) => e.action), ['record.create']);
  assert.deepEqual(json('--action', 'record.create'), registered);
  const accounts = new Set(json('--action', 'account').items.map((e) => e.action));
  assert.ok(accounts.has('auth.login') && accounts.has('user.create') && !accounts.has('record.create'), [...accounts].join());

  const failures = json('--outcome', 'failure');
  assert.equal(failures.items.length, 2);
  assert.ok(failures.items.every((e) => e.outcome === 'failure'));
  assert.deepEqual(json('--outcome', '失败'), failures);

  // Everything was written today (China time): today's entries run from the first one on.
  const today = chinaDate(new Date());
  const todays = json('--from', today, '--to', today);
  assert.equal(todays.items.at(-1)!.seq, 1);
  assert.equal(todays.total, todays.items.length);
  const none = auditor('list', '--to', '2020-01-01');
  assert.equal(none.code, 0, none.err);
  assert.match(none.out, /没有符合条件的审计记录/);
});

test('bad filters are refused in Chinese before anything is read', () => {
  const action = auditor('list', '--action', 'records.delete');
  assert.equal(action.code, 1);
  assert.match(action.err, /--action 应为一种操作/);
  const day = auditor('list', '--from', '2026-02-30');
  assert.equal(day.code, 1);
  assert.match(day.err, /--from 应写成 年-月-日/);
  const order = auditor('list', '--from', '2026-03-02', '--to', '2026-03-01');
  assert.equal(order.code, 1);
  assert.match(order.err, /不能晚于/);
});

test('paging on with --before: every entry once, newest first', () => {
  const seen: number[] = [];
  let args: string[] = [];
  for (let guard = 0; guard < 20; guard++) {
    const run = auditor('list', '--page-size', '8', ...args);
    assert.equal(run.code, 0, run.err);
    seen.push(...[...run.out.matchAll(/^(\d+)\s{2}/gm)].map((m) => Number(m[1])));
    const next = /加 --before (\d+)/.exec(run.out);
    if (!next) break;
    args = ['--before', next[1]!];
  }
  // Each run's own login and logout are newer than the first page, so they neither shift the
  // pages nor appear in them: the walk is the whole log up to its first entry, once each.
  assert.deepEqual(seen, Array.from({ length: seen[0]! }, (_, i) => seen[0]! - i));
});

test('audit export: XLSX and CSV files only the owner can read, and each export is in the log', async () => {
  const xlsxPath = join(root, '审计.xlsx');
  const xlsx = auditor('export', '--out', xlsxPath, '--user', 'clerk');
  assert.equal(xlsx.code, 0, xlsx.err);
  assert.match(xlsx.out, /已导出 \d+ 条审计记录到：.*审计\.xlsx（Excel，/);
  assert.equal(statSync(xlsxPath).mode & 0o777, 0o600);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxPath);
  const sentences = (workbook.getWorksheet('审计日志')!.getColumn(8).values as unknown[]).slice(2);
  assert.ok(sentences.includes('李录入 登记了 贫困户信息 1 条'), sentences.join('\n'));

  const csvPath = join(root, 'audit.txt');
  const csv = auditor('export', '--out', csvPath, '--format', 'csv', '--outcome', 'failure');
  assert.equal(csv.code, 0, csv.err);
  const bytes = readFileSync(csvPath);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], '序号,时间（北京时间）,操作人,用户名,角色,操作,结果,说明,对象');
  assert.equal(lines.length, 3);
  assert.ok(!bytes.toString('utf8').includes(TYPED));

  const exports = json('--action', 'audit.export').items;
  assert.equal(exports.length, 2);
  assert.match(exports[0]!.sentence.zh, /^赵审计 导出了审计日志 2 条（CSV），筛选条件：结果为失败$/);
  assert.match(exports[1]!.sentence.zh, /^赵审计 导出了审计日志 \d+ 条（Excel），筛选条件：人员 李录入（clerk）$/);
});

test('only the auditor reads the log', () => {
  const run = cli(['audit', 'list', '--as', 'clerk'], PASSWORDS.clerk);
  assert.equal(run.code, 1);
  assert.match(run.err, /您的角色（录入员）无权使用此功能/);
});
