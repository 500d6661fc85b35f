// The administrator's 证书管理 and 同步设置 in real headless Chromium against a real core, with
// certificates from the openssl test PKI (not our own code): pin the provincial root from a
// .crt file, generate a CSR in the app (openssl accepts it; 复制 and 下载 node.csr work),
// see a certificate for another key refused with the core's exact sentence, import a
// PKCS#12 file (wrong password refused, right one accepted) whose certificate has 20 days
// left — the 30-day banner appears — then a PEM certificate for a year, and the banner goes.
// Finally the exchange address in 同步设置, and the read-only 同步队列 shows the link up.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, screenshot } from '../support/browser';
import { closeE2e, openBrowserOn, type BrowserSession } from '../support/web-node';
import { ADMIN } from '../support/test-node';
import { createTestPki, ROOT_CN, type TestPki } from '../support/pki';
import { startSyncNode, startTestExchange, type SyncNode, type TestExchange } from '../support/sync-node';
import { openRawDatabase } from '../support/raw-database';
import type { InputOf } from '../../common/contract';

const skip = SKIP_WITHOUT_CHROMIUM;
const P12_PASSWORD = 'Hn#p12-2026';
const DAY = 86_400_000;

describe('e2e: the administrator sets up the node certificate', { skip }, () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let web: BrowserSession;
  let page: Page;
  let csrPem = '';

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode();
    web = await openBrowserOn(t);
    page = web.page;
  });
  after(() => closeE2e({ web, node: t, exchange, pki }));

  const byId = (id: string) => page.getByTestId(id);
  const certStatus = (attrs: string) => page.locator(`[data-testid="cert-status"]${attrs}`);

  /** What the core says to the same import, called directly: the UI must show exactly this. */
  async function coreRefusal(input: InputOf<'cert.import'>): Promise<string> {
    const r = await t.call(t.tokens.admin, 'cert.import', input);
    assert.equal(r.ok, false, 'the core accepted what the test expected it to refuse');
    return r.ok ? '' : r.error.message;
  }

  test('the administrator pins the provincial root from a .crt file', async () => {
    await page.goto(web.url);
    await byId('login-username').fill(ADMIN.username);
    await byId('login-password').fill(ADMIN.password);
    await byId('login-submit').click();
    await byId('header-user').waitFor();
    await byId('menu-certs').click();
    await certStatus('[data-has-cert="false"]').waitFor();
    assert.equal(await byId('cert-expiry-banner').count(), 0);

    await byId('cert-root-file').setInputFiles({ name: 'hainan-root.crt', mimeType: 'application/x-x509-ca-cert', buffer: Buffer.from(pki.root.certPem) });
    await page.waitForFunction(() => (document.querySelector('[data-testid="cert-root-input"]') as HTMLTextAreaElement | null)?.value.includes('BEGIN CERTIFICATE'));
    await byId('cert-root-submit').click();
    await byId('cert-root-view').waitFor();
    assert.match(await byId('cert-root-view').innerText(), new RegExp(ROOT_CN));
    await screenshot(page, 'cert-01-root-pinned');
  });

  test('generates a CSR: province filled from the division code, openssl verifies it, 复制 and 下载 node.csr', async () => {
    // The province is filled in from the node's division code once the screen has read it.
    await page.waitForFunction(() => (document.querySelector('[data-testid="cert-csr-province"]') as HTMLInputElement | null)?.value === '海南省');
    await byId('cert-csr-county').fill('琼中黎族苗族自治县');
    await byId('cert-csr-keybits').getByText('2048 位').click();
    await byId('cert-csr-submit').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="cert-csr-output"]') as HTMLTextAreaElement | null)?.value.includes('BEGIN CERTIFICATE REQUEST'));
    csrPem = await byId('cert-csr-output').inputValue();

    const verified = pki.openssl(['req', '-verify', '-noout'], { input: csrPem });
    assert.equal(verified.status, 0, `openssl req -verify: ${verified.stderr}`);
    const subject = pki.openssl(['req', '-noout', '-subject', '-nameopt', 'utf8'], { input: csrPem }).stdout;
    assert.match(subject, /海南省/);
    assert.match(subject, /琼中黎族苗族自治县/);

    const [download] = await Promise.all([page.waitForEvent('download'), byId('cert-csr-download').click()]);
    assert.equal(download.suggestedFilename(), 'node.csr');
    assert.equal(await readFile(await download.path(), 'utf8'), csrPem);

    await byId('cert-csr-copy').click();
    await page.getByText(/已复制到剪贴板|无法自动复制/).first().waitFor();
    await certStatus('[data-has-cert="false"]').getByText('等待省级 CA 签发').waitFor();
    await screenshot(page, 'cert-02-csr');
  });

  test("a certificate issued for another key is refused with the core's exact sentence", async () => {
    const other = pki.issueClient('其他节点').certPem;
    const expected = await coreRefusal({ kind: 'pem', certificatePem: other });
    await byId('cert-import-pem').fill(other);
    await byId('cert-import-submit').click();
    await byId('cert-import-error').waitFor();
    assert.equal(await byId('cert-import-error').getAttribute('data-code'), 'CERTIFICATE');
    assert.ok((await byId('cert-import-error').innerText()).includes(expected), `UI shows: ${await byId('cert-import-error').innerText()}\ncore said: ${expected}`);
    assert.match(expected, /密钥不匹配/);
    await certStatus('[data-has-cert="false"]').waitFor();
    await screenshot(page, 'cert-03-import-refused');
  });

  test('PKCS#12: wrong password refused, right one imported; 20 days left shows the 30-day banner', async () => {
    const soonPem = pki.signCsr(csrPem, { notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 20 * DAY) });
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    const { pending_key_pem: keyPem } = raw.prepare('SELECT pending_key_pem FROM node_credentials').get() as { pending_key_pem: string };
    raw.close();
    const p12 = pki.pkcs12(keyPem, soonPem, P12_PASSWORD, pki.root.certPem);

    await byId('cert-import-kind').getByText('PKCS#12').click();
    await byId('cert-import-p12-file').setInputFiles({ name: 'node.p12', mimeType: 'application/x-pkcs12', buffer: p12 });
    await page.getByText('node.p12').waitFor();
    await byId('cert-import-p12-password').fill('not-the-password');
    const expected = await coreRefusal({ kind: 'pkcs12', fileBase64: p12.toString('base64'), password: 'not-the-password' });
    await byId('cert-import-submit').click();
    await page.getByTestId('cert-import-error').getByText(expected).waitFor();
    assert.match(expected, /密码不正确/);
    await screenshot(page, 'cert-04-p12-wrong-password');

    await byId('cert-import-p12-password').fill(P12_PASSWORD);
    await byId('cert-import-submit').click();
    await certStatus('[data-has-cert="true"][data-warning="soon"]').waitFor();
    await page.locator('[data-testid="cert-expiry-banner"][data-warning="soon"]').waitFor();
    const banner = await byId('cert-expiry-banner').innerText();
    assert.match(banner, /(19|20) ?天/, banner);
    await byId('cert-import-error').waitFor({ state: 'detached' });
    await screenshot(page, 'cert-05-p12-imported-expiry-banner');
  });

  test('a PEM certificate valid for a year replaces it and the banner goes', async () => {
    const fullPem = pki.signCsr(csrPem, { days: 365 });
    await byId('cert-import-kind').getByText('PEM').click();
    await byId('cert-import-pem').fill(fullPem);
    await byId('cert-import-submit').click();
    await certStatus('[data-has-cert="true"][data-warning="none"]').waitFor();
    await byId('cert-expiry-banner').waitFor({ state: 'detached' });
    assert.match(await byId('cert-status').innerText(), /RSA 2048/);
    await screenshot(page, 'cert-06-pem-imported');
  });

  test('同步设置: the exchange address; the read-only 同步队列 then shows the link online', async () => {
    await byId('menu-sync-settings').click();
    await byId('sync-settings-url').fill(exchange.url);
    await byId('sync-settings-bandwidth').fill('0');
    await byId('sync-settings-items').fill('100');
    await byId('sync-settings-bytes').fill('512');
    await byId('sync-settings-interval').fill('600');
    await byId('sync-settings-submit').click();
    await page.getByText('同步设置已保存').waitFor();
    const saved = await t.ok('admin', 'sync.getSettings', {});
    assert.deepEqual(saved, { exchangeUrl: exchange.url, bandwidthKiBps: 0, batchMaxItems: 100, batchMaxBytes: 512 * 1024, intervalSeconds: 600 });
    await screenshot(page, 'cert-07-sync-settings');

    await byId('menu-sync').click();
    await page.locator('[data-testid="sync-link-state"][data-link="online"]').waitFor();
    assert.equal(await byId('sync-now').count(), 0, 'the administrator does not drive the queue');
    await screenshot(page, 'cert-08-admin-sync-view');
  });
});
