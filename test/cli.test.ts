// The headless CLI end to end, as county IT would use it over a remote shell: real
// processes, a real data folder, secrets passed through the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE, PASSWORDS } from './support/test-node';
import { readyUserSteps } from './support/cli-run';
import { initialPasswordFor } from './support/accounts';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../common/catalog/sample-catalog';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-'));
const env = { ...process.env, EDGE_NODE_DATA_DIR: join(root, 'data'), EDGE_NODE_KEY_FILE: join(root, 'cfg', 'node.keyfile') };

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/edge-node.mjs', ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 300_000 }); // a bound for a loaded machine, not a wait
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const household = [
  'householder_name=测试甲',
  'householder_id_number=11010519491231002x',
  'village_code=469030100201',
  'household_size=4',
  'income_per_capita=3500.5',
  'household_category=1',
  'main_cause=01',
  'identified_on=2016-05-01',
  'poverty_status=1',
].flatMap((f) => ['--field', f]);

before(() => {
  const init = cli(
    ['init', '--unit-name', NODE_IDENTITY.unitName, '--credit-code', NODE_IDENTITY.creditCode, '--division-code', NODE_IDENTITY.divisionCode, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName],
    { EDGE_NODE_ADMIN_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE },
  );
  assert.equal(init.code, 0, init.err);
  for (const step of readyUserSteps({ username: 'clerk', name: '李录入', role: 'clerk', unit: '扶贫办', password: PASSWORDS.clerk })) {
    const run = cli(step.args, step.env);
    assert.equal(run.code, 0, run.err);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

test('init creates a node whose key file only its owner can read', () => {
  assert.equal(statSync(env.EDGE_NODE_KEY_FILE).mode & 0o777, 0o600);
});

test('a clerk registers a household and finds it by ID number from the CLI', () => {
  const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...household], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
  assert.equal(add.code, 0, add.err);
  assert.match(add.out, /已保存。记录编号：[0-9a-f-]{36}/);
  const find = cli(['records', 'find', '--as', 'clerk', '110105 19491231 002X', '--json'], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
  assert.equal(find.code, 0, find.err);
  const found = JSON.parse(find.out) as { title: string; maskedKey: string }[];
  assert.equal(found.length, 1);
  assert.equal(found[0]!.title, '测试甲');
  assert.equal(found[0]!.maskedKey, '110105********002X');
  const list = cli(['records', 'list', '--as', 'clerk'], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
  assert.match(list.out, /共 1 条/);
});

test('a bad field is refused with the field-level Chinese message and nothing is saved', () => {
  const bad = household.map((f) => (f.startsWith('householder_id_number=') ? 'householder_id_number=110105194912310021' : f));
  const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...bad], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
  assert.equal(add.code, 1);
  assert.match(add.err, /户主公民身份号码」校验码不正确/);
  const status = cli(['status', '--as', 'admin', '--json'], { EDGE_NODE_PASSWORD: ADMIN.password });
  const resources = (JSON.parse(status.out) as { resources: { resourceCode: string; records: number }[] }).resources;
  assert.equal(resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!.records, 1);
});

test('roles are enforced in the CLI too: an admin may not register records', () => {
  const add = cli(['records', 'add', '--as', 'admin', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...household], { EDGE_NODE_PASSWORD: ADMIN.password });
  assert.equal(add.code, 1);
  assert.match(add.err, /您的角色（系统管理员）无权使用此功能/);
});

test('a wrong password says so and counts towards the lockout', () => {
  const run = cli(['status', '--as', 'clerk'], { EDGE_NODE_PASSWORD: 'Wrong#2026pass' });
  assert.equal(run.code, 1);
  assert.match(run.err, /用户名或密码不正确（再错 4 次/);
});

test('without a key file the node opens only with the recovery passphrase', () => {
  rmSync(env.EDGE_NODE_KEY_FILE);
  const locked = cli(['status', '--as', 'admin'], { EDGE_NODE_PASSWORD: ADMIN.password });
  assert.equal(locked.code, 1);
  assert.match(locked.err, /找不到密钥文件.*恢复口令/);
  const wrong = cli(['--recovery', 'status', '--as', 'admin'], { EDGE_NODE_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: 'not-the-passphrase' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /恢复口令不正确/);
  // `user list`, not `status`: status's exit code tells the node's health (2/3 on this unconnected node).
  const recovered = cli(['--recovery', 'user', 'list', '--as', 'admin'], { EDGE_NODE_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE });
  assert.equal(recovered.code, 0, recovered.err);
  const again = cli(['user', 'list', '--as', 'admin'], { EDGE_NODE_PASSWORD: ADMIN.password });
  assert.equal(again.code, 0, again.err);
});

test('an account the admin created must change its password first: told how, then the auditor verifies the audit chain from the CLI', () => {
  const initial = initialPasswordFor(PASSWORDS.auditor);
  const created = cli(['user', 'add', '--as', 'admin', '--username', 'auditor', '--name', '赵审计', '--role', 'auditor', '--unit', '党政办'], {
    EDGE_NODE_PASSWORD: ADMIN.password,
    EDGE_NODE_NEW_PASSWORD: initial,
  });
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /本人首次登录须先修改初始密码：edge-node user passwd --as auditor/);
  const refused = cli(['audit', 'verify', '--as', 'auditor'], { EDGE_NODE_PASSWORD: initial });
  assert.equal(refused.code, 1);
  assert.match(refused.err, /请先修改初始密码/);
  assert.match(refused.err, /请先运行：edge-node user passwd --as auditor/);
  const same = cli(['user', 'passwd', '--as', 'auditor'], { EDGE_NODE_PASSWORD: initial, EDGE_NODE_NEW_PASSWORD: initial });
  assert.equal(same.code, 1);
  assert.match(same.err, /新密码不能与当前密码相同/);
  const changed = cli(['user', 'passwd', '--as', 'auditor'], { EDGE_NODE_PASSWORD: initial, EDGE_NODE_NEW_PASSWORD: PASSWORDS.auditor });
  assert.equal(changed.code, 0, changed.err);
  assert.match(changed.out, /已修改账户 auditor 的密码/);
  const verify = cli(['audit', 'verify', '--as', 'auditor'], { EDGE_NODE_PASSWORD: PASSWORDS.auditor });
  assert.equal(verify.code, 0, verify.err);
  assert.match(verify.out, /审计日志完整，共校验 \d+ 条/);
});
