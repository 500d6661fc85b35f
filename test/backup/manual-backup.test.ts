// Issue 12: a manual backup never deletes another backup without saying so. The 02:00 run
// makes a backup and verifies it; 立即备份 in the afternoon, and again, keeps the morning's
// backup (manual backups are kept apart from the daily rotation); the page says beforehand
// which files the next backup will delete, and the run deletes exactly those and names them
// in the audit log; "last verified restore" points at a file that exists, and when retention
// removes the file of the last drill the status says so and names the newest verified file
// still there.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSetUpNode, ADMIN, PASSWORDS } from '../support/test-node';
import { povertyHouseholdFields, makeIdNumber } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { BackupJob, BackupStatus } from '../../common/contract';
import { openRawDatabase } from '../support/raw-database';
import { backupSettings, usbFolder, waitForJob } from './support';

describe('manual backups are kept apart from the daily rotation', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let usb: string;
  // The node's clock: runs with the real one from a point the test sets (local time, as the schedule reads it).
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const setClock = (at: Date) => void (offset = at.getTime() - Date.now());
  const settings = () => backupSettings(usb, { schedule: { enabled: true, time: '02:00' }, retention: { daily: 7, weekly: 4, monthly: 12, manual: 2 } });
  let scheduled = '';
  const manual: string[] = [];

  /** Sessions idle out across the clock's jumps: a fresh one for each step. */
  const admin = () => t.login(ADMIN.username, ADMIN.password);
  const ok = async <T,>(answer: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
    const a = await answer;
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    return a.value;
  };
  const status = async () => ok(t.call(await admin(), 'backup.status', {}));
  const list = async () => ok(t.call(await admin(), 'backup.list', {}));
  const job = async (jobId: string): Promise<BackupJob> => {
    const token = await admin();
    return waitForJob(() => t.call(token, 'backup.job', { jobId }));
  };
  const backUpNow = async (at: Date) => {
    setClock(at);
    const { jobId } = await ok(t.call(await admin(), 'backup.create', {}));
    const done = await job(jobId);
    assert.equal(done.state, 'done', JSON.stringify(done));
    return done;
  };
  /** Waits for the scheduled run (backup, retention, verify drill) armed for `at` to finish. */
  const scheduledRun = async (previous: BackupStatus['lastVerified']): Promise<BackupStatus> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await status();
      if (s.lastVerified && s.lastVerified.at !== previous?.at && !s.job) return s;
      if (Date.now() > deadline) throw new Error(`the scheduled run did not finish: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Retention's audit entries as stored (the node stays open: a second, read-only look). */
  const retentionAudit = async () => {
    const db = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      return db.prepare(`SELECT actor, target, detail FROM audit_log WHERE action = 'backup.retention' ORDER BY seq`).all() as { actor: string; target: string; detail: string }[];
    } finally {
      db.close();
    }
  };

  before(async () => {
    setClock(new Date(2026, 10, 25, 10, 0, 0)); // set up the day before
    t = await startSetUpNode({ now: clock });
    usb = usbFolder();
    const clerk = await t.login('clerk', PASSWORDS.clerk);
    for (let i = 0; i < 3; i++) await ok(t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(700 + i) }) }));
  });
  after(() => {
    t?.cleanup();
    if (usb) rmSync(usb, { recursive: true, force: true });
  });

  test('02:00: the scheduled backup is made and verified', async () => {
    setClock(new Date(2026, 10, 26, 1, 59, 58));
    const saved = await ok(t.call(await admin(), 'backup.setSettings', settings()));
    assert.equal(saved.retention.manual, 2);
    const s = await scheduledRun(null);
    scheduled = s.lastBackup!.fileName!;
    assert.doesNotMatch(scheduled, /manual/);
    assert.equal(s.lastVerified?.fileName, scheduled);
    assert.equal(s.lastVerifiedFileExists, true);
    assert.equal(s.verifiedFile?.fileName, scheduled);
  });

  test('立即备份 at 14:15, then again at 16:00: the page said nothing would be deleted, and all three files are there', async () => {
    setClock(new Date(2026, 10, 26, 14, 10));
    const before = await list();
    assert.deepEqual(before.retention?.afterManual.deletes, [], 'the page announces no deletion');
    for (const at of [new Date(2026, 10, 26, 14, 15), new Date(2026, 10, 26, 16, 0)]) {
      const done = await backUpNow(at);
      assert.match(done.fileName!, /-manual\.enbak$/);
      assert.deepEqual(done.result?.deleted, [], `${done.fileName} deleted ${JSON.stringify(done.result?.deleted)}`);
      manual.push(done.fileName!);
    }
    for (const file of [scheduled, ...manual]) assert.ok(existsSync(join(usb, file)), `${file} is still in the folder`);
    const files = await list();
    assert.deepEqual(files.files.map((f) => [f.fileName, f.manual]), [[manual[1], true], [manual[0], true], [scheduled, false]]);
    assert.ok(files.files.find((f) => f.fileName === scheduled)!.verifiedAt, 'the scheduled backup shows its drill');

    // The drill the status shows is of a file that exists.
    const s = await status();
    assert.equal(s.lastVerified?.fileName, scheduled);
    assert.equal(s.lastVerifiedFileExists, true);
    assert.ok(existsSync(join(usb, s.verifiedFile!.fileName)));
  });

  test('a third manual backup deletes the oldest manual one (cap 2), exactly as announced, named in the audit log', async () => {
    // Drill the first manual backup: the last verified restore is now of that file.
    setClock(new Date(2026, 10, 26, 16, 30));
    const { jobId } = await ok(t.call(await admin(), 'backup.verify', { source: { kind: 'folder', fileName: manual[0]! } }));
    assert.equal((await job(jobId)).state, 'done');
    assert.equal((await status()).verifiedFile?.fileName, manual[0]);

    setClock(new Date(2026, 10, 26, 16, 55));
    const announced = (await list()).retention!;
    assert.deepEqual(announced.afterManual.deletes, [manual[0]]);
    const done = await backUpNow(new Date(2026, 10, 26, 17, 0));
    assert.deepEqual(done.result?.deleted, announced.afterManual.deletes);
    assert.ok(!existsSync(join(usb, manual[0]!)));
    for (const file of [scheduled, manual[1]!, done.fileName!]) assert.ok(existsSync(join(usb, file)), `${file} is still in the folder`);

    const entries = await retentionAudit();
    assert.equal(entries.length, 1, 'one retention run deleted something, and it is audited');
    assert.equal(entries[0]!.actor, ADMIN.username, 'by the admin who pressed 立即备份');
    const detail = JSON.parse(entries[0]!.detail) as { deleted: number; files: string };
    assert.deepEqual([detail.deleted, detail.files], [1, manual[0]], 'the audit entry names the deleted file');

    // The drill's file is gone: the status says so, and names the newest verified file still there.
    const s = await status();
    assert.equal(s.lastVerified?.fileName, manual[0]);
    assert.equal(s.lastVerifiedFileExists, false);
    assert.equal(s.verifiedFile?.fileName, scheduled);
    assert.ok(existsSync(join(usb, s.verifiedFile!.fileName)));
  });

  test('the next 02:00 run deletes what the page announced for it, and keeps every manual backup', async () => {
    setClock(new Date(2026, 10, 27, 1, 59, 57));
    const previous = (await status()).lastVerified;
    await ok(t.call(await admin(), 'backup.setSettings', settings())); // re-arms the timer on the moved clock
    const announced = (await list()).retention!.afterScheduled!;
    assert.equal(new Date(announced.at).getTime(), new Date(2026, 10, 27, 2, 0).getTime());
    const manualBefore = (await list()).files.filter((f) => f.manual).map((f) => f.fileName);
    const s = await scheduledRun(previous);
    const left = (await list()).files.map((f) => f.fileName);
    for (const file of announced.deletes) assert.ok(!left.includes(file), `${file} was announced and deleted`);
    for (const file of manualBefore) assert.ok(left.includes(file), `manual ${file} kept`);
    assert.ok(left.includes(scheduled), "yesterday's scheduled backup is kept (7 days)");
    assert.equal(s.lastVerifiedFileExists, true);
    assert.equal(s.verifiedFile?.fileName, s.lastBackup!.fileName);
  });
});
