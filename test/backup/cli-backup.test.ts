// County IT over a remote shell: `edge-node backup …` end to end, real processes, secrets
// through the environment. Back up, list, verify (with and without the passphrase), and on a
// new machine (empty data folder, no key file) inspect and restore without any login; then
// the restored node answers its old users. A restore over a running node of another node's
// backup is refused without --migrate, and changes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { readyUserSteps } from '../support/cli-run';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-backup-'));
const usb = join(root, 'usb');
const machine = (name: string) => ({ EDGE_NODE_DATA_DIR: join(root, name, 'data'), EDGE_NODE_KEY_FILE: join(root, name, 'node.keyfile') });

function cli(where: string, args: string[], extra: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/edge-node.mjs', ...args], { env: { ...process.env, ...machine(where), ...extra }, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}
const asAdmin = { EDGE_NODE_PASSWORD: ADMIN.password };
const withPassphrase = { EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE };

function init(where: string, unitName = NODE_IDENTITY.unitName) {
  const run = cli(where, ['init', '--unit-name', unitName, '--credit-code', NODE_IDENTITY.creditCode, '--division-code', NODE_IDENTITY.divisionCode, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName], {
    EDGE_NODE_ADMIN_PASSWORD: ADMIN.password,
    ...withPassphrase,
  });
  assert.equal(run.code, 0, run.err);
}

describe('CLI: edge-node backup …', () => {
  let fileName = '';

  before(() => {
    init('old');
    for (const step of readyUserSteps({ username: 'clerk', name: '李录入', role: 'clerk', unit: '扶贫办', password: PASSWORDS.clerk })) {
      const run = cli('old', step.args, step.env);
      assert.equal(run.code, 0, run.err);
    }
    const record = cli('old', [
      'records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD,
      ...['householder_name=测试甲', 'householder_id_number=11010519491231002X', 'village_code=469030100201', 'household_size=4', 'income_per_capita=3500.5', 'household_category=1', 'main_cause=01', 'identified_on=2016-05-01', 'poverty_status=1'].flatMap((f) => ['--field', f]),
    ], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
    assert.equal(record.code, 0, record.err);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('settings, then create, list and verify', () => {
    const settings = cli('old', ['backup', 'settings', '--as', 'admin', '--folder', usb, '--schedule', 'off'], asAdmin);
    assert.equal(settings.code, 0, settings.err);
    assert.match(settings.out, /定时备份\s+关闭/);

    const created = cli('old', ['backup', 'create', '--as', 'admin', '--json'], asAdmin);
    assert.equal(created.code, 0, created.err);
    const job = JSON.parse(created.out) as { state: string; fileName: string; result: { records: number } };
    assert.equal(job.state, 'done');
    assert.equal(job.result.records, 1);
    fileName = job.fileName;
    assert.deepEqual(readdirSync(usb), [fileName]);

    const list = cli('old', ['backup', 'list', '--as', 'admin'], asAdmin);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(fileName.replace(/\./g, '\\.')));
    assert.match(list.out, /本节点/);

    const verify = cli('old', ['backup', 'verify', fileName, '--as', 'admin'], asAdmin);
    assert.equal(verify.code, 0, verify.err);
    assert.match(verify.out, /数据库完整性检查（integrity_check）通过/);
    assert.match(verify.out, /备份可用于恢复/);

    const wrong = cli('old', ['backup', 'verify', fileName, '--as', 'admin', '--with-passphrase'], { ...asAdmin, EDGE_NODE_RECOVERY_PASSPHRASE: 'wrong passphrase' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /恢复口令不正确/);
  });

  test('on a new machine: inspect and restore need no login, only the recovery passphrase', () => {
    const path = join(usb, fileName);
    const inspect = cli('new', ['backup', 'inspect', path], withPassphrase);
    assert.equal(inspect.code, 0, inspect.err);
    assert.match(inspect.out, /琼中县湾岭镇人民政府/);
    assert.match(inspect.out, /1 条/);

    const refused = cli('new', ['backup', 'restore', path], withPassphrase);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /未确认，没有做任何改动/);

    const restore = cli('new', ['backup', 'restore', path, '--yes'], withPassphrase);
    assert.equal(restore.code, 0, restore.err);
    assert.match(restore.out, /恢复完成/);

    const find = cli('new', ['records', 'find', '--as', 'clerk', '11010519491231002X', '--json'], { EDGE_NODE_PASSWORD: PASSWORDS.clerk });
    assert.equal(find.code, 0, find.err);
    assert.equal((JSON.parse(find.out) as unknown[]).length, 1);
  });

  test("another node's backup is refused over a running node without --migrate, and nothing changes", () => {
    init('other', '琼中县红毛镇人民政府');
    const path = join(usb, fileName);
    const refused = cli('other', ['backup', 'restore', path, '--as', 'admin', '--yes'], { ...asAdmin, ...withPassphrase });
    assert.equal(refused.code, 1);
    assert.match(refused.err, /该备份属于另一节点/);
    const status = cli('other', ['status', '--as', 'admin', '--json'], asAdmin);
    assert.equal((JSON.parse(status.out) as { node: { unitName: string } }).node.unitName, '琼中县红毛镇人民政府');

    const migrated = cli('other', ['backup', 'restore', path, '--as', 'admin', '--yes', '--migrate'], { ...asAdmin, ...withPassphrase });
    assert.equal(migrated.code, 0, migrated.err);
    assert.match(migrated.out, /原数据库已保留在 .*replaced-/);
    const after = cli('other', ['status', '--as', 'admin', '--json'], asAdmin);
    assert.equal((JSON.parse(after.out) as { node: { unitName: string } }).node.unitName, NODE_IDENTITY.unitName);
  });
});
