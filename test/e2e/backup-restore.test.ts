// 从备份恢复 on a fresh installation, in headless Chromium against a real core: the first-run
// screen offers the restore, the backup file is chosen and handed over in pieces, a wrong
// recovery passphrase is refused, the right one shows what the backup holds, and after the
// confirmed restore the node's own clerk logs in and finds the records. Then the
// administrator's 备份与恢复 page: back up now, and the verify drill on the new file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser';
import { startWebNode } from '../support/web-node';
import { ADMIN, PASSWORDS, RECOVERY_PASSPHRASE, startSetUpNode } from '../support/test-node';
import { bulkRegister } from '../support/bulk-register';
import { backupSettings, waitForJob } from '../backup/support';

const skip = SKIP_WITHOUT_CHROMIUM;
const RECORDS = 30;

let web: Awaited<ReturnType<typeof startWebNode>>;
let browser: Browser;
let page: Page;
let usb: string;
let backupPath: string;

before(async () => {
  if (skip) return;
  // The office PC before it was lost: set up, records registered, backed up to the USB drive.
  usb = mkdtempSync(join(tmpdir(), 'edge-node-e2e-usb-'));
  const old = await startSetUpNode();
  await old.call(old.tokens.admin, 'backup.setSettings', backupSettings(usb));
  old.node.close();
  await bulkRegister(old.dataDir, old.keyFile, RECORDS);
  await old.reopen();
  const admin = await old.login(ADMIN.username, ADMIN.password);
  const started = await old.call(admin, 'backup.create', {});
  assert.ok(started.ok, JSON.stringify(started));
  const job = await waitForJob(() => old.call(admin, 'backup.job', { jobId: started.value.jobId }));
  assert.equal(job.state, 'done');
  backupPath = join(usb, job.fileName!);
  old.cleanup();

  web = await startWebNode();
  browser = await launchBrowser();
  page = await openPage(browser, { width: 1280, height: 900 });
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await web?.stop();
  rmSync(usb, { recursive: true, force: true });
});

test('first run: 从备份恢复 with the recovery passphrase, then the clerk finds the records', { skip }, async () => {
  await page.goto(web.url);
  await page.getByTestId('setup-restore').click();
  await page.getByText('从备份恢复').first().waitFor();
  await page.getByTestId('restore-file').setInputFiles(backupPath);
  await page.locator('[data-testid="restore-upload"][data-done="true"]').waitFor();

  await page.getByTestId('restore-passphrase').fill('Not-the-passphrase-2026!');
  await page.getByTestId('restore-inspect').click();
  assert.match(await page.getByTestId('restore-error').innerText(), /恢复口令不正确/);

  await page.getByTestId('restore-passphrase').fill(RECOVERY_PASSPHRASE);
  await page.getByTestId('restore-inspect').click();
  const info = page.getByTestId('restore-info');
  await info.waitFor();
  assert.equal(await info.getAttribute('data-records'), String(RECORDS));
  assert.match(await info.innerText(), /琼中县湾岭镇人民政府/);
  assert.ok(await page.getByTestId('restore-submit').isDisabled(), 'nothing happens before it is confirmed');
  await screenshot(page, '40-restore-inspected');

  await page.getByTestId('restore-confirm').check();
  await page.getByTestId('restore-submit').click();
  await page.getByTestId('login-username').waitFor();
  await page.getByText('已从备份恢复').waitFor();
  await screenshot(page, '41-restored-login');

  await page.getByTestId('login-username').fill('clerk');
  await page.getByTestId('login-password').fill(PASSWORDS.clerk);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('menu-records').click();
  await page.getByText(`共 ${RECORDS} 条`).waitFor();
  await page.getByTestId('logout').click();
});

test('备份与恢复: the administrator backs up now and runs the verify drill', { skip }, async () => {
  await page.getByTestId('login-username').fill(ADMIN.username);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('menu-backup').click();
  await page.getByTestId('backup-status').waitFor();
  await page.getByTestId('backup-create').click();
  await page.locator('[data-testid="backup-job"][data-kind="create"][data-state="done"]').waitFor();
  // Newest first. (Retention keeps one backup a day, so the one restored from is gone now.)
  const created = await page.getByTestId('backup-job').getAttribute('data-file');
  // The list refreshes after the job ends: wait for the new file's row before reading the order.
  await page.locator(`[data-testid="backup-table"] tbody tr[data-row-key="${created}"]`).waitFor();
  const newest = await page.getByTestId('backup-table').locator('tbody tr[data-row-key]').first().getAttribute('data-row-key');
  assert.ok(newest && newest === created, `${newest} / ${created}`);
  await page.getByTestId(`backup-verify-${newest}`).click();
  await page.getByTestId('backup-verify-result').waitFor();
  assert.match(await page.getByTestId('backup-verify-result').innerText(), /integrity_check/);
  // 上次恢复演练 comes from the status, reloaded when the drill ends: wait for it to say so.
  await page.getByTestId('backup-last-verified').filter({ hasText: '恢复演练通过' }).waitFor();
  await screenshot(page, '42-backup-page');
});
