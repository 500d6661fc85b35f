// The daily backup when the disk that holds the node's *database* is full (the backup folder,
// a USB drive, has room). The scheduled run cannot even note that it started; it must still
// say so on the status page (磁盘空间不足, not the previous day's 备份完成), keep the node up,
// and keep the schedule armed — so that once space is back, the make-up run comes by itself
// instead of waiting for someone to restart the program; the failure's audit entry, which
// could not be written at the time, is written then, saying when it happened. The data folder is a real small
// filesystem (tmpfs); the node's clock is the injectable one, looked at every 200 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { smallDiskOrSkip } from '../support/small-disk';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { addReadyAccount } from '../support/accounts';
import { chinaDateTime } from '../../common/text/china-time';
import { backupSettings, openNodeAt, usbFolder } from '../backup/support';
import { waitFor } from '../support/sync-node';
import type { BackupStatus } from '../../common/contract';

const CATCH_UP_MS = 60_000;

test('the database disk full at the scheduled backup: 磁盘空间不足 on the status page, the node stays up, and the make-up run comes by itself once there is room', { timeout: 110_000 }, async (t) => {
  const disk = smallDiskOrSkip(t, 32 * 1024 * 1024);
  if (!disk) return;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const setClock = (at: Date) => void (offset = at.getTime() - Date.now());
  setClock(new Date(2026, 11, 6, 1, 50, 0));
  const usb = usbFolder();
  const node = await openNodeAt(join(disk.dir, 'data'), join(disk.dir, 'config', 'node.keyfile'), { now: clock, backup: { scheduleCheckMs: 200, catchUpDelayMs: CATCH_UP_MS } });
  try {
    const setup = await node.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    // One session for the whole test: signing in writes to the database, which will be full.
    const admin = await node.login('admin');
    const auditor = (await addReadyAccount(node.node, admin, { username: 'auditor', displayName: '审计员', role: 'auditor', unit: '扶贫办', password: PASSWORDS.auditor })).token;
    const status = async (): Promise<BackupStatus> => {
      const answer = await node.call(admin, 'backup.status', {});
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      return answer.value;
    };
    const backups = () => readdirSync(usb).filter((n) => n.endsWith('.enbak')).length;

    // Yesterday's backup went well: that is what the status page shows until the next outcome.
    const settings = await node.call(admin, 'backup.setSettings', backupSettings(usb, { schedule: { enabled: true, time: '02:00' }, verifyAfterBackup: false }));
    assert.ok(settings.ok, JSON.stringify(settings));
    const first = await node.call(admin, 'backup.create', {});
    assert.ok(first.ok, JSON.stringify(first));
    const before = await waitFor(status, (s) => s.lastBackup?.ok === true && !s.job, 60_000, 'the first backup');
    assert.equal(backups(), 1);

    // 02:00 comes with the data disk full.
    disk.fill(0);
    setClock(new Date(2026, 11, 6, 2, 0, 1));
    const failed = await waitFor(status, (s) => s.lastBackup !== null && s.lastBackup.at !== before.lastBackup!.at && !s.job, 60_000, 'the scheduled run to end');
    assert.equal(failed.lastBackup!.ok, false, `the status page still says the last backup went well: ${JSON.stringify(failed.lastBackup)}`);
    assert.match(failed.lastBackup!.message, /磁盘空间不足/, 'the status page names the cause');
    assert.ok(failed.nextScheduledAt !== null, 'the schedule is no longer armed: no backup would come until a restart');
    assert.ok(new Date(failed.nextScheduledAt).getTime() <= clock().getTime() + CATCH_UP_MS + 1000, `the make-up run is not soon: ${failed.nextScheduledAt}`);
    assert.equal(backups(), 1, 'no file was added by the failed run');
    const dashboard = await node.call(admin, 'status.dashboard', {});
    assert.ok(dashboard.ok, JSON.stringify(dashboard));
    assert.match(dashboard.value.tiles.backup.sentence ?? '', /最近一次备份失败：.*磁盘空间不足/, 'the dashboard’s backup tile names the failure');

    // Space comes back; the make-up run's moment passes: it runs by itself and is recorded.
    disk.release();
    setClock(new Date(clock().getTime() + CATCH_UP_MS + 2000));
    const done = await waitFor(status, (s) => s.lastBackup?.ok === true && s.lastBackup.at !== before.lastBackup!.at && !s.job, 60_000, 'the make-up run');
    assert.match(done.lastBackup!.message, /备份完成/);
    assert.equal(backups(), 2);
    assert.ok(done.nextScheduledAt !== null && new Date(done.nextScheduledAt).getTime() === new Date(2026, 11, 7, 2, 0).getTime(), `then tomorrow's: ${done.nextScheduledAt}`);

    // The audit log: the 02:00 failure, written late, just before the make-up run's success.
    const log = await node.call(auditor, 'audit.list', { action: 'backup.create', pageSize: 10 });
    assert.ok(log.ok, JSON.stringify(log));
    const [newest, previous] = log.value.items;
    assert.equal(newest?.outcome, 'success', 'the make-up run');
    assert.equal(previous?.outcome, 'failure');
    const happened = chinaDateTime(failed.lastBackup!.at, { seconds: false });
    assert.ok(previous!.sentence.zh.startsWith('系统（自动） 备份数据未成功：'), previous!.sentence.zh);
    assert.ok(previous!.sentence.zh.endsWith(`（发生于北京时间 ${happened}；当时磁盘已满，无法即时记录，此为补记）`), previous!.sentence.zh);
  } finally {
    node.close();
    rmSync(usb, { recursive: true, force: true });
    disk.unmount();
  }
});
