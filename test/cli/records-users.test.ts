// What the UI lets a clerk and an admin do, county IT does over a remote shell: correct and
// withdraw a record (with a reason), disable, enable and unlock an account, reset a
// forgotten password — through the same channels and role checks, refused in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordView, SyncStatus, Dashboard } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { ADMIN, PASSWORDS } from '../support/test-node';
import { cliFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { cliRunner } from '../support/cli-run';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-admin-'));
const { cli, setUp } = cliRunner(root);
const asAdmin = ADMIN.password;
const asClerk = PASSWORDS.clerk;
const ids: string[] = [];

before(() => {
  setUp(['clerk', 'operator']);
  for (const seq of [1, 2]) {
    const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...cliFields(povertyHouseholdFields({ householder_id_number: makeIdNumber(seq), main_cause: '01' }))], asClerk);
    assert.equal(add.code, 0, add.err);
    ids.push(/记录编号：([0-9a-f-]{36})/.exec(add.out)![1]!);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

const current = (id: string) => (JSON.parse(cli(['records', 'show', id, '--as', 'clerk', '--json'], asClerk).out) as { current: RecordView; history: RecordView[] });

test('records correct changes only the named items, keeps the rest, and records the reason as a new version', () => {
  const run = cli(['records', 'correct', ids[0]!, '--as', 'clerk', '--field', 'household_size=5', '--field', 'main_cause=02', '--reason', '家庭人口核实为5人'], asClerk);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /已更正。记录编号：.*（第 2 版，原因：家庭人口核实为5人）/);
  const { current: now, history } = current(ids[0]!);
  assert.equal(now.version, 2);
  assert.deepEqual(now.fields, { ...history[1]!.fields, household_size: '5', main_cause: '02' });
  assert.equal(now.reason, '家庭人口核实为5人');
  const show = cli(['records', 'show', ids[0]!, '--as', 'clerk'], asClerk);
  assert.match(show.out, /主要致贫原因\s+02 因残/, 'a code value is printed with its label');
  assert.match(show.out, /\n2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+clerk\s+有效\s+家庭人口核实为5人/);
});

test('records correct is refused, in Chinese and with nothing changed, without a reason, without a change, with a bad value, or for another role', () => {
  const refusals: [string[], string, RegExp][] = [
    [['--field', 'household_size=6'], asClerk, /错误：缺少必填选项 --reason <原因>/],
    [['--field', 'household_size=6', '--reason', '  '], asClerk, /错误：请用 --reason 写明更正原因/],
    [['--reason', '改'], asClerk, /错误：请用 --field 信息项代码=值 给出要更正的信息项/],
    [['--field', 'household_size=0', '--reason', '改'], asClerk, /错误：有 1 项内容需要修改.*\n.*家庭人口数」应在 1 到 30 之间/],
  ];
  for (const [args, password, message] of refusals) {
    const run = cli(['records', 'correct', ids[0]!, '--as', 'clerk', ...args], password);
    assert.equal(run.code, 1, `${args.join(' ')}: ${run.out}`);
    assert.match(run.err, message);
  }
  const admin = cli(['records', 'correct', ids[0]!, '--as', 'admin', '--field', 'household_size=6', '--reason', '改'], asAdmin);
  assert.equal(admin.code, 1);
  assert.match(admin.err, /错误：您的角色（系统管理员）无权使用此功能/);
  assert.equal(current(ids[0]!).current.version, 2, 'a refused correction changed the record');
});

test('records withdraw needs a reason, is refused for other roles, and cannot be done twice', () => {
  const noReason = cli(['records', 'withdraw', ids[1]!, '--as', 'clerk'], asClerk);
  assert.equal(noReason.code, 1);
  assert.match(noReason.err, /错误：缺少必填选项 --reason <原因>/);
  const operator = cli(['records', 'withdraw', ids[1]!, '--as', 'operator', '--reason', '重复登记'], PASSWORDS.operator);
  assert.equal(operator.code, 1);
  assert.match(operator.err, /错误：您的角色（运维员）无权使用此功能/);
  assert.equal(current(ids[1]!).current.status, 'active');

  const run = cli(['records', 'withdraw', ids[1]!, '--as', 'clerk', '--reason', '户主已迁出本镇'], asClerk);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /已撤回。记录编号：.*（第 2 版，原因：户主已迁出本镇）/);
  assert.deepEqual([current(ids[1]!).current.status, current(ids[1]!).current.reason], ['withdrawn', '户主已迁出本镇']);
  assert.match(cli(['records', 'list', '--as', 'clerk'], asClerk).out, new RegExp(`${ids[1]}.*已撤回`));
  const again = cli(['records', 'withdraw', ids[1]!, '--as', 'clerk', '--reason', '再撤'], asClerk);
  assert.equal(again.code, 1);
  assert.match(again.err, /错误：该记录已经撤回/);
});

