// 数据导入 in real headless Chromium against a real core on a temporary data folder. A clerk
// imports a CSV made here (good rows, a bad ID number, a duplicate, an empty row, an extra
// column): the node recognises the resource from the headers, the preview greys the extra
// column, the report's counts match, the bad row's reason is shown with its ID number
// masked, the downloaded CSV report opens in Excel (BOM), and the records list holds exactly
// the good rows. Dropping the same file again imports nothing and says so. The operator's
// 监视目录 shows a watched file's outcome and no record contents. Screenshots go to
// test-results/screenshots.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, animationsFinished, chooseByKeyboard, launchBrowser, openPage, logInThroughUi, screenshot } from '../support/browser';
import { serveToBrowser } from '../support/web-node';
import { PASSWORDS, startSetUpNode } from '../support/test-node';
import { makeIdNumber, withWrongCheckCharacter } from '../support/sample-records';
import type { LoopbackBridge } from '../../main/api/loopback-bridge';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { maskIdNumber } from '../../common/catalog/id-number';

const skip = SKIP_WITHOUT_CHROMIUM;

const HEADERS = ['户主姓名', '户主公民身份号码', '所在村', '家庭人口数', '家庭年人均纯收入（元）', '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态', '备注'];
const GOOD = [
  { name: '导入甲', id: makeIdNumber(11) },
  { name: '导入乙', id: makeIdNumber(12) },
  { name: '导入丙', id: makeIdNumber(14) },
  { name: '导入丁', id: makeIdNumber(15) },
];
const BAD_ID = withWrongCheckCharacter(makeIdNumber(13));
const FILE_NAME = '三月贫困户名单.csv';

function csvRow(name: string, id: string, note: string): string {
  return [name, id, '469030100201', '4', '3500.50', '1', '02', '2016-05-01', '1', note].join(',');
}

/**
 * Spreadsheet rows: 1 header; 2 甲, 3 乙 (good); 4 a bad ID number; 5 丙 (good); 6 乙's ID
 * again (a duplicate); 7 empty; 8 丁 (good). The 备注 column belongs to no catalog item.
 */
const CSV = Buffer.from(
  [
    HEADERS.join(','),
    csvRow(GOOD[0]!.name, GOOD[0]!.id, '首批'),
    csvRow(GOOD[1]!.name, GOOD[1]!.id, ''),
    csvRow('导入错号', BAD_ID, '身份证号抄错'),
    csvRow(GOOD[2]!.name, GOOD[2]!.id, ''),
    csvRow('导入重复', GOOD[1]!.id, '与乙重复'),
    ',,,,,,,,,',
    csvRow(GOOD[3]!.name, GOOD[3]!.id, ''),
    '',
  ].join('\r\n'),
  'utf8',
);

