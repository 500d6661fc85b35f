// A node whose key this machine cannot unseal (here: the key file was lost) opens locked;
// the UI asks for the recovery passphrase, refuses a wrong one and unlocks with the right one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, launchBrowser, openPage, screenshot } from '../support/browser';
import { startWebNode } from '../support/web-node';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE } from '../support/test-node';

const skip = SKIP_WITHOUT_CHROMIUM;

let web: Awaited<ReturnType<typeof startWebNode>>;
let browser: Browser;
let page: Page;

before(async () => {
  if (skip) return;
  web = await startWebNode();
  const setup = await web.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
  assert.ok(setup.ok && setup.value.hostKeyProtection);
  rmSync(web.keyFile);
  await web.reopen();
  browser = await launchBrowser();
  page = await openPage(browser, { width: 1280, height: 800 });
});
after(async () => {
  if (skip) return;
  await browser.close();
  await web.stop();
});

test('a locked node asks for the recovery passphrase, refuses a wrong one, then unlocks', { skip }, async () => {
  await page.goto(web.url);
  await page.getByTestId('unlock-passphrase').waitFor();
  await page.getByText('找不到密钥文件').waitFor();
  await screenshot(page, '20-unlock');

  await page.getByTestId('unlock-passphrase').fill('Not-the-right-passphrase-1');
  await page.getByTestId('unlock-submit').click();
  assert.match(await page.getByTestId('unlock-error').innerText(), /恢复口令不正确/);

  await page.getByTestId('unlock-passphrase').fill(RECOVERY_PASSPHRASE);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('login-username').waitFor();
  await page.getByText('已解锁，请登录').waitFor();
  await screenshot(page, '21-unlocked-login');
  assert.ok(existsSync(web.keyFile), 'unlocking did not write a new key file');

  // The next start needs no passphrase: the key file slot was sealed again.
  await web.reopen();
  const status = await web.call(null, 'setup.status', {});
  assert.ok(status.ok);
  assert.equal(status.value.locked, false);
});