test('user disable ends the account’s use, enable gives it back; only an admin may, and not on their own account', () => {
  const byClerk = cli(['user', 'disable', 'operator', '--as', 'clerk'], asClerk);
  assert.equal(byClerk.code, 1);
  assert.match(byClerk.err, /错误：您的角色（录入员）无权使用此功能/);
  const self = cli(['user', 'disable', 'admin', '--as', 'admin'], asAdmin);
  assert.equal(self.code, 1);
  assert.match(self.err, /错误：不能停用自己正在使用的账户/);

  const off = cli(['user', 'disable', 'operator', '--as', 'admin'], asAdmin);
  assert.equal(off.code, 0, off.err);
  assert.match(off.out, /已停用账户 operator/);
  assert.match(cli(['user', 'list', '--as', 'admin'], asAdmin).out, /operator\s+测试operator\s+运维员\s+扶贫办\s+已停用/);
  const refused = cli(['sync', 'status', '--as', 'operator'], PASSWORDS.operator);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /错误：该账户已停用，请联系系统管理员/);

  const on = cli(['user', 'enable', 'operator', '--as', 'admin'], asAdmin);
  assert.equal(on.code, 0, on.err);
  assert.equal(cli(['sync', 'status', '--as', 'operator'], PASSWORDS.operator).code, 0);
  const unknown = cli(['user', 'enable', 'nobody_here', '--as', 'admin'], asAdmin);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /错误：用户「nobody_here」不存在/);
});

test('user reset: the new password from the environment, never a flag; it lifts a lockout, and the old password stops working', () => {
  for (let i = 0; i < 5; i++) cli(['records', 'list', '--as', 'clerk'], 'Wrong#2026pass');
  assert.match(cli(['records', 'list', '--as', 'clerk'], asClerk).err, /账户已锁定 15 分钟/);
  assert.match(cli(['user', 'list', '--as', 'admin'], asAdmin).out, /clerk\s+测试clerk\s+录入员\s+扶贫办\s+已锁定至 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);

  const asFlag = cli(['user', 'reset', 'clerk', '--as', 'admin', '--password', 'New#Clerk-2027'], asAdmin);
  assert.equal(asFlag.code, 1);
  assert.match(asFlag.err, /错误：没有选项 --password/);
  const noSource = cli(['user', 'reset', 'clerk', '--as', 'admin'], asAdmin);
  assert.equal(noSource.code, 1);
  assert.match(noSource.err, /错误：需要账户 clerk 的新密码：请在终端中运行，或设置环境变量 EDGE_NODE_NEW_PASSWORD/);
  const weak = cli(['user', 'reset', 'clerk', '--as', 'admin'], asAdmin, { EDGE_NODE_NEW_PASSWORD: 'clerk' });
  assert.equal(weak.code, 1);
  assert.match(weak.err, /^错误：密码/);
  const byOperator = cli(['user', 'reset', 'clerk', '--as', 'operator'], PASSWORDS.operator, { EDGE_NODE_NEW_PASSWORD: 'New#Clerk-2027' });
  assert.equal(byOperator.code, 1);
  assert.match(byOperator.err, /错误：您的角色（运维员）无权使用此功能/);

  const reset = cli(['user', 'reset', 'clerk', '--as', 'admin'], asAdmin, { EDGE_NODE_NEW_PASSWORD: 'New#Clerk-2027' });
  assert.equal(reset.code, 0, reset.err);
  assert.match(reset.out, /已重置账户 clerk 的密码（锁定已解除/);
  assert.match(cli(['records', 'list', '--as', 'clerk'], asClerk).err, /用户名或密码不正确/);
  // The admin knows the reset password: it logs in, but does nothing until its owner changes it.
  const refused = cli(['records', 'list', '--as', 'clerk'], 'New#Clerk-2027');
  assert.equal(refused.code, 1, 'the password the admin set worked without being changed');
  assert.match(refused.err, /请先修改初始密码[\s\S]*请先运行：edge-node user passwd --as clerk/);
  // The owner chooses their own (the usual one, for the tests that follow); then it works.
  const changed = cli(['user', 'passwd', '--as', 'clerk'], 'New#Clerk-2027', { EDGE_NODE_NEW_PASSWORD: asClerk });
  assert.equal(changed.code, 0, changed.err);
  assert.equal(cli(['records', 'list', '--as', 'clerk'], asClerk).code, 0);
});

test('sync status right after sync settings says 已配置，尚未联系, not 未配置; the status page says the same', () => {
  assert.match(cli(['sync', 'status', '--as', 'operator'], PASSWORDS.operator).out, /连接状态：未配置/);
  const set = cli(['sync', 'settings', '--as', 'admin', '--exchange-url', 'https://127.0.0.1:9'], asAdmin);
  assert.equal(set.code, 0, set.err);

  const status = cli(['sync', 'status', '--as', 'operator'], PASSWORDS.operator);
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /连接状态：已配置，尚未联系/);
  assert.doesNotMatch(status.out, /未配置/);
  assert.match(status.out, /edge-node sync now/);
  const json = JSON.parse(cli(['sync', 'status', '--as', 'operator', '--json'], PASSWORDS.operator).out) as SyncStatus;
  assert.deepEqual([json.link, json.problem], ['not-contacted', null]);

  const dashboard = JSON.parse(cli(['status', '--as', 'admin', '--json'], asAdmin).out) as Dashboard;
  assert.deepEqual([dashboard.tiles.link.state, dashboard.tiles.link.level], ['not-contacted', 'yellow']);
  assert.match(cli(['status', '--as', 'admin'], asAdmin).out, /\[注意\] 交换平台链路：已配置，尚未联系/);
});