describe('e2e: a clerk imports a department file and reads the report', { skip }, () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let bridge: LoopbackBridge;
  let browser: Browser;
  let page: Page;
  let watchRoot: string;

  before(async () => {
    t = await startSetUpNode();
    bridge = await serveToBrowser(t);
    browser = await launchBrowser();
    page = await openPage(browser);
    watchRoot = mkdtempSync(join(tmpdir(), 'edge-node-watch-e2e-'));
  });
  after(async () => {
    await browser?.close();
    await bridge?.close();
    t?.cleanup();
    if (watchRoot) rmSync(watchRoot, { recursive: true, force: true });
  });

  const byId = (id: string) => page.getByTestId(id);
  const value = async (id: string) => Number(await byId(id).getAttribute('data-value'));

  const login = (username: string, password: string) => logInThroughUi(page, username, password, bridge.url);

  test('the clerk chooses the file by keyboard; the node recognises the resource and previews the mapping', async () => {
    await login('clerk', PASSWORDS.clerk);
    await byId('menu-import').click();

    // The drop zone is a button: focus it and press Enter, as a clerk without a mouse would.
    const chooser = page.waitForEvent('filechooser');
    await byId('intake-file').locator('xpath=..').focus();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: CSV });

    await page.locator(`[data-testid="intake-recognised"][data-resource="${RESOURCE_POVERTY_HOUSEHOLD}"]`).waitFor();
    assert.equal(Number(await byId('intake-file-info').getAttribute('data-size')), CSV.length);
    assert.match(await byId('intake-resource').innerText(), /贫困户信息/);
    const table = byId('intake-preview-table');
    await table.locator('tbody tr[data-row-key]').first().waitFor();
    assert.equal(await table.locator('thead [data-extra="true"]').count(), 1, 'the 备注 column is marked 多余列');
    assert.match(await table.locator('thead [data-extra="true"]').innerText(), /备注[\s\S]*多余列/);
    assert.equal(await table.locator('thead [data-item="householder_id_number"]').count(), 1);
    assert.match(await table.innerText(), new RegExp(GOOD[0]!.name));
    assert.equal(await byId('intake-missing').count(), 0);
    assert.equal(await byId('intake-start').isEnabled(), true);
    await screenshot(page, 'intake-01-preview');
  });

  test('开始导入 → report: counts match, the bad row is explained with its ID number masked', async () => {
    await byId('intake-start').focus();
    await page.keyboard.press('Enter');
    const report = byId('intake-report');
    await report.waitFor();
    assert.equal(await report.getAttribute('data-already'), 'false');
    assert.equal(await value('intake-total'), 6, 'rows read, the empty row not counted');
    assert.equal(await value('intake-imported'), 4);
    assert.equal(await value('intake-rejected'), 1);
    assert.equal(await value('intake-duplicates'), 1);
    assert.equal(await value('intake-empty'), 1);
    assert.equal(await byId('intake-already').count(), 0);
    assert.match(await byId('intake-extra-columns').innerText(), /备注/);

    const rows = page.locator('[data-testid="intake-errors-table"] tbody tr[data-row-key]');
    const texts = await rows.allInnerTexts();
    const bad = texts.find((text) => /^\s*4\s/.test(text));
    assert.ok(bad, `no error row for spreadsheet row 4 in:\n${texts.join('\n')}`);
    assert.match(bad, /户主公民身份号码/);
    assert.match(bad, /校验码/);
    assert.ok(bad.includes(maskIdNumber(BAD_ID)), `the ID number is not shown masked: ${bad}`);
    const screen = await page.locator('body').innerText();
    assert.ok(!screen.includes(BAD_ID), 'the bad ID number is on the screen in full');
    await screenshot(page, 'intake-02-report');

    // 下载报告: a CSV that Excel opens as UTF-8 (BOM), with the same masked value and reason.
    const [download] = await Promise.all([page.waitForEvent('download'), byId('intake-download').click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const bytes = readFileSync((await download.path())!);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    assert.match(csv, /^\uFEFF行号,列,值,原因\r\n/);
    assert.ok(csv.includes(maskIdNumber(BAD_ID)) && !csv.includes(BAD_ID));
    assert.match(csv, /校验码/);
  });

  test('the records list holds exactly the good rows', async () => {
    await byId('menu-records').click();
    const rows = page.locator('[data-testid="records-table"] tbody tr[data-row-key]');
    await rows.nth(GOOD.length - 1).waitFor();
    assert.equal(await rows.count(), GOOD.length);
    const listed = (await rows.allInnerTexts()).join('\n');
    for (const g of GOOD) assert.ok(listed.includes(g.name), `${g.name} is not listed`);
    assert.ok(!listed.includes('导入错号') && !listed.includes('导入重复'));
    await screenshot(page, 'intake-03-records');

    const token = await t.login('clerk', PASSWORDS.clerk);
    const list = await t.call(token, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, page: 1, pageSize: 50 });
    assert.ok(list.ok);
    assert.equal(list.value.total, GOOD.length);
  });

  test('dropping the same file again imports nothing and says it was already imported', async () => {
    await byId('menu-import').click();
    // Coming back shows the last report until the clerk asks for another file.
    await byId('intake-report').waitFor();
    await byId('intake-again').click();
    await byId('intake-file').setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: CSV });
    await page.locator(`[data-testid="intake-recognised"][data-resource="${RESOURCE_POVERTY_HOUSEHOLD}"]`).waitFor();
    await byId('intake-start').click();
    await page.locator('[data-testid="intake-report"][data-already="true"]').waitFor();
    await byId('intake-already').waitFor();
    assert.match(await byId('intake-already').innerText(), /该文件已导入过，本次未重复导入/);
    assert.equal(await value('intake-imported'), 0);
    await screenshot(page, 'intake-04-already-imported');

    const token = await t.login('clerk', PASSWORDS.clerk);
    const list = await t.call(token, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, page: 1, pageSize: 50 });
    assert.ok(list.ok);
    assert.equal(list.value.total, GOOD.length, 'the second drop stored rows again');
  });

  test('a file missing required columns cannot be imported', async () => {
    await byId('intake-again').click();
    const partial = Buffer.from(`户主姓名,户主公民身份号码\r\n导入戊,${makeIdNumber(16)}\r\n`, 'utf8');
    await byId('intake-file').setInputFiles({ name: '缺列.csv', mimeType: 'text/csv', buffer: partial });
    // Not recognised (no resource is complete): the clerk picks one, by keyboard.
    await page.locator('[data-testid="intake-recognised"][data-resource=""]').waitFor();
    await chooseByKeyboard(page, 'intake-resource', '贫困户');
    await byId('intake-missing').waitFor();
    assert.match(await byId('intake-missing').innerText(), /所在村/);
    assert.equal(await byId('intake-start').isDisabled(), true);
    await animationsFinished(page); // the dropdown's closing, before the screenshot
    await screenshot(page, 'intake-05-missing-columns');
  });

  test('the operator configures a watch folder and sees the file outcome, never the records', async () => {
    await byId('logout').click();
    await byId('login-username').waitFor();
    await login('operator', PASSWORDS.operator);
    await byId('menu-watch').click();
    await byId('watch-status-table').waitFor();

    const folder = join(watchRoot, '贫困户');
    mkdirSync(folder, { recursive: true });
    await byId('watch-folders-add').click();
    await byId('watch-folders-path-0').fill(folder);
    await chooseByKeyboard(page, 'watch-folders-resource-0', '贫困户信息');
    await byId('watch-folders-submit').click();
    await page.getByText('监视目录已保存').first().waitFor();
    await page.locator(`[data-testid="watch-status-folders"] tr[data-row-key="${folder}"]`).waitFor();

    // Write-then-rename: the file appears under its final name complete.
    const rows = [HEADERS.join(','), csvRow('监视己', makeIdNumber(21), ''), csvRow('监视庚', makeIdNumber(22), ''), csvRow('监视错号', withWrongCheckCharacter(makeIdNumber(23)), '')];
    const tmp = join(folder, '四月名单.csv.tmp');
    writeFileSync(tmp, `${rows.join('\r\n')}\r\n`);
    renameSync(tmp, join(folder, '四月名单.csv'));

    const row = page.locator('[data-testid="watch-status-table"] tbody tr[data-row-key]', { hasText: '四月名单.csv' });
    await row.locator('[data-state="processed"]').waitFor();
    // 时间, 文件, 状态, 已导入, 有误, 重复, 问题
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    assert.equal(cells[2], '已处理');
    assert.deepEqual(cells.slice(3, 6), ['2', '1', '0'], `counts: ${cells.join(' | ')}`);
    assert.match(cells[1]!, /processed[\\/]四月名单\.csv\.report\.txt/);
    await screenshot(page, 'intake-06-watch-folder');

    const body = await page.locator('body').innerText();
    for (const personal of ['监视己', '监视庚', makeIdNumber(21), maskIdNumber(makeIdNumber(23)), '导入甲']) {
      assert.ok(!body.includes(personal), `record contents on the operator's screen: ${personal}`);
    }
  });
});
