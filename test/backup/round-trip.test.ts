// The disaster the issue is about, end to end with a real exchange over mutual TLS: register,
// sync part, back up, register more and sync more, lose the machine (data folder and key file
// gone), install afresh, restore from the backup with the recovery passphrase. Every record of
// the backup is back, the node is itself again (users, certificate, settings), it settles a new
// epoch with the exchange before it sends anything, and the exchange ends up with each record
// version exactly once — including those delivered after the backup and those only the backup
// still had queued. The audit chain still verifies.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { RECOVERY_PASSPHRASE } from '../support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { backupSettings, openNodeAt, usbFolder, waitForJob, type PlainNode } from './support';

const A = 30; // registered and delivered before the backup
const B = 20; // registered before the backup, still queued in it
const C = 20; // registered and delivered after the backup
const D = 5; // registered after the backup, never delivered: lost with the machine
const E = 10; // registered on the restored node

describe('backup round trip through a lost machine', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let restored: PlainNode | undefined;
  let nodeId: string;
  let usb: string;
  let backupFile: string;
  let newRoot: string;
  const ids: Record<'A' | 'B' | 'C' | 'D' | 'E', string[]> = { A: [], B: [], C: [], D: [], E: [] };
  let seq = 0;

  const register = async (call: (fields: Record<string, string>) => Promise<{ id: string }>, n: number, into: string[]) => {
    for (let i = 0; i < n; i++) into.push((await call(povertyHouseholdFields({ householder_id_number: makeIdNumber(seq++), householder_name: `户主${seq}` }))).id);
  };
  const onOld = (fields: Record<string, string>) => t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields });

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode();
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url);
    usb = usbFolder();
    await t.ok('admin', 'backup.setSettings', backupSettings(usb));
  });
  after(async () => {
    restored?.close();
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
    if (usb) rmSync(usb, { recursive: true, force: true });
    if (newRoot) rmSync(newRoot, { recursive: true, force: true });
  });

  test('register and deliver A; queue B; back up', async () => {
    await register(onOld, A, ids.A);
    const synced = await syncNow(t);
    assert.equal(synced.queueDepth, 0);
    await t.ok('operator', 'sync.pause', {});
    await register(onOld, B, ids.B);

    const { jobId } = await t.ok('admin', 'backup.create', {});
    const job = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.result?.records, A + B);
    backupFile = join(usb, job.fileName!);
    assert.ok(existsSync(backupFile));
    assert.deepEqual(readdirSync(usb).filter((n) => n.endsWith('.partial')), [], 'no half-written file is left');

    const list = await t.ok('admin', 'backup.list', {});
    assert.equal(list.files.length, 1);
    assert.equal(list.files[0]!.thisNode, true);
    assert.equal(list.files[0]!.counts.outboxPending, B);
    const status = await t.ok('admin', 'backup.status', {});
    assert.equal(status.lastBackup?.ok, true);
  });

  test('after the backup: C registered and everything delivered, one record of A corrected; D registered but never delivered', async () => {
    await register(onOld, C, ids.C);
    const current = await t.ok('clerk', 'records.get', { id: ids.A[0]! });
    await t.ok('clerk', 'records.correct', { id: ids.A[0]!, baseVersion: current.current.version, fields: povertyHouseholdFields({ householder_id_number: current.current.fields.householder_id_number!, household_size: '7' }), reason: '人口变化' });
    await t.ok('operator', 'sync.resume', {});
    const synced = await syncNow(t);
    assert.equal(synced.queueDepth, 0);
    assert.equal(exchange.appliedCount(nodeId), A + B + C + 1);
    await t.ok('operator', 'sync.pause', {});
    await register(onOld, D, ids.D);
  });

  test('the machine is lost; on a fresh installation the first-run screen shows what the backup holds', async () => {
    t.node.close();
    rmSync(t.dataDir, { recursive: true, force: true });
    rmSync(t.keyFile, { force: true });

    newRoot = mkdtempSync(join(tmpdir(), 'edge-node-new-machine-'));
    restored = await openNodeAt(join(newRoot, 'data'), join(newRoot, 'config', 'node.keyfile'), { sync: FAST_SYNC });
    const state = await restored.call(null, 'setup.status', {});
    assert.ok(state.ok && !state.value.initialized);

    const wrong = await restored.call(null, 'setup.inspectBackup', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: 'not the passphrase' });
    assert.ok(!wrong.ok && wrong.error.code === 'BAD_INPUT' && /恢复口令不正确/.test(wrong.error.message), JSON.stringify(wrong));

    const info = await restored.call(null, 'setup.inspectBackup', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(info.ok, JSON.stringify(info));
    assert.equal(info.value.nodeId, nodeId);
    assert.equal(info.value.counts.records, A + B);
    assert.equal(info.value.authenticated, true);
    assert.equal(info.value.thisNode, null);
    assert.equal(info.value.problem, null);
  });

  test('restore with the recovery passphrase: every record of the backup, the users, the audit chain', async () => {
    const started = await restored!.call(null, 'setup.restoreBackup', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
    assert.ok(started.ok, JSON.stringify(started));
    const job = await waitForJob(() => restored!.call(null, 'setup.restoreJob', { jobId: started.value.jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.result?.nodeId, nodeId);

    const state = await restored!.call(null, 'setup.status', {});
    assert.ok(state.ok && state.value.initialized && !state.value.locked);
    // The users come back with their passwords.
    const listed = await restored!.ok('clerk', 'records.list', { pageSize: 200 });
    assert.equal(listed.total, A + B);
    for (const id of [...ids.A, ...ids.B]) assert.ok((await restored!.ok('clerk', 'records.get', { id })).current.id === id);
    for (const id of [...ids.C, ...ids.D]) {
      const gone = await restored!.call(restored!.tokens.clerk!, 'records.get', { id });
      assert.ok(!gone.ok && gone.error.code === 'NOT_FOUND', 'records registered after the backup are not in it');
    }
    const audit = await restored!.ok('auditor', 'audit.verify', {});
    assert.ok(audit.ok, audit.message);
    assert.equal((await restored!.ok('admin', 'backup.status', {})).reconcilePending, true);
    // The node keeps its identity and its certificate.
    const cert = await restored!.ok('admin', 'cert.status', {});
    assert.ok(cert.certificate && cert.keyPresent);
  });

  test('the restored node settles a new epoch before sending; the exchange holds each record version exactly once', async () => {
    await register((fields) => restored!.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields }), E, ids.E);
    await restored!.ok('operator', 'sync.resume', {});
    await restored!.ok('operator', 'sync.now', {});
    const done = await waitFor(() => restored!.ok('operator', 'sync.status', {}), (s) => !s.running && s.queueDepth === 0, 120_000, 'the restored queue to drain');
    assert.equal(done.rejected, 0, 'nothing was refused (no reused key)');
    assert.ok(done.epoch >= 2, `a new epoch: ${done.epoch}`);
    assert.equal((await restored!.ok('admin', 'backup.status', {})).reconcilePending, false);

    const applied = exchange.appliedVersions(nodeId);
    assert.deepEqual(applied.filter((v) => v.count !== 1), [], 'no record version arrived twice');
    const held = new Set(applied.map((v) => `${v.recordId}:${v.version}`));
    for (const id of [...ids.A, ...ids.B, ...ids.C, ...ids.E]) assert.ok(held.has(`${id}:1`), `the exchange holds ${id}`);
    assert.ok(held.has(`${ids.A[0]}:2`), 'the correction made after the backup is at the exchange');
    for (const id of ids.D) assert.ok(!held.has(`${id}:1`));
    assert.equal(applied.length, A + B + C + 1 + E);

    const audit = await restored!.ok('auditor', 'audit.verify', {});
    assert.ok(audit.ok, audit.message);
  });
});
