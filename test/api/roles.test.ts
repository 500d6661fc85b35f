// Every channel of the contract, called by every role and by nobody: the core itself (not
// the UI) decides who may do what. Roles that may not use a channel get FORBIDDEN, the
// attempt is audited and nothing changes; callers without a session get UNAUTHENTICATED;
// allowed roles get their answer. A channel added to the contract without a row in INPUTS
// below fails this test, so no channel escapes the walk.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CHANNEL_NAMES, ROLES, channels, type ChannelName, type ErrorCode, type Role } from '../../common/contract';
import type { Db } from '../../main/store/database';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { countRows, openRawDatabase } from '../support/raw-database';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE, startSetUpNode } from '../support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { DEFAULT_THRESHOLDS } from '../../main/status/thresholds';

type Caller = Role | 'nobody';
type Node = Awaited<ReturnType<typeof startSetUpNode>>;

interface Case {
  /** A schema-valid input; may depend on the caller (e.g. their own password). */
  input(caller: Caller): unknown;
  /** Error codes an allowed caller may legitimately get with this input; anything else must be ok. */
  allowedFailures?: ErrorCode[];
}

const ids = { toCorrect: '', toWithdraw: '' };

const INPUTS: Record<ChannelName, Case> = {
  'setup.status': { input: () => ({}) },
  'setup.initialize': {
    input: () => ({ ...NODE_IDENTITY, admin: { ...ADMIN, username: 'second_admin' }, recoveryPassphrase: RECOVERY_PASSPHRASE }),
    allowedFailures: ['ALREADY_INITIALIZED'],
  },
  'setup.unlock': { input: () => ({ recoveryPassphrase: RECOVERY_PASSPHRASE }), allowedFailures: ['CONFLICT'] },
  'auth.login': { input: () => ({ username: 'nobody_at_all', password: 'Whatever#2026' }), allowedFailures: ['LOGIN_FAILED'] },
  'auth.logout': { input: () => ({}) },
  'auth.me': { input: () => ({}) },
  'auth.changePassword': {
    // Same password in and out: past the role check, refused as no change at all (BAD_INPUT),
    // so every account keeps working.
    input: (caller) => (caller === 'nobody' ? { currentPassword: 'x', newPassword: 'y' } : { currentPassword: PASSWORDS[caller], newPassword: PASSWORDS[caller] }),
    allowedFailures: ['BAD_INPUT'],
  },
  'users.list': { input: () => ({}) },
  'users.create': {
    input: (caller) => ({ username: `walker_${caller}`, displayName: '走查用户', role: 'official', unit: '镇政府', password: 'Walker#2026pass' }),
  },
  'users.unlock': { input: () => ({ username: 'spare' }) },
  'users.setDisabled': { input: () => ({ username: 'spare', disabled: false }) },
  'users.resetPassword': { input: () => ({ username: 'spare', password: 'Spare#2026pass' }) },
  'catalog.get': { input: () => ({}) },
  'records.create': {
    input: () => ({ resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(500) }) }),
  },
  'records.list': { input: () => ({}) },
  'records.findByKey': { input: () => ({ key: '11010519491231002X' }) },
  'records.get': { input: () => ({ id: ids.toCorrect }) },
  'records.correct': {
    input: () => ({ id: ids.toCorrect, baseVersion: 1, fields: povertyHouseholdFields({ household_size: '6' }), reason: '人口变化' }),
  },
  'records.withdraw': { input: () => ({ id: ids.toWithdraw, baseVersion: 1, reason: '重复登记' }) },
  'audit.list': { input: () => ({ pageSize: 20, withTotal: true }) },
  'audit.people': { input: () => ({}) },
  'audit.export': { input: () => ({ format: 'csv', outcome: 'failure' }) },
  'audit.verify': { input: () => ({}) },
  'status.get': { input: () => ({}) },
  'status.dashboard': { input: () => ({}) },
  'status.setThresholds': { input: () => DEFAULT_THRESHOLDS },
  'status.setProvidedResources': { input: () => ({ resourceCodes: null }) },
  'status.quarterlyReport': { input: () => ({ year: 2026, quarter: 1 }) },
  'status.quarterlyReportXlsx': { input: () => ({ year: 2026, quarter: 1 }) },
  'status.diagnostics': { input: () => ({}) },
  // Certificates and sync (issue 3). Nothing is configured in this walk, so these are the
  // honest answers: an unusable certificate file is CERTIFICATE, an unknown queue entry is
  // NOT_FOUND; everything else must succeed for the roles allowed to call it.
  'cert.status': { input: () => ({}) },
  'cert.createCsr': { input: () => ({ keyBits: 2048, province: '海南省', county: '琼中黎族苗族自治县' }) },
  'cert.import': { input: () => ({ kind: 'pem', certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }), allowedFailures: ['CERTIFICATE'] },
  'cert.setRoot': { input: () => ({ rootPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }), allowedFailures: ['CERTIFICATE'] },
  'sync.getSettings': { input: () => ({}) },
  'sync.setSettings': { input: () => ({ exchangeUrl: '', bandwidthKiBps: 0, batchMaxItems: 100, batchMaxBytes: 1024 * 1024, intervalSeconds: 60 }) },
  'sync.status': { input: () => ({}) },
  'sync.now': { input: () => ({}) },
  'sync.pause': { input: () => ({}) },
  'sync.resume': { input: () => ({}) },
  'sync.rejected': { input: () => ({ page: 1, pageSize: 20 }) },
  'sync.requeue': { input: () => ({ seq: 1 }), allowedFailures: ['NOT_FOUND'] },
  // Backup and restore (issue 4). The walk's backup folder cannot be created (it lies under a
  // file), so backup.create is refused before a background job could write anything; files
  // that do not exist are NOT_FOUND; the first-run channels refuse a node that is set up.
  'backup.status': { input: () => ({}) },
  'backup.getSettings': { input: () => ({}) },
  'backup.setSettings': { input: () => walkBackupSettings() },
  'backup.list': { input: () => ({}) },
  'backup.create': { input: () => ({}), allowedFailures: ['CONFLICT'] },
  'backup.job': { input: () => ({ jobId: '0'.repeat(32) }), allowedFailures: ['NOT_FOUND'] },
  'backup.inspect': { input: () => ({ source: { kind: 'folder', fileName: 'none.enbak' }, recoveryPassphrase: RECOVERY_PASSPHRASE }), allowedFailures: ['NOT_FOUND'] },
  'backup.verify': { input: () => ({ source: { kind: 'folder', fileName: 'none.enbak' } }), allowedFailures: ['NOT_FOUND'] },
  'backup.restore': { input: () => ({ source: { kind: 'folder', fileName: 'none.enbak' }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true }), allowedFailures: ['NOT_FOUND'] },
  'backup.upload': { input: () => ({ fileName: 'none.enbak' }), allowedFailures: ['NOT_FOUND'] },
  'setup.uploadBackupChunk': { input: () => ({ offset: 0, dataBase64: 'AAAA' }), allowedFailures: ['ALREADY_INITIALIZED'] },
  'setup.inspectBackup': { input: () => ({ source: { kind: 'upload', uploadId: '0'.repeat(32) }, recoveryPassphrase: RECOVERY_PASSPHRASE }), allowedFailures: ['ALREADY_INITIALIZED'] },
  'setup.restoreBackup': { input: () => ({ source: { kind: 'upload', uploadId: '0'.repeat(32) }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true }), allowedFailures: ['ALREADY_INITIALIZED'] },
  'setup.restoreJob': { input: () => ({ jobId: '0'.repeat(32) }), allowedFailures: ['NOT_FOUND'] },
  // Intake (issue 5). intake.start names a resource the catalog lacks, so it is refused
  // before a background import could write records or audit entries during the walk.
  'intake.preview': { input: () => ({ fileName: '贫困户.csv', fileBase64: Buffer.from('户主姓名,户主公民身份号码\n王小明,11010519491231002X\n').toString('base64') }) },
  'intake.start': { input: () => ({ fileName: '贫困户.csv', fileBase64: Buffer.from('户主姓名\n王小明\n').toString('base64'), resourceCode: '999999-99999' }), allowedFailures: ['NOT_FOUND'] },
  'intake.job': { input: () => ({ jobId: 'no-such-job' }), allowedFailures: ['NOT_FOUND'] },
  'intake.watchFolders': { input: () => ({}) },
  'intake.setWatchFolders': { input: () => ({ folders: [] }) },
  'intake.watchStatus': { input: () => ({}) },
};

