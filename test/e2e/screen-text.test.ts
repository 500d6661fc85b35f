// Every screen speaks Chinese, in headless Chromium against a real core with some history:
// records registered, corrected and withdrawn, a sync to a real reference exchange, a
// backup. Each role logs in and opens every entry of its menu; the visible text
// (document.body.innerText) may hold no channel name, no raw JSON and no English word
// outside the allow-list of product and format names (test/support/screen-text.ts).
// People's log-in names are data, not UI text, and are left out of the check. One
// screenshot per screen: test-results/screenshots/text-<role>-<menu entry>.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, animationsFinished, logInThroughUi, logOutThroughUi, screenshot, trackCoreCalls } from '../support/browser';
import { closeE2e, openBrowserOn, type BrowserSession } from '../support/web-node';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE, startTestNode, type TestNode } from '../support/test-node';
import { createTestPki, type TestPki } from '../support/pki';
import { startTestExchange, type TestExchange } from '../support/sync-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { backupSettings, waitForJob } from '../backup/support';
import { checkScreenText } from '../support/screen-text';
import { addReadyAccount } from '../support/accounts';
import type { ChannelName, InputOf, OutputOf, Role } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

const skip = SKIP_WITHOUT_CHROMIUM;

/** Log-in names as a township would choose them (pinyin), not the role codes: a raw role code on screen must still be caught. */
const USERS: Record<Role, { username: string; displayName: string; password: string }> = {
  admin: { username: 'wangguanli', displayName: '王管理', password: ADMIN.password },
  clerk: { username: 'lixiao', displayName: '李录入', password: PASSWORDS.clerk },
  operator: { username: 'zhaoyunwei', displayName: '赵运维', password: PASSWORDS.operator },
  auditor: { username: 'sunshenji', displayName: '孙审计', password: PASSWORDS.auditor },
  official: { username: 'zhoulingdao', displayName: '周领导', password: PASSWORDS.official },
};
const LOGIN_NAMES = Object.values(USERS).map((u) => u.username);
const ROLES = Object.keys(USERS) as Role[];

describe('e2e: every screen of every role is in Chinese', { skip }, () => {
  let t: TestNode;
  let pki: TestPki;
  let exchange: TestExchange;
  let usb: string;
  let web: BrowserSession;
  let page: Page;
  let coreCalls: ReturnType<typeof trackCoreCalls>;
  const tokens = {} as Record<Role, string>;

  async function ok<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const r = await t.call(tokens[role], channel, input);
    if (!r.ok) throw new Error(`${channel} as ${role} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }

  async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    t = await startTestNode();
    const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: USERS.admin, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    tokens.admin = await t.login(USERS.admin.username, USERS.admin.password);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const u = USERS[role];
      tokens[role] = (await addReadyAccount(t.node, tokens.admin, { username: u.username, displayName: u.displayName, role, unit: '扶贫办', password: u.password })).token;
    }

    // Records: three households, one corrected and one withdrawn, so lists and history have rows.
    const made = [];
    for (const [i, name] of ['符秀英', '黎春花', '王海峰'].entries()) {
      made.push(await ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_name: name, householder_id_number: makeIdNumber(400 + i) }) }));
    }
    const [first, , third] = made;
    await ok('clerk', 'records.correct', { id: first!.id, baseVersion: first!.version, fields: povertyHouseholdFields({ householder_name: '符秀英', householder_id_number: makeIdNumber(400), household_size: '5' }), reason: '入户核实后家庭人口数有变' });
    await ok('clerk', 'records.withdraw', { id: third!.id, baseVersion: third!.version, reason: '重复登记' });

    // A sync to a real exchange: certificate, address, one run that empties the queue.
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    await ok('admin', 'cert.setRoot', { rootPem: pki.root.certPem });
    const { csrPem } = await ok('admin', 'cert.createCsr', { keyBits: 2048, province: '海南省', county: '琼中黎族苗族自治县' });
    await ok('admin', 'cert.import', { kind: 'pem', certificatePem: pki.signCsr(csrPem) });
    await ok('admin', 'sync.setSettings', { exchangeUrl: exchange.url, bandwidthKiBps: 0, batchMaxItems: 200, batchMaxBytes: 1024 * 1024, intervalSeconds: 3600 });
    await ok('operator', 'sync.now', {});
    await until(() => ok('operator', 'sync.status', {}), (s) => !s.running && s.queueDepth === 0, 'the sync run to end');

    // A backup, verified, in a folder standing in for the USB drive.
    usb = mkdtempSync(join(tmpdir(), 'edge-node-e2e-text-usb-'));
    await ok('admin', 'backup.setSettings', backupSettings(usb));
    const { jobId } = await ok('admin', 'backup.create', {});
    const job = await waitForJob(() => t.call(tokens.admin, 'backup.job', { jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));

    web = await openBrowserOn(t);
    page = web.page;
    coreCalls = trackCoreCalls(page);
  });

  after(async () => {
    await closeE2e({ web, node: t, exchange, pki });
    if (usb) rmSync(usb, { recursive: true, force: true });
  });

  /** The page with no call to the core under way, nothing spinning and nothing moving: its text. */
  async function quietText(): Promise<string> {
    await coreCalls.idle();
    await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0);
    await animationsFinished(page);
    return page.evaluate(() => document.body.innerText);
  }

  /**
   * The text of menu entry `entry`'s screen once it has loaded: the entry is the selected one,
   * and the text is the same on two quiet looks in a row (polls keep running; a poll that
   * brought news shows as a difference, and the screen is looked at again).
   */
  async function settled(entry: string): Promise<string> {
    await page.locator(`[data-testid="${entry}"].ant-menu-item-selected`).waitFor();
    for (let look = 0; look < 50; look++) {
      const first = await quietText();
      if ((await quietText()) === first) return first;
    }
    throw new Error(`${entry}: the screen kept changing`);
  }

  for (const role of ROLES) {
    test(`${role}: every menu entry, no channel names, raw JSON or English words`, async () => {
      await logInThroughUi(page, USERS[role].username, USERS[role].password, web.url);
      const entries = await page.locator('.ant-layout-sider [data-testid^="menu-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
      assert.ok(entries.length > 0, 'the menu is empty');
      const problems: string[] = [];
      for (const entry of entries) {
        await page.getByTestId(entry).click();
        const text = await settled(entry);
        await screenshot(page, `text-${role}-${entry.replace(/^menu-/, '')}`);
        for (const f of checkScreenText(text, LOGIN_NAMES)) problems.push(`${entry}: ${f.kind} "${f.found}" in “${f.context}”`);
      }
      await logOutThroughUi(page);
      assert.deepEqual(problems, [], `${role} sees untranslated text:\n${problems.join('\n')}`);
    });
  }
});
