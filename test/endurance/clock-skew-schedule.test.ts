// The daily 02:00 backup while the node's clock jumps: no day gets two backups because the
// clock was put back a little, a jump forward past 02:00 runs the backup at once rather than
// a day late, and a clock put back a whole day makes that day's backup at its own 02:00 —
// not at once (a second backup within the hour) and not two days later (a day skipped).
// The node's clock is the injectable one every service uses; the schedule looks at it again
// every 200 ms here (a minute in the product) so the test waits for states, not for minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE } from '../support/test-node';
import { backupSettings, openNodeAt, usbFolder } from '../backup/support';
import { waitFor } from '../support/sync-node';
import type { BackupStatus } from '../../common/contract';

test('the 02:00 backup across clock jumps: put back a little, forward past 02:00, back a whole day — one backup per day, none skipped', { timeout: 110_000 }, async () => {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const setClock = (at: Date) => void (offset = at.getTime() - Date.now());
  // Local time, as the schedule reads it: set up at 2026-12-06 01:50.
  setClock(new Date(2026, 11, 6, 1, 50, 0));
  const root = mkdtempSync(join(tmpdir(), 'edge-node-schedule-'));
  const t = await openNodeAt(join(root, 'data'), join(root, 'config', 'node.keyfile'), { now: clock, backup: { scheduleCheckMs: 200, catchUpDelayMs: 60 * 60_000 } });
  const usb = usbFolder();
  try {
    const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    /** Sessions idle out across the clock's jumps: a fresh one for each look. */
    const admin = () => t.login('admin');
    const status = async (): Promise<BackupStatus> => {
      const answer = await t.call(await admin(), 'backup.status', {});
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      return answer.value;
    };
    const saveSettings = async () => {
      const answer = await t.call(await admin(), 'backup.setSettings', backupSettings(usb, { schedule: { enabled: true, time: '02:00' }, verifyAfterBackup: false }));
      assert.ok(answer.ok, JSON.stringify(answer));
    };
    const backups = () => readdirSync(usb).filter((n) => n.endsWith('.enbak')).length;
    const nextAt = async () => (await status()).nextScheduledAt;
    const runFinished = (count: number) => waitFor(status, (s) => backups() === count && s.lastBackup?.ok === true && !s.job, 60_000, `backup number ${count}`);

    await admin();
    // Three seconds before 02:00 (setup took its time), the admin turns the schedule on.
    setClock(new Date(2026, 11, 6, 1, 59, 57));
    await saveSettings();
    assert.equal(new Date((await nextAt())!).getTime(), new Date(2026, 11, 6, 2, 0).getTime());
    await runFinished(1);

    // Put back three seconds, before 02:00 again; the admin saves the settings (the schedule is re-planned).
    setClock(new Date(2026, 11, 6, 1, 59, 58));
    await saveSettings();
    assert.equal(new Date((await nextAt())!).getTime(), new Date(2026, 11, 7, 2, 0).getTime(), 'today already had its backup: the next is tomorrow');

    // A jump forward past tomorrow's 02:00: the backup runs at once, not a day late.
    setClock(new Date(2026, 11, 7, 3, 0, 0));
    await runFinished(2);
    await waitFor(nextAt, (at) => at !== null && new Date(at).getTime() === new Date(2026, 11, 8, 2, 0).getTime(), 30_000, 'the next run armed for 12-08 02:00');

    // Put back a whole day (a dead battery, a wrong date typed in): 12-06 03:00 again.
    setClock(new Date(2026, 11, 6, 3, 0, 0));
    const replanned = await waitFor(nextAt, (at) => at !== null && new Date(at).getTime() < new Date(2026, 11, 8, 2, 0).getTime(), 30_000, 'the schedule to follow the clock back');
    assert.equal(new Date(replanned!).getTime(), new Date(2026, 11, 7, 2, 0).getTime(), "the day's backup at its own 02:00: neither at once nor two days later");
    assert.equal(backups(), 2, 'no backup at once after the clock went back');
    assert.equal((await status()).job, null);
  } finally {
    t.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(usb, { recursive: true, force: true });
  }
});
