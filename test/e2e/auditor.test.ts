// The auditor's 审计日志 in real headless Chromium against a real core: a clerk has registered,
// corrected and withdrawn a household, tried a function the role may not use, and someone
// typed a password into the user name box. The auditor reads all of it as Chinese sentences
// — no action or channel codes, no JSON, not the typed text — narrows it with a filter, pages
// on by sequence number, reads it in English, and exports it as Excel and CSV; each export
// then appears in the log. Screenshots go to test-results/screenshots/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, animationsFinished, chooseByKeyboard, launchBrowser, openPage, logInThroughUi, screenshot } from '../support/browser';
import { serveToBrowser } from '../support/web-node';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE, startTestNode, type TestNode } from '../support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { addReadyAccount } from '../support/accounts';
import type { LoopbackBridge } from '../../main/api/loopback-bridge';
import { AUDIT_ACTIONS, CHANNEL_NAMES } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

const skip = SKIP_WITHOUT_CHROMIUM;
const CLERK = { username: 'lilu', displayName: '李录入', password: 'Clerk#2026pass' };
const AUDITOR = { username: 'zhaoshen', displayName: '赵审计', password: 'Auditor#2026pass' };
/** Typed into the user name box by mistake: must never reach the auditor's screen. */
const TYPED = 'MyPass#Word-2026';
const HOUSEHOLDER = '测试符秀英';