/** Backup settings for the walk: no schedule, and a folder that cannot exist (under the database file). */
let walkBackupFolder = '';
function walkBackupSettings() {
  return {
    folder: walkBackupFolder,
    schedule: { enabled: false, time: '02:00' },
    retention: { daily: 7, weekly: 4, monthly: 12 },
    verifyAfterBackup: true,
    drUpload: false,
    drCertificatePem: null,
  };
}

/** Everything a call could change, read straight from the database. */
function fingerprint(db: Db) {
  return {
    users: db.prepare('SELECT username, role, disabled, failed_logins, locked_until, password_hash FROM users ORDER BY id').all(),
    records: db.prepare('SELECT id, version, status FROM records ORDER BY id').all(),
    versions: countRows(db, 'record_versions'),
    outbox: countRows(db, 'outbox'),
    meta: db.prepare(`SELECT key, value FROM meta WHERE key <> 'audit_head' ORDER BY key`).all(),
  };
}

describe('role checks on every channel', () => {
  let t: Node;
  let raw: Db;

  before(async () => {
    t = await startSetUpNode();
    raw = await openRawDatabase(t.dataDir, t.keyFile);
    walkBackupFolder = join(t.dataDir, 'edge-node.db', 'backups');
    const backupSettings = await t.call(t.tokens.admin, 'backup.setSettings', walkBackupSettings());
    assert.ok(backupSettings.ok, JSON.stringify(backupSettings));
    const spare = await t.call(t.tokens.admin, 'users.create', { username: 'spare', displayName: '备用', role: 'clerk', unit: '扶贫办', password: 'Spare#2026pass' });
    assert.ok(spare.ok, 'expected spare.ok');
    for (const key of ['toCorrect', 'toWithdraw'] as const) {
      const created = await t.call(t.tokens.clerk, 'records.create', {
        resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
        fields: povertyHouseholdFields({ householder_id_number: key === 'toCorrect' ? '11010519491231002X' : makeIdNumber(400) }),
      });
      assert.ok(created.ok, JSON.stringify(created));
      ids[key] = created.value.id;
    }
  });
  after(() => {
    raw.close();
    t.cleanup();
  });

  test('every channel of the contract has an input in this test', () => {
    assert.deepEqual(Object.keys(INPUTS).sort(), [...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) {
      const parsed = channels[name].input.safeParse(INPUTS[name].input('admin'));
      assert.ok(parsed.success, `the test's input for ${name} is not schema-valid: ${parsed.success ? '' : parsed.error.message}`);
    }
  });

  for (const name of CHANNEL_NAMES) {
    test(`${name}: each role and nobody get the answer their access allows`, async () => {
      const access = channels[name].access;
      const allowed = (role: Role) => access === 'public' || access === 'session' || access.includes(role);
      const callers: Caller[] = ['nobody', ...ROLES];
      for (const caller of callers) {
        // auth.logout ends the caller's session: use a session of its own.
        const token = caller === 'nobody' ? null : name === 'auth.logout' ? await t.login(caller, PASSWORDS[caller]) : t.tokens[caller];
        const before = fingerprint(raw);
        const auditBefore = countRows(raw, 'audit_log');
        const answer = await t.node.dispatch(token, name, INPUTS[name].input(caller));
        const result = answer.result;
        const who = `${name} as ${caller}`;

        if (caller === 'nobody' && access !== 'public') {
          assert.equal(result.ok, false, `${who} succeeded without a session`);
          if (!result.ok) assert.equal(result.error.code, 'UNAUTHENTICATED', `${who}: ${JSON.stringify(result.error)}`);
          assert.deepEqual(fingerprint(raw), before, `${who} changed data without a session`);
          assert.equal(countRows(raw, 'audit_log'), auditBefore);
        } else if (caller !== 'nobody' && !allowed(caller)) {
          assert.equal(result.ok, false, `${who} was allowed`);
          if (!result.ok) {
            assert.equal(result.error.code, 'FORBIDDEN', `${who}: ${JSON.stringify(result.error)}`);
            assert.match(result.error.message, /无权使用此功能/);
          }
          assert.deepEqual(fingerprint(raw), before, `${who} was refused but changed data`);
          const audit = raw.prepare('SELECT seq, actor, role, action, target, outcome FROM audit_log WHERE seq > (SELECT max(seq) FROM audit_log) - 1').get();
          assert.equal(countRows(raw, 'audit_log'), auditBefore + 1, `${who}: the refused call was not audited exactly once`);
          assert.deepEqual(audit, { seq: auditBefore + 1, actor: caller, role: caller, action: 'api.forbidden', target: name, outcome: 'failure' });
        } else {
          if (!result.ok) {
            assert.notEqual(result.error.code, 'FORBIDDEN', who);
            assert.notEqual(result.error.code, 'UNAUTHENTICATED', who);
            assert.ok(INPUTS[name].allowedFailures?.includes(result.error.code), `${who} failed: ${JSON.stringify(result.error)}`);
          }
        }
      }
    });
  }

  test('roles and sessions still work after the walk (changePassword kept each password)', async () => {
    for (const role of ROLES) {
      const me = await t.call(await t.login(role, PASSWORDS[role]), 'auth.me', {});
      assert.ok(me.ok && me.value.role === role, 'expected me.ok && me.value.role === role');
    }
  });

  test('what the walk did as the allowed role really happened', async () => {
    const get = await t.call(t.tokens.clerk, 'records.get', { id: ids.toCorrect });
    assert.ok(get.ok, 'expected get.ok');
    assert.equal(get.value.current.version, 2);
    const withdrawn = await t.call(t.tokens.clerk, 'records.get', { id: ids.toWithdraw });
    assert.ok(withdrawn.ok, 'expected withdrawn.ok');
    assert.equal(withdrawn.value.current.status, 'withdrawn');
    const users = await t.call(t.tokens.admin, 'users.list', {});
    assert.ok(users.ok, 'expected users.ok');
    // users.create was called by every role; only the admin's call created an account.
    assert.deepEqual(users.value.filter((u) => u.username.startsWith('walker_')).map((u) => u.username), ['walker_admin']);
  });

  test('an unknown channel is refused as UNKNOWN_CHANNEL, whoever asks', async () => {
    for (const channel of ['records.delete', 'audit.erase', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null, undefined, { name: 'auth.me' }]) {
      for (const token of [null, t.tokens.admin]) {
        const { result } = await t.node.dispatch(token, channel, {});
        assert.equal(result.ok, false, `channel ${String(channel)} was accepted`);
        if (!result.ok) {
          assert.equal(result.error.code, 'UNKNOWN_CHANNEL');
          assert.match(result.error.message, /未知的接口/);
        }
      }
    }
  });

  test('invalid input (extra keys, wrong types, bad values, not an object) is BAD_INPUT with a Chinese message, and nothing changes', async () => {
    // [channel, role, input, the item the error names, or the unknown key the message names]
    const cases: [ChannelName, Role, unknown, string][] = [
      ['auth.me', 'clerk', { extra: 1 }, 'extra'],
      ['records.list', 'clerk', { page: 'one' }, 'page'],
      ['records.list', 'clerk', { page: 0 }, 'page'],
      ['records.list', 'clerk', { pageSize: 100000 }, 'pageSize'],
      ['records.create', 'clerk', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: { householder_name: 42 } }, 'fields.householder_name'],
      ['records.create', 'clerk', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(600) }), owner: 'someone' }, 'owner'],
      ['records.get', 'clerk', { id: 'not-a-record-id' }, 'id'],
      ['records.get', 'clerk', { id: "x' OR 1=1 --" }, 'id'],
      ['users.create', 'admin', { username: 'badrole', displayName: '坏角色', role: 'root', unit: '镇', password: 'Walker#2026pass' }, 'role'],
      ['users.create', 'admin', { username: 'a', displayName: '短名', role: 'clerk', unit: '镇', password: 'Walker#2026pass' }, 'username'],
      ['users.setDisabled', 'admin', { username: 'spare', disabled: 'yes' }, 'disabled'],
      ['records.create', 'clerk', 'a string', ''],
      ['records.create', 'clerk', [1, 2], ''],
    ];
    for (const [channel, role, input, item] of cases) {
      const before = fingerprint(raw);
      const { result } = await t.node.dispatch(t.tokens[role], channel, input);
      const what = `${channel} ${JSON.stringify(input)}`;
      assert.equal(result.ok, false, `${what} was accepted`);
      if (result.ok) continue;
      assert.equal(result.error.code, 'BAD_INPUT', `${what}: ${JSON.stringify(result.error)}`);
      assert.match(result.error.message, /^输入有误/);
      assert.match(result.error.message, /[\u4e00-\u9fff]/);
      assert.ok(result.error.fieldErrors && result.error.fieldErrors.length > 0, 'expected result.error.fieldErrors && result.error.fieldErrors.length > 0');
      if (item) {
        const named = result.error.fieldErrors.some((e) => e.item === item || (e.item === '' && e.message.includes(`"${item}"`)));
        assert.ok(named, `${what}: no error names ${item}: ${JSON.stringify(result.error.fieldErrors)}`);
      }
      for (const e of result.error.fieldErrors) assert.match(e.message, /[\u4e00-\u9fff]/, `${what}: message not in Chinese: ${e.message}`);
      assert.deepEqual(fingerprint(raw), before, `${what} changed data`);
    }
  });

  test('a role that may not use a channel is refused before its input is even looked at', async () => {
    const { result } = await t.node.dispatch(t.tokens.official, 'records.create', { nonsense: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'FORBIDDEN');
  });

  test('a forged or ended session token is UNAUTHENTICATED, and the transport is told to drop it', async () => {
    const token = await t.login('clerk', PASSWORDS.clerk);
    for (const forged of ['forged-token', `${token}x`, token.slice(1)]) {
      const answer = await t.node.dispatch(forged, 'records.list', {});
      assert.equal(answer.result.ok, false);
      if (!answer.result.ok) assert.equal(answer.result.error.code, 'UNAUTHENTICATED');
      assert.equal(answer.sessionToken, null);
    }
    const out = await t.node.dispatch(token, 'auth.logout', {});
    assert.ok(out.result.ok, 'expected out.result.ok');
    assert.equal(out.sessionToken, null);
    const after = await t.node.dispatch(token, 'records.list', {});
    assert.equal(after.result.ok, false);
    if (!after.result.ok) assert.equal(after.result.error.code, 'UNAUTHENTICATED');
  });
});
