// A node whose key this machine cannot unseal (here: the key file was lost) opens locked;
// the UI asks for the recovery passphrase, refuses a wrong one and unlocks with the right one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, existsSync } from 'node:fs';
import { SKIP_WITHOUT_CHROMIUM, screenshot } from '../support/browser';
import { webNodeInBrowser } from '../support/web-node';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE } from '../support/test-node';

const skip = SKIP_WITHOUT_CHROMIUM;

const web = webNodeInBrowser({
  viewport: { width: 1280, height: 800 },
  async prepare(t) {
    const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok && setup.value.hostKeyProtection);
    rmSync(t.keyFile);
    await t.reopen();
  },
});

test('a locked node asks for the recovery passphrase, refuses a wrong one, then unlocks', { skip }, async () => {
  await web.page.goto(web.url);
  await web.page.getByTestId('unlock-passphrase').waitFor();
  await web.page.getByText('找不到密钥文件').waitFor();
  await screenshot(web.page, '20-unlock');

  await web.page.getByTestId('unlock-passphrase').fill('Not-the-right-passphrase-1');
  await web.page.getByTestId('unlock-submit').click();
  assert.match(await web.page.getByTestId('unlock-error').innerText(), /恢复口令不正确/);

  await web.page.getByTestId('unlock-passphrase').fill(RECOVERY_PASSPHRASE);
  await web.page.getByTestId('unlock-submit').click();
  await web.page.getByTestId('login-username').waitFor();
  await web.page.getByText('已解锁，请登录').waitFor();
  await screenshot(web.page, '21-unlocked-login');
  assert.ok(existsSync(web.keyFile), 'unlocking did not write a new key file');

  // The next start needs no passphrase: the key file slot was sealed again.
  await web.reopen();
  const status = await web.call(null, 'setup.status', {});
  assert.ok(status.ok);
  assert.equal(status.value.locked, false);
});
