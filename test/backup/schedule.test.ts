// The daily backup without stopping registration: clerks keep registering while the snapshot
// is taken (it runs in a worker thread on its own connection), the backup is a consistent
// snapshot of some moment in between, and the scheduled run applies retention (this node's
// files only) and the verify drill, and arms the next day.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetUpNode } from '../support/test-node';
import { bulkRegister } from '../support/bulk-register';
import { databaseKeyOf } from '../support/raw-database';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { BackupFile, writeBackupFile, type BackupContent } from '../../formats/backup';
import { passphraseSlotOf, readKeySlots } from '../../main/store/key-slots';
import { sealWithPassphrase } from '../../platform/passphrase-slot';
import { dataPaths } from '../../platform/data-paths';
import { backupFileName } from '../../main/backup/files';
import { selectForDeletion } from '../../main/backup/retention';
import { backupSettings, openNodeAt, usbFolder, waitForJob, type PlainNode } from './support';

const RECORDS = Number(process.env.EDGE_NODE_BACKUP_CONCURRENT_RECORDS ?? 40_000);

describe('backups while the office works, and the daily schedule', () => {
  let root: string;
  let usb: string;
  let dataDir: string;
  let keyFile: string;
  let node: PlainNode | undefined;
  // The clock the scheduled node sees: held at 01:59:56 local time while the test sets up (on a
  // busy machine that takes longer than four seconds), then running with the real one.
  const fakeStart = new Date(2026, 10, 26, 1, 59, 56);
  let realStart: number | null = null;
  const clock = () => new Date(fakeStart.getTime() + (realStart === null ? 0 : Date.now() - realStart));

  before(async () => {
    const t = await startSetUpNode();
    root = mkdtempSync(join(tmpdir(), 'edge-node-schedule-'));
    usb = usbFolder();
    await t.call(t.tokens.admin, 'backup.setSettings', backupSettings(usb));
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, RECORDS);
    dataDir = join(root, 'data');
    keyFile = t.keyFile;
    cpSync(t.dataDir, dataDir, { recursive: true });
    rmSync(t.dataDir, { recursive: true, force: true });
  });
  after(() => {
    node?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(usb, { recursive: true, force: true });
  });

  test(`registrations go on during a backup of ${RECORDS} records; the backup is a consistent snapshot`, async () => {
    node = await openNodeAt(dataDir, keyFile);
    await node.login('admin');
    await node.login('clerk');
    const { jobId } = await node.ok('admin', 'backup.create', {});
    let registered = 0;
    let duringSnapshot = 0;
    let slowest = 0;
    for (;;) {
      const job = await node.ok('admin', 'backup.job', { jobId });
      if (job.state !== 'running') {
        assert.equal(job.state, 'done', JSON.stringify(job));
        break;
      }
      // A clerk's form is a round trip over IPC: the event loop turns between two saves.
      await new Promise((resolve) => setImmediate(resolve));
      const t0 = performance.now();
      const saved = await node.call(node.tokens.clerk!, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(registered % 1000, '19700101', '469031') }) });
      slowest = Math.max(slowest, performance.now() - t0);
      assert.ok(saved.ok, JSON.stringify(saved));
      registered++;
      if (job.phase === 'snapshot') duringSnapshot++;
      if (registered >= 1000) break;
    }
    const job = await waitForJob(() => node!.call(node!.tokens.admin!, 'backup.job', { jobId }));
    assert.equal(job.state, 'done');
    console.log(`${registered} registrations during the backup (${duringSnapshot} during the snapshot), slowest ${slowest.toFixed(0)} ms; backup holds ${job.result?.records} records`);
    assert.ok(duringSnapshot >= 1, 'registrations happened while the snapshot was being taken');
    assert.ok(job.result!.records! >= RECORDS && job.result!.records! <= RECORDS + registered);
    const verify = await node.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: job.fileName! } });
    const verified = await waitForJob(() => node!.call(node!.tokens.admin!, 'backup.job', { jobId: verify.jobId }));
    assert.equal(verified.state, 'done', JSON.stringify(verified));
    node.close();
    node = undefined;
  });

  test('the 02:00 run: backup, retention (this node only), verify drill, next run tomorrow', async () => {
    // Thirty days of older backups of this node, and one of another node, already in the folder.
    rmSync(usb, { recursive: true, force: true });
    cpSync(mkdtempSync(join(tmpdir(), 'edge-node-empty-')), usb, { recursive: true });
    const key = await databaseKeyOf(dataDir, keyFile);
    const slot = passphraseSlotOf(await readKeySlots(dataPaths(dataDir).keySlots));
    const payload = join(root, 'payload');
    writeFileSync(payload, Buffer.alloc(8192, 7));
    const template = (await BackupFile.open(join(root, 'template.enbak')).catch(() => null))?.content();
    assert.equal(template, undefined);
    const content = (createdAt: Date, nodeId: string): BackupContent => ({
      createdAt: createdAt.toISOString(),
      appVersion: '0.1.0',
      node: { nodeId, unitName: '测试', creditCode: '', divisionCode: '' },
      schemaVersion: 1,
      epoch: 1,
      counts: { records: 0, recordVersions: 0, outbox: 0, outboxPending: 0, outboxRejected: 0, receipts: 0, auditLog: 0, users: 0 },
      auditHead: { seq: 0, hash: '' },
    });
    node = await openNodeAt(dataDir, keyFile, { now: clock });
    const nodeId = (await node.ok('admin', 'status.get', {})).nodeId;
    const older: { fileName: string; createdAt: Date }[] = [];
    for (let day = 1; day <= 30; day++) {
      const at = new Date(fakeStart);
      at.setDate(at.getDate() - day);
      at.setHours(2, 0, 0, 0);
      const fileName = backupFileName(at, nodeId);
      await writeBackupFile({ source: payload, destination: join(usb, fileName), content: content(at, nodeId), databaseKey: key, nodeSlot: slot, chunkBytes: 4096 });
      older.push({ fileName, createdAt: at });
    }
    const foreign = backupFileName(new Date(2025, 0, 1), '01234567-89ab-7cde-8f01-23456789abcd');
    await writeBackupFile({ source: payload, destination: join(usb, foreign), content: content(new Date(2025, 0, 1), 'another-node'), databaseKey: key, nodeSlot: await sealWithPassphrase(key, 'other'), chunkBytes: 4096 });
    key.fill(0);

    const settings = await node.ok('admin', 'backup.setSettings', backupSettings(usb, { schedule: { enabled: true, time: '02:00' } }));
    assert.equal(settings.schedule.time, '02:00');
    const armed = await node.ok('admin', 'backup.status', {});
    assert.equal(new Date(armed.nextScheduledAt!).getTime(), new Date(2026, 10, 26, 2, 0, 0).getTime());
    realStart = Date.now();

    // 02:00 comes (a few seconds later): the scheduled job runs by itself.
    const status = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const s = await node!.ok('admin', 'backup.status', {});
        if (s.lastVerified && s.lastVerified.at !== armed.lastVerified?.at && !s.job) return s;
        if (Date.now() > deadline) {
          // What the node did meanwhile (a run that failed without an outcome leaves its trace only here).
          const audit = await node!.ok('auditor', 'audit.list', { pageSize: 10 });
          const trail = audit.items.map((e) => `${e.at} ${e.actor}:${e.action} ${e.outcome} ${e.sentence.zh}`);
          throw new Error(`the scheduled run did not finish: ${JSON.stringify(s)}; latest audit entries:\n${trail.join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    assert.equal(status.lastBackup?.ok, true, JSON.stringify(status.lastBackup));
    assert.equal(status.lastVerified?.ok, true, JSON.stringify(status.lastVerified));
    assert.match(status.lastVerified!.message, /恢复演练通过/);
    assert.equal(new Date(status.nextScheduledAt!).getTime(), new Date(2026, 10, 27, 2, 0, 0).getTime(), JSON.stringify(status));

    const newest = { fileName: status.lastBackup!.fileName!, createdAt: new Date(2026, 10, 26, 2, 0, 0) };
    const expectedDeleted = new Set(selectForDeletion([newest, ...older], { daily: 7, weekly: 4, monthly: 12 }).map((b) => b.fileName));
    assert.ok(expectedDeleted.size > 15);
    const left = new Set(readdirSync(usb));
    for (const b of [newest, ...older]) assert.equal(left.has(b.fileName), !expectedDeleted.has(b.fileName), b.fileName);
    assert.ok(left.has(foreign), "another node's backup is never deleted");
    const audit = await node.ok('auditor', 'audit.list', { pageSize: 20 });
    const actions = audit.items.map((e) => `${e.actor}:${e.action}`);
    for (const action of ['system:backup.create', 'system:backup.retention', 'system:backup.verify']) assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
  });
});
