// The setup form judges the recovery passphrase with the core's own strength rule, loaded
// on demand in real Chromium (its chunk must load under the page's CSP): four Chinese
// words are strong; a repeated phrase is refused under the field with the core's message,
// in Chinese and, after switching language, in English.
import { test } from 'node:test';
import { SKIP_WITHOUT_CHROMIUM } from '../support/browser';
import { webNodeInBrowser } from '../support/web-node';
import { NODE_IDENTITY } from '../support/test-node';

const skip = SKIP_WITHOUT_CHROMIUM;

const web = webNodeInBrowser();

const byId = (id: string) => web.page.getByTestId(id);

test('the passphrase meter and field error say what the core says', { skip }, async () => {
  await web.page.goto(web.url);
  await byId('setup-unit-name').fill(NODE_IDENTITY.unitName);
  await byId('setup-passphrase').fill('红树林 椰子树 五指山 万泉河');
  await web.page.waitForFunction(() => document.querySelector('[data-testid="setup-passphrase-strength"]')?.getAttribute('data-strength') === 'strong');

  await byId('setup-passphrase').fill('你好你好你好');
  await web.page.getByText(/^恢复口令强度不够：.*避免重复的字；再加 4 个词$/).waitFor();
  // The meter and the field error are judged apart (the rule's chunk loads on demand): wait for the meter too.
  await web.page.locator('[data-testid="setup-passphrase-strength"][data-strength="weak"]').waitFor();

  await byId('setup-passphrase').fill(NODE_IDENTITY.unitName);
  await web.page.getByText('恢复口令不能与用户名、姓名或单位名称相同').waitFor();

  await byId('lang-switch').getByText('English').click();
  await byId('setup-passphrase').fill('红树林 椰子树 五指山');
  await web.page.getByText('The recovery passphrase is not strong enough: add one more word').waitFor();
});