describe('e2e: the auditor reads, filters, pages and exports the audit log', { skip }, () => {
  let t: TestNode;
  let bridge: LoopbackBridge;
  let browser: Browser;
  let page: Page;

  before(async () => {
    t = await startTestNode();
    const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    const admin = await t.login(ADMIN.username, ADMIN.password);
    for (const [who, role] of [[CLERK, 'clerk'], [AUDITOR, 'auditor']] as const) {
      await addReadyAccount(t.node, admin, { username: who.username, displayName: who.displayName, role, unit: '扶贫办', password: who.password });
    }
    const clerk = await t.login(CLERK.username, CLERK.password);
    const fields = povertyHouseholdFields({ householder_name: HOUSEHOLDER, householder_id_number: makeIdNumber(771) });
    const created = await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields });
    assert.ok(created.ok, JSON.stringify(created));
    const corrected = await t.call(clerk, 'records.correct', { id: created.value.id, baseVersion: 1, fields: { ...fields, household_size: '5' }, reason: '家庭人口变化' });
    assert.ok(corrected.ok, JSON.stringify(corrected));
    assert.ok((await t.call(clerk, 'records.withdraw', { id: created.value.id, baseVersion: 2, reason: '户主已迁出本镇' })).ok);
    assert.equal((await t.call(clerk, 'users.list', {})).ok, false); // refused: the clerk's role
    assert.equal((await t.node.dispatch(null, 'auth.login', { username: TYPED, password: 'x' })).result.ok, false);
    // Enough sign-ins that the log runs to a second page.
    for (let i = 0; i < 15; i++) await t.login(CLERK.username, CLERK.password);

    bridge = await serveToBrowser(t);
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1440, height: 1000 });
    await logInThroughUi(page, AUDITOR.username, AUDITOR.password, bridge.url);
  });
  after(async () => {
    await browser?.close();
    await bridge?.close();
    t?.cleanup();
  });

  const byId = (id: string) => page.getByTestId(id);
  const rows = () => page.locator('[data-testid="audit-table"] tbody tr[data-row-key]');
  const column = async (col: string) => page.locator(`[data-testid="audit-table"] tbody tr[data-row-key] [data-col="${col}"]`).allInnerTexts();
  const seqs = async () => rows().evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-key'))));
  // Run in the page: the table's first row, by sequence number.
  const firstRowBelow = (seq: number) => Number(document.querySelector('[data-testid="audit-table"] tbody tr[data-row-key]')?.getAttribute('data-row-key')) < seq;
  const firstRowAbove = (seq: number) => Number(document.querySelector('[data-testid="audit-table"] tbody tr[data-row-key]')?.getAttribute('data-row-key')) > seq;
  const firstRowIs = (seq: number) => Number(document.querySelector('[data-testid="audit-table"] tbody tr[data-row-key]')?.getAttribute('data-row-key')) === seq;

  /** Closes an open dropdown and lets antd's colour transitions end, so the screenshot shows the state the test checked. */
  async function shoot(name: string): Promise<void> {
    await page.keyboard.press('Escape');
    await animationsFinished(page);
    await screenshot(page, name);
  }

  // By keyboard, and only once the filter's options (the people come from the log) hold the text.
  const choose = (testId: string, text: string) => chooseByKeyboard(page, testId, text);

  /** No code, no JSON, nothing typed at the login prompt, nothing of the record's contents. */
  async function assertReadable(where: string): Promise<void> {
    const text = await page.locator('body').innerText();
    for (const code of [...AUDIT_ACTIONS, ...CHANNEL_NAMES]) assert.ok(!text.includes(code), `${where}: the code ${code} is on the page`);
    assert.ok(!/[{}]/.test(text), `${where}: raw JSON on the page`);
    for (const secret of [TYPED, HOUSEHOLDER, '家庭人口变化', '户主已迁出本镇']) assert.ok(!(await page.content()).includes(secret), `${where}: "${secret}" reached the page`);
  }

  test('审计日志 shows who did what as Chinese sentences, with 北京时间 times', async () => {
    await byId('menu-audit').click();
    await rows().first().waitFor();
    // The whole log, page by page (older entries are on the next pages), then back to the newest.
    const sentences = await column('sentence');
    const top = (await seqs())[0]!;
    while (await byId('audit-page-older').isEnabled()) {
      const last = (await seqs()).at(-1)!;
      await byId('audit-page-older').click();
      await page.waitForFunction(firstRowBelow, last);
      sentences.push(...(await column('sentence')));
    }
    for (const expected of [
      '李录入 登记了 贫困户信息 1 条',
      '李录入 更正了 贫困户信息 1 条（改后为第 2 版）',
      '李录入 撤回了 贫困户信息 1 条',
      '李录入 试图使用其角色无权使用的功能「查看账户列表」，已拒绝',
      '有人用不存在的用户名尝试登录，已拒绝',
      '王管理 新建了账户 李录入（lilu），角色为录入员',
    ]) {
      assert.ok(sentences.includes(expected), `missing: ${expected}\n${sentences.join('\n')}`);
    }
    await byId('audit-page-newest').click();
    // Each page the auditor looked at is in the log itself now (one audit.view entry per
    // page), so the newest page starts above the first one seen.
    await page.waitForFunction(firstRowAbove, top);
    const views = (await column('sentence')).filter((s) => s.startsWith('赵审计 查看了审计日志'));
    assert.ok(views.length > 0 && views.every((s) => /^赵审计 查看了审计日志 \d+ 条（序号 \d+ 至 \d+）$/.test(s)), views.join('\n'));
    assert.match(await byId('audit-total').innerText(), /共 \d+ 条符合条件/);
    assert.ok((await column('actor')).includes('李录入'));
    await assertReadable('审计日志');
    await shoot('auditor-01-audit-log');
  });

  test('a filter narrows the log: 操作 更正记录 shows the correction only; 结果 失败 the failures', async () => {
    await choose('audit-filter-action', '更正记录');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr[data-row-key]').length === 1);
    assert.deepEqual(await column('action'), ['更正记录']);
    assert.equal(await byId('audit-total').getAttribute('data-total'), '1');
    await shoot('auditor-02-filter-correction');

    await byId('audit-filter-reset').click();
    await choose('audit-filter-outcome', '失败');
    // Some rows, all failures (an empty table while the filtered page loads is not the answer yet).
    await page.waitForFunction(() => {
      const outcomes = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr[data-row-key] [data-col="outcome"]')];
      return outcomes.length > 0 && outcomes.every((c) => c.getAttribute('data-outcome') === 'failure');
    });
    const failures = await column('sentence');
    assert.ok(failures.includes('有人用不存在的用户名尝试登录，已拒绝'), failures.join('\n'));
    assert.ok(failures.every((s) => !s.includes(TYPED)));
    await assertReadable('结果：失败');
    await byId('audit-filter-reset').click();
  });

  test('paging by sequence number: 较早 then 较新 come back to the same entries, none twice', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr[data-row-key]').length === 20);
    const first = await seqs();
    await byId('audit-page-older').click();
    await page.waitForFunction(firstRowBelow, first.at(-1)!);
    const second = await seqs();
    assert.equal(second[0], first.at(-1)! - 1);
    assert.ok(second.every((s) => !first.includes(s)));
    await byId('audit-page-newer').click();
    await page.waitForFunction(firstRowIs, first[0]!);
    assert.deepEqual(await seqs(), first);
  });

  test('in English the same entries read as English sentences', async () => {
    await byId('lang-switch').getByText('English').click();
    await page.locator('[data-testid="audit-table"] [data-col="sentence"]', { hasText: 'signed in' }).first().waitFor();
    await choose('audit-filter-action', 'Correct record');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-table"] tbody tr[data-row-key]').length === 1);
    assert.deepEqual(await column('sentence'), ['李录入 corrected 1 贫困户信息 record (now version 2)']);
    await shoot('auditor-03-english');
    await byId('audit-filter-reset').click();
    await byId('lang-switch').getByText('中文').click();
    await page.locator('[data-testid="audit-table"] [data-col="sentence"]', { hasText: '登录了系统' }).first().waitFor();
  });

  test('导出 Excel and 导出 CSV download the filtered log, and each export is then in the log', async () => {
    await choose('audit-filter-person', '李录入');
    await page.waitForFunction(() => {
      const sentences = [...document.querySelectorAll('[data-testid="audit-table"] tbody tr[data-row-key] [data-col="sentence"]')];
      return sentences.length > 0 && sentences.every((c) => !c.textContent?.startsWith('赵审计'));
    });
    const [xlsx] = await Promise.all([page.waitForEvent('download'), byId('audit-export-xlsx').click()]);
    assert.match(xlsx.suggestedFilename(), /^审计日志-\d{8}-\d{6}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志')!;
    const sentences = (sheet.getColumn(8).values as unknown[]).slice(2).map(String);
    assert.ok(sentences.includes('李录入 更正了 贫困户信息 1 条（改后为第 2 版）'), sentences.join('\n'));
    assert.ok(sentences.every((s) => !s.startsWith('赵审计')), 'the person filter did not apply to the export');

    const [csv] = await Promise.all([page.waitForEvent('download'), byId('audit-export-csv').click()]);
    assert.match(csv.suggestedFilename(), /\.csv$/);
    const bytes = readFileSync((await csv.path())!);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(!bytes.toString('utf8').includes(TYPED));

    await byId('audit-filter-reset').click();
    const exported = page.locator('[data-testid="audit-table"] [data-col="sentence"]', { hasText: '赵审计 导出了审计日志' });
    await exported.nth(1).waitFor();
    assert.match((await exported.first().innerText()), /^赵审计 导出了审计日志 \d+ 条（CSV），筛选条件：人员 李录入（lilu）$/);
    await assertReadable('after the exports');
    await shoot('auditor-04-exported');
  });
});
