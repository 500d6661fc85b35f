// Disk full during a backup and during a restore, on a real small filesystem (a tmpfs of a
// few MiB, filled with a filler file at the moment the test chooses): the job says in
// Chinese that the disk is full, nothing half-written is left looking like a backup, a
// failed restore leaves the node's current database exactly as it was, and once there is
// room again the same action succeeds. (Receipts, whose store is the database, are in
// disk-full-receipts.test.ts; the import case is test/intake/disk-full.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { smallDiskOrSkip } from '../support/small-disk';
import { startSetUpNode, ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE } from '../support/test-node';
import { bulkRegister } from '../support/bulk-register';
import { openRawDatabase, countRows } from '../support/raw-database';
import { backupSettings, openNodeAt, usbFolder, waitForJob, type PlainNode } from '../backup/support';

const DISK_BYTES = 24 * 1024 * 1024;


/** Records in the node's database, counted on a second connection. */
async function recordsIn(dataDir: string, keyFile: string): Promise<number> {
  const raw = await openRawDatabase(dataDir, keyFile);
  try {
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    return countRows(raw, 'records');
  } finally {
    raw.close();
  }
}

test('disk full while writing a backup: 磁盘空间不足, no backup file left behind, and the next backup succeeds once there is room', { timeout: 110_000 }, async (t) => {
  const disk = smallDiskOrSkip(t, DISK_BYTES);
  if (!disk) return;
  const node = await startSetUpNode();
  try {
    const usb = join(disk.dir, 'U盘备份');
    mkdirSync(usb);
    const ok = async <T,>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
      const a = await answer;
      if (!a.ok) throw new Error(JSON.stringify(a.error));
      return a.value;
    };
    await bulkRegister(node.dataDir, node.keyFile, 150);
    await ok(node.call(node.tokens.admin, 'backup.setSettings', backupSettings(usb)));

    disk.fill(8 * 1024);
    const { jobId } = await ok(node.call(node.tokens.admin, 'backup.create', {}));
    const failed = await waitForJob(() => node.call(node.tokens.admin, 'backup.job', { jobId }));
    assert.equal(failed.state, 'failed', JSON.stringify(failed));
    assert.match(failed.error ?? '', /磁盘空间不足/, 'the job names the cause');
    assert.deepEqual(readdirSync(usb), [], 'no .enbak and no .partial is left in the folder');
    const listed = await ok(node.call(node.tokens.admin, 'backup.list', {}));
    assert.equal(listed.files.length, 0, 'the failed backup is not listed as a backup');
    const status = await ok(node.call(node.tokens.admin, 'backup.status', {}));
    assert.equal(status.lastBackup?.ok, false, 'the status shows the last backup failed');
    assert.match(JSON.stringify(status.lastBackup), /磁盘空间不足/);

    disk.release();
    const again = await ok(node.call(node.tokens.admin, 'backup.create', {}));
    const done = await waitForJob(() => node.call(node.tokens.admin, 'backup.job', { jobId: again.jobId }));
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.equal(done.result?.records, 150);
    assert.ok(existsSync(join(usb, done.fileName!)));
    assert.deepEqual(readdirSync(usb).filter((n) => !n.endsWith('.enbak')), [], 'only the finished backup is there');
    const verified = await ok(node.call(node.tokens.admin, 'backup.verify', { source: { kind: 'path', path: join(usb, done.fileName!) } }));
    const verify = await waitForJob(() => node.call(node.tokens.admin, 'backup.job', { jobId: verified.jobId }));
    assert.equal(verify.state, 'done', JSON.stringify(verify));
  } finally {
    node.cleanup();
    disk.unmount();
  }
});

test('disk full while restoring: 磁盘空间不足, the current database untouched and working, and the restore succeeds once there is room', { timeout: 110_000 }, async (t) => {
  const disk = smallDiskOrSkip(t, DISK_BYTES);
  if (!disk) return;
  const usb = usbFolder();
  let node: PlainNode | null = null;
  try {
    // The node's data folder is on the small disk; the backup comes from a USB stick with room.
    const dataDir = join(disk.dir, 'data');
    const keyFile = join(disk.dir, 'config', 'node.keyfile');
    node = await openNodeAt(dataDir, keyFile);
    const setup = await node.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    const n = node;
    await bulkRegister(dataDir, keyFile, 120);
    await node.ok('admin', 'backup.setSettings', backupSettings(usb));
    const { jobId } = await node.ok('admin', 'backup.create', {});
    const made = await waitForJob(() => n.call(n.tokens.admin!, 'backup.job', { jobId }));
    assert.equal(made.state, 'done', JSON.stringify(made));
    const backupFile = join(usb, made.fileName!);
    // Work after the backup: what a restore would take back.
    await bulkRegister(dataDir, keyFile, 30, { first: 120 });
    const filesBefore = readdirSync(dataDir).sort();

    disk.fill(16 * 1024);
    const started = await node.ok('admin', 'backup.restore', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true, migration: false });
    const failed = await waitForJob(async () => {
      const own = await n.call(n.tokens.admin!, 'backup.job', { jobId: started.jobId });
      return own.ok ? own : n.call(null, 'setup.restoreJob', { jobId: started.jobId });
    });
    assert.equal(failed.state, 'failed', JSON.stringify(failed));
    assert.match(failed.error ?? '', /磁盘空间不足/, 'the job names the cause');

    // The current database is the one from before the restore, whole and in use.
    assert.equal(await recordsIn(dataDir, keyFile), 150, 'the records registered after the backup are still there');
    const audit = await node.ok('admin', 'status.get', {});
    assert.equal(audit.nodeId.length > 0, true, 'the node still answers');
    assert.deepEqual(readdirSync(dataDir).filter((f) => /restore/.test(f)), [], 'no half-restored database or journal is left');
    assert.deepEqual(readdirSync(dataDir).filter((f) => !filesBefore.includes(f)), [], 'nothing new is left in the data folder');

    disk.release();
    const retry = await node.ok('admin', 'backup.restore', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true, migration: false });
    const done = await waitForJob(async () => {
      const own = await n.call(n.tokens.admin!, 'backup.job', { jobId: retry.jobId });
      return own.ok ? own : n.call(null, 'setup.restoreJob', { jobId: retry.jobId });
    });
    assert.equal(done.state, 'done', JSON.stringify(done));
    assert.equal(await recordsIn(dataDir, keyFile), 120, 'the node holds the backup’s records');
  } finally {
    node?.close();
    rmSync(usb, { recursive: true, force: true });
    disk.unmount();
  }
});
