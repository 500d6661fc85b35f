// The setup form judges the recovery passphrase with the core's own strength rule, loaded
// on demand in real Chromium (its chunk must load under the page's CSP): four Chinese
// words are strong; a repeated phrase is refused under the field with the core's message,
// in Chinese and, after switching language, in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, launchBrowser, openPage } from '../support/browser';
import { startWebNode } from '../support/web-node';
import { NODE_IDENTITY } from '../support/test-node';

const skip = SKIP_WITHOUT_CHROMIUM;

let web: Awaited<ReturnType<typeof startWebNode>>;
let browser: Browser;
let page: Page;

before(async () => {
  if (skip) return;
  web = await startWebNode();
  browser = await launchBrowser();
  page = await openPage(browser);
});
after(async () => {
  if (skip) return;
  await browser.close();
  await web.stop();
});

const byId = (id: string) => page.getByTestId(id);
const strength = () => byId('setup-passphrase-strength').getAttribute('data-strength');

test('the passphrase meter and field error say what the core says', { skip }, async () => {
  await page.goto(web.url);
  await byId('setup-unit-name').fill(NODE_IDENTITY.unitName);
  await byId('setup-passphrase').fill('红树林 椰子树 五指山 万泉河');
  await page.waitForFunction(() => document.querySelector('[data-testid="setup-passphrase-strength"]')?.getAttribute('data-strength') === 'strong');

  await byId('setup-passphrase').fill('你好你好你好');
  await page.getByText(/^恢复口令强度不够：.*避免重复的字；再加 4 个词$/).waitFor();
  assert.equal(await strength(), 'weak');

  await byId('setup-passphrase').fill(NODE_IDENTITY.unitName);
  await page.getByText('恢复口令不能与用户名、姓名或单位名称相同').waitFor();

  await byId('lang-switch').getByText('English').click();
  await byId('setup-passphrase').fill('红树林 椰子树 五指山');
  await page.getByText('The recovery passphrase is not strong enough: add one more word').waitFor();
});
