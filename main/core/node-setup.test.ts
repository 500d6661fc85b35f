// First-run setup (首次设置): every problem in the form is reported at once and nothing is
// written until the input is right; a node is set up exactly once; what was set up survives
// a restart.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dataPaths } from '../../platform/data-paths';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE, startTestNode, type TestNode } from '../../test/support/test-node';
import { povertyHouseholdFields } from '../../test/support/sample-records';
import { addReadyAccount } from '../../test/support/accounts';

const GOOD = { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE };
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('first-run setup', () => {
  let t: TestNode;
  let nodeId: string;

  before(async () => {
    t = await startTestNode();
  });
  after(() => t.cleanup());

  const files = () => readdirSync(t.dataDir).sort();

  test('before setup: setup.status says so, and nothing else works yet', async () => {
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok, JSON.stringify(status));
    assert.deepEqual(status.value, { initialized: false, locked: false, lockedReason: null, unitName: null });
    const login = await t.call(null, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    assert.equal(login.ok ? 'ok' : login.error.code, 'NOT_INITIALIZED');
    if (!login.ok) assert.match(login.error.message, /尚未完成首次设置/);
  });

  test('bad credit code, division code, admin password and passphrase: BAD_INPUT listing all four, and no file written', async () => {
    const result = await t.call(null, 'setup.initialize', {
      ...GOOD,
      creditCode: '11469030MB1234567B',
      divisionCode: '999999',
      admin: { ...ADMIN, password: 'Ab#1xyz' }, // too short (the username itself gets its own message)
      recoveryPassphrase: 'short',
    });
    assert.ok(!result.ok, 'a bad setup was accepted');
    assert.equal(result.error.code, 'BAD_INPUT');
    assert.match(result.error.message, /首次设置有 4 项需要修改/);
    assert.deepEqual(result.error.fieldErrors?.map((e) => e.item), ['creditCode', 'divisionCode', 'admin.password', 'recoveryPassphrase']);
    for (const e of result.error.fieldErrors ?? []) assert.match(e.message, /[\u4e00-\u9fff]/, `not in Chinese: ${e.message}`);
    assert.match(result.error.fieldErrors![1]!.message, /「99」不是有效的省级行政区划代码/);
    assert.match(result.error.fieldErrors![2]!.message, /密码至少需要 8 位/);
    assert.match(result.error.fieldErrors![3]!.message, /恢复口令至少需要 12 位/);

    assert.deepEqual(files(), ['edge-node.lock'], 'a refused setup left files in the data folder');
    assert.equal(existsSync(t.keyFile), false, 'a refused setup created the key file');
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok && status.value.initialized === false, JSON.stringify(status));
  });

  test('one bad field gives exactly one error; a malformed form is BAD_INPUT from the contract', async () => {
    const one = await t.call(null, 'setup.initialize', { ...GOOD, divisionCode: '46903' });
    assert.ok(!one.ok, 'a bad division code was accepted');
    assert.deepEqual(one.error.fieldErrors?.map((e) => e.item), ['divisionCode']);
    const malformed = await t.node.dispatch(null, 'setup.initialize', { ...GOOD, admin: { ...ADMIN, username: 'a b' } });
    assert.equal(malformed.result.ok ? 'ok' : malformed.result.error.code, 'BAD_INPUT');
    assert.deepEqual(files(), ['edge-node.lock']);
  });

  test('the recovery passphrase is judged by strength: four Chinese words pass, the unit name does not', async () => {
    // A bad division code keeps the node unset; only the passphrase verdict is looked at.
    const chinese = await t.call(null, 'setup.initialize', { ...GOOD, divisionCode: '46903', recoveryPassphrase: '红树林 椰子树 五指山 万泉河' });
    assert.ok(!chinese.ok);
    assert.deepEqual(chinese.error.fieldErrors?.map((e) => e.item), ['divisionCode']);
    const unitName = await t.call(null, 'setup.initialize', { ...GOOD, recoveryPassphrase: NODE_IDENTITY.unitName });
    assert.ok(!unitName.ok, 'the unit name was accepted as the recovery passphrase');
    assert.deepEqual(unitName.error.fieldErrors, [{ item: 'recoveryPassphrase', message: '恢复口令不能与用户名、姓名或单位名称相同' }]);
    const threeWords = await t.call(null, 'setup.initialize', { ...GOOD, recoveryPassphrase: '红树林 椰子树 五指山' });
    assert.ok(!threeWords.ok);
    assert.equal(threeWords.error.fieldErrors?.[0]?.message, '恢复口令强度不够：再加一个词');
    assert.deepEqual(files(), ['edge-node.lock']);
  });

  test('leftovers of a setup cut off by a power cut are cleared, and a correct setup then works', async () => {
    t.node.close();
    const { databaseDuringSetup } = dataPaths(t.dataDir);
    writeFileSync(databaseDuringSetup, 'half-written database from before the power cut');
    writeFileSync(`${databaseDuringSetup}-wal`, 'half-written wal');
    await t.reopen();
    assert.equal(existsSync(databaseDuringSetup), false, 'the half-written setup database was not cleared');
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok && !status.value.initialized, 'leftovers made the node look set up');

    const result = await t.call(null, 'setup.initialize', { ...GOOD, creditCode: ' 11469030mb1234567a ', divisionCode: '４６９０３０' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.value.nodeId, UUID7);
    assert.equal(result.value.hostKeyProtection, true);
    nodeId = result.value.nodeId;
    assert.deepEqual(files().filter((f) => !/-(wal|shm)$/.test(f)), ['edge-node.db', 'edge-node.lock', 'keys.json']);
    assert.ok(existsSync(t.keyFile), 'no key file after setup');

    const after = await t.call(null, 'setup.status', {});
    assert.ok(after.ok, JSON.stringify(after));
    assert.deepEqual(after.value, { initialized: true, locked: false, lockedReason: null, unitName: NODE_IDENTITY.unitName });
    // The identity is stored normalised.
    const admin = await t.login(ADMIN.username, ADMIN.password);
    const status2 = await t.call(admin, 'status.get', {});
    assert.ok(status2.ok, JSON.stringify(status2));
    assert.deepEqual([status2.value.nodeId, status2.value.creditCode, status2.value.divisionCode], [nodeId, '11469030MB1234567A', '469030']);
  });

  test('a second setup is refused with ALREADY_INITIALIZED and changes nothing', async () => {
    const again = await t.call(null, 'setup.initialize', { ...GOOD, unitName: '另一个单位', admin: { ...ADMIN, username: 'intruder' } });
    assert.ok(!again.ok, 'a second setup was accepted');
    assert.equal(again.error.code, 'ALREADY_INITIALIZED');
    const login = await t.call(null, 'auth.login', { username: 'intruder', password: ADMIN.password });
    assert.equal(login.ok ? 'ok' : login.error.code, 'LOGIN_FAILED');
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok && status.value.unitName === NODE_IDENTITY.unitName, JSON.stringify(status));
  });

  test('after a restart the node keeps its identity, accounts and records', async () => {
    const admin = await t.login(ADMIN.username, ADMIN.password);
    const { token: clerk } = await addReadyAccount(t.node, admin, { username: 'clerk', displayName: '录入员', role: 'clerk', unit: '扶贫办', password: 'Clerk#2026pass' });
    const record = await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() });
    assert.ok(record.ok, JSON.stringify(record));

    await t.reopen();
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok, JSON.stringify(status));
    assert.deepEqual(status.value, { initialized: true, locked: false, lockedReason: null, unitName: NODE_IDENTITY.unitName });
    const clerkAgain = await t.login('clerk', 'Clerk#2026pass');
    const got = await t.call(clerkAgain, 'records.get', { id: record.value.id });
    assert.ok(got.ok, JSON.stringify(got));
    assert.deepEqual(got.value.current, record.value);
    const nodeStatus = await t.call(clerkAgain, 'status.get', {});
    assert.ok(nodeStatus.ok && nodeStatus.value.nodeId === nodeId, 'the node id changed across a restart');
  });
});

describe('first-run setup submitted twice at once (a double click)', () => {
  let t: TestNode;
  before(async () => {
    t = await startTestNode();
  });
  after(() => t.cleanup());

  test('exactly one setup wins, the other is refused, and the node opens afterwards', async () => {
    const originalError = console.error;
    console.error = () => undefined; // the core logs unexpected failures; keep the output readable
    let answers;
    try {
      answers = await Promise.all([
        t.call(null, 'setup.initialize', GOOD),
        t.call(null, 'setup.initialize', { ...GOOD, admin: { ...ADMIN, username: 'admin_b' } }),
      ]);
    } finally {
      console.error = originalError;
    }
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code)).sort();
    assert.equal(codes.filter((c) => c === 'ok').length, 1, `expected one setup to succeed, got ${JSON.stringify(answers)}`);
    assert.ok(codes.every((c) => c === 'ok' || c === 'ALREADY_INITIALIZED' || c === 'CONFLICT'), `the losing setup should be refused plainly: ${codes.join(', ')}`);
    await t.reopen();
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok && status.value.initialized && !status.value.locked, `the node does not open after a double setup: ${JSON.stringify(status)}`);
  });
});
