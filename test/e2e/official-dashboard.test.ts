// The official's 节点状态 and 季度报告 in real headless Chromium, against a real core that
// syncs to a real reference exchange over mutual TLS. Clerks have registered households,
// residents and hardship visits with real-looking personal data (names, ID numbers, phones,
// addresses, visit notes); most of it has reached the exchange, two records still wait. The
// official sees the tiles, the charts and the per-resource counts — and none of that personal
// data, neither on the page, nor in its HTML, nor in any answer the page received from the
// core, nor in the exported Excel file. Operators and administrators get 导出诊断包; the
// official does not. Screenshots go to test-results/screenshots/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page, Response } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, animationsFinished, logInThroughUi, logOutThroughUi, modalOpened, screenshot, waitShown } from '../support/browser';
import { closeE2e, openBrowserOn, type BrowserSession } from '../support/web-node';
import { PASSWORDS } from '../support/test-node';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, FAST_SYNC, type SyncNode, type TestExchange } from '../support/sync-node';
import { hardshipVisitFields, makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_MARKET_ENTITY, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

const skip = SKIP_WITHOUT_CHROMIUM;

/** Six households (one later withdrawn), three residents (two still queued), two hardship visits (不予共享). */
const HOUSEHOLDS = [
  { name: '符秀英', id: makeIdNumber(311, '19620415'), phone: '13976001234' },
  { name: '黎春花', id: makeIdNumber(312, '19710802'), phone: '13976005678' },
  { name: '王海峰', id: makeIdNumber(313, '19850119'), phone: '13807561122' },
  { name: '陈美玲', id: makeIdNumber(314, '19900303'), phone: '15203094455' },
  { name: '吉亚军', id: makeIdNumber(315, '19781111'), phone: '18689907788' },
  { name: '林德福', id: makeIdNumber(316, '19550630'), phone: '13698763210' },
];
const RESIDENTS = [
  { name: '羊文清', id: makeIdNumber(321, '20010909'), phone: '13519880011', address: '海南省琼中县湾岭镇水央村四队17号' },
  { name: '邢玉兰', id: makeIdNumber(322, '19680212'), phone: '13519880022', address: '海南省琼中县湾岭镇鸭坡村二队5号' },
  { name: '麦国栋', id: makeIdNumber(323, '19990717'), phone: '13519880033', address: '海南省琼中县湾岭镇大墩村一队9号' },
];
const VISITS = [
  { name: '钟阿婆', id: makeIdNumber(331, '19390101'), notes: '独居老人，右腿骨折未愈，需每周上门送药' },
  { name: '云大伯', id: makeIdNumber(332, '19420505'), notes: '低保户，子女在外务工，房屋漏雨待修缮' },
];
/** Every piece of personal data registered: none may reach the official. */
const SECRETS = [
  ...HOUSEHOLDS.flatMap((h) => [h.name, h.id, h.phone]),
  ...RESIDENTS.flatMap((r) => [r.name, r.id, r.phone, r.address.slice(-7)]),
  ...VISITS.flatMap((v) => [v.name, v.id, v.notes.slice(0, 8)]),
];

/** What the official must see per resource: records in force and registrations this month. */
const EXPECTED = {
  [RESOURCE_POVERTY_HOUSEHOLD]: { records: HOUSEHOLDS.length - 1, registered: HOUSEHOLDS.length },
  [RESOURCE_POPULATION]: { records: RESIDENTS.length, registered: RESIDENTS.length },
  [RESOURCE_HARDSHIP_VISIT]: { records: VISITS.length, registered: VISITS.length },
};
const REGISTERED_TOTAL = HOUSEHOLDS.length + RESIDENTS.length + VISITS.length;

function findSecret(text: string): string | undefined {
  return SECRETS.find((s) => text.includes(s));
}

describe('e2e: the official reads the dashboard and the quarterly report, and sees no personal data', { skip }, () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let web: BrowserSession;
  let page: Page;
  /** Every answer of /api/call the page received: channel and raw body. */
  const answers: { channel: string; body: string }[] = [];
  const pending: Promise<void>[] = [];

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode({ ...FAST_SYNC, automatic: false });
    await connectNode(t, pki, exchange.url);

    const households = [];
    for (const h of HOUSEHOLDS) {
      households.push(await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_name: h.name, householder_id_number: h.id, phone: h.phone }) }));
    }
    const first = RESIDENTS[0]!;
    await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ name: first.name, id_number: first.id, phone: first.phone, household_address: first.address }) });
    for (const v of VISITS) {
      await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_HARDSHIP_VISIT, fields: hardshipVisitFields({ name: v.name, id_number: v.id, notes: v.notes }) });
    }
    const withdrawn = households[households.length - 1]!;
    await t.ok('clerk', 'records.withdraw', { id: withdrawn.id, baseVersion: withdrawn.version, reason: '重复登记，已在村委会核实' });

    const synced = await syncNow(t);
    assert.equal(synced.queueDepth, 0, 'the first records were not all delivered');
    // Two residents registered after the sync: the queue is not empty when the official looks.
    for (const r of RESIDENTS.slice(1)) {
      await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ name: r.name, id_number: r.id, phone: r.phone, household_address: r.address }) });
    }

    web = await openBrowserOn(t, { width: 1440, height: 1000 });
    page = web.page;
    page.on('response', (response: Response) => {
      if (!response.url().endsWith('/api/call')) return;
      pending.push(
        (async () => {
          const channel = (JSON.parse(response.request().postData() ?? '{}') as { channel?: string }).channel ?? '?';
          answers.push({ channel, body: await response.text().catch(() => '') });
        })(),
      );
    });
  });
  after(() => closeE2e({ web, node: t, exchange, pki }));

  const byId = (id: string) => page.getByTestId(id);

  const login = (username: string, password: string) => logInThroughUi(page, username, password, web.url);
  const logout = () => logOutThroughUi(page);

  /** Nothing personal in what the person sees, in the page's HTML, or in any answer it received. */
  async function assertNoPersonalData(where: string): Promise<void> {
    const text = await page.locator('body').innerText();
    assert.equal(findSecret(text), undefined, `personal data in the text of ${where}`);
    const html = await page.content();
    assert.equal(findSecret(html), undefined, `personal data in the HTML of ${where}`);
    await Promise.all(pending);
    assert.ok(answers.length > 0, 'no API answer was recorded');
    for (const a of answers) assert.equal(findSecret(a.body), undefined, `personal data in the answer to ${a.channel}`);
  }

  /**
   * Waits until a chart's canvas has more than 1000 pixels drawn (not transparent). The chart
   * animates in, so its canvas exists before it is drawn; a blank chart fails at the bound.
   */
  const chartDrawn = (testId: string) =>
    page.waitForFunction((id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return false;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
      return drawn > 1000;
    }, testId).then(
      () => undefined,
      (error: unknown) => assert.fail(`the chart ${testId} stayed blank: ${String(error)}`),
    );

  const cell = (table: string, row: string, col: string) => page.locator(`[data-testid="${table}"] tr[data-row-key="${row}"] [data-col="${col}"]`);

  test('the official lands on 节点状态: banner, eight tiles with levels, charts and per-resource counts', async () => {
    await login('official', PASSWORDS.official);
    await byId('status-dashboard').waitFor();
    await byId('status-overall').waitFor();
    // Only the official's two pages are offered.
    assert.ok(await byId('menu-status').isVisible());
    assert.ok(await byId('menu-report').isVisible());
    assert.equal(await byId('menu-register').count(), 0);
    assert.equal(await byId('menu-sync').count(), 0);

    for (const tile of ['link', 'certificate', 'queue', 'backup', 'catalog', 'disk', 'clock', 'app']) {
      const el = byId(`status-tile-${tile}`);
      const level = await el.getAttribute('data-level');
      assert.match(level ?? '', /^(green|yellow|red)$/, `tile ${tile} has no level`);
      // The level is said in words too, not only in colour.
      assert.match(await el.innerText(), /正常|注意|异常/, `tile ${tile} has no level word`);
      // A tile that is not green says what is wrong in a Chinese sentence; a green one says nothing is.
      if (level !== 'green') assert.match(await byId(`status-tile-${tile}-sentence`).innerText(), /[\u4e00-\u9fff]/, `tile ${tile} has no sentence`);
      else assert.equal(await byId(`status-tile-${tile}-sentence`).count(), 0, `green tile ${tile} has a sentence`);
    }
    // Connected a moment ago, the certificate fresh: those two are green.
    assert.equal(await byId('status-tile-link').getAttribute('data-level'), 'green');
    assert.equal(await byId('status-tile-certificate').getAttribute('data-level'), 'green');
    // No backup was ever made: the backups tile cannot be green, and says so.
    assert.notEqual(await byId('status-tile-backup').getAttribute('data-level'), 'green');
    assert.match(await byId('status-tile-backup').innerText(), /从未/);
    // Two residents wait to be uploaded.
    assert.equal(await byId('status-tile-queue').locator('[data-value]').first().getAttribute('data-value'), '2');
    const overall = await byId('status-overall').getAttribute('data-level');
    assert.notEqual(overall, 'green', 'the banner shows the worst tile, and the backups tile is not green');

    // Both charts drew on their canvas; the 90-day totals match what was registered.
    await chartDrawn('status-chart-daily');
    await chartDrawn('status-chart-queue');
    assert.equal(await byId('status-chart-daily-summary').getAttribute('data-registered'), String(REGISTERED_TOTAL));
    assert.ok(Number(await byId('status-chart-daily-summary').getAttribute('data-delivered')) > 0, 'nothing counted as delivered');
    // Both sides in record versions (issue 12): 7 households' versions (6 registrations and a
    // withdrawal) and 3 residents were queued; the hardship visits are never sent.
    assert.equal(await byId('status-chart-daily-summary').getAttribute('data-queued'), String(HOUSEHOLDS.length + 1 + RESIDENTS.length));
    assert.match(await byId('status-chart-daily-summary').innerText(), /新登记 11 条记录；应上报 10 个记录版本，上报成功 \d+ 个版本/);

    for (const [code, expected] of Object.entries(EXPECTED)) {
      assert.equal(await cell('status-resource-table', code, 'records').innerText(), String(expected.records), `records of ${code}`);
      assert.equal(await cell('status-resource-table', code, 'newThisQuarter').innerText(), String(expected.registered), `new this quarter of ${code}`);
    }
    // The negative list shows as such instead of rates.
    const hardship = page.locator(`[data-testid="status-resource-table"] tr[data-row-key="${RESOURCE_HARDSHIP_VISIT}"]`);
    assert.match(await hardship.innerText(), /不予共享（不上报）/);
    const household = page.locator(`[data-testid="status-resource-table"] tr[data-row-key="${RESOURCE_POVERTY_HOUSEHOLD}"]`);
    assert.match(await household.innerText(), /%/, 'the household row shows no rate');
    // 市场主体 is never registered here: not this unit's, so not 已逾期 although it is a daily resource.
    const market = page.locator(`[data-testid="status-resource-table"] tr[data-row-key="${RESOURCE_MARKET_ENTITY}"]`);
    assert.equal(await market.locator('[data-overdue]').count(), 0, 'a resource the unit does not provide is not overdue');
    assert.equal(await market.locator('[data-provided="false"]').count(), 1);
    assert.match(await market.innerText(), /本单位不提供/);

    // Leadership does not export diagnostics or change thresholds.
    assert.equal(await byId('status-diagnostics').count(), 0);
    assert.equal(await byId('status-thresholds').count(), 0);
    await screenshot(page, 'official-01-dashboard');
    await assertNoPersonalData('the dashboard');
  });

  test('季度报告: the current quarter shows the registered counts; 导出 Excel downloads a workbook without personal data', async () => {
    await byId('menu-report').click();
    // It opens on the current quarter (issue 12; it used to open on the last finished one), where the records were registered.
    await byId('report-quarter').waitFor();
    const now = new Date(Date.now() + 8 * 3_600_000); // China Standard Time, as the report counts
    const year = now.getUTCFullYear();
    const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
    const view = page.locator(`[data-testid="report-view"][data-year="${year}"][data-quarter="${quarter}"]`);
    await view.waitFor();
    assert.match(await view.locator('h1').innerText(), new RegExp(`${year} 年第 ${quarter} 季度`));
    // It says when the node started.
    assert.match(await byId('report-node-started').innerText(), /本节点于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 建立/);

    for (const [code, expected] of Object.entries(EXPECTED)) {
      assert.equal(await cell('report-table', code, 'registered').innerText(), String(expected.registered), `registered of ${code}`);
      assert.equal(await cell('report-table', code, 'records').innerText(), String(expected.records), `records of ${code}`);
    }
    assert.equal(await cell('report-table', RESOURCE_POVERTY_HOUSEHOLD, 'withdrawn').innerText(), '1');
    assert.equal(await cell('report-table', 'total', 'registered').innerText(), String(REGISTERED_TOTAL));
    // The 合计 row has something in every column.
    const totalCells = await page.locator('[data-testid="report-table"] tr[data-row-key="total"] > *').allInnerTexts();
    assert.equal(totalCells.length, 12, totalCells.join(' | '));
    for (const text of totalCells) assert.ok(text.trim() !== '', `an empty 合计 cell: ${totalCells.join(' | ')}`);
    assert.match(await page.locator(`[data-testid="report-table"] tr[data-row-key="${RESOURCE_MARKET_ENTITY}"]`).innerText(), /不提供/);
    assert.match(await page.locator(`[data-testid="report-table"] tr[data-row-key="${RESOURCE_HARDSHIP_VISIT}"]`).innerText(), /不予共享（不上报）/);
    // Delivered at the exchange: the first resident and the households' versions.
    assert.ok(Number(await cell('report-table', RESOURCE_POPULATION, 'delivered').innerText()) >= 1, 'no delivered resident counted');
    assert.ok(await byId('report-print').isEnabled());
    await animationsFinished(page); // the buttons' and the quarter switch's transitions, before the screenshot
    await screenshot(page, 'official-02-quarterly-report');

    // What goes to paper: the report, without the app's header, menu, or the page's buttons.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await byId('header-user').isVisible(), false, 'the header would be printed');
    assert.equal(await byId('menu-report').isVisible(), false, 'the menu would be printed');
    assert.equal(await byId('report-export').isVisible(), false, 'the buttons would be printed');
    assert.ok(await view.isVisible(), 'the report would not be printed');
    await screenshot(page, 'official-03-quarterly-report-print');
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([page.waitForEvent('download'), byId('report-export').click()]);
    assert.match(download.suggestedFilename(), new RegExp(`${year}Q${quarter}\\.xlsx$`));
    const bytes = readFileSync((await download.path())!);
    assert.ok(bytes.length > 1000, `the workbook is ${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'not a zip (XLSX) file');

    // The workbook opens, names the resources, and holds no personal data either.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void texts.push(c.text))));
    const all = texts.join('\n');
    assert.match(all, /贫困户信息/);
    assert.equal(findSecret(all), undefined, 'personal data in the exported workbook');

    await assertNoPersonalData('the quarterly report');
    await logout();
  });

  test('operators and administrators get 导出诊断包 (a JSON file without personal data); the administrator also 阈值设置', async () => {
    await login('operator', PASSWORDS.operator);
    await byId('menu-status').click();
    await byId('status-overall').waitFor();
    const [bundle] = await Promise.all([page.waitForEvent('download'), byId('status-diagnostics').click()]);
    assert.match(bundle.suggestedFilename(), /\.json$/);
    const json = readFileSync((await bundle.path())!, 'utf8');
    assert.doesNotThrow(() => JSON.parse(json), 'the diagnostics bundle is not JSON');
    assert.equal(findSecret(json), undefined, 'personal data in the diagnostics bundle');
    assert.equal(await byId('status-thresholds').count(), 0, 'the operator may not change thresholds');
    await screenshot(page, 'official-04-operator-dashboard');
    await logout();

    await login('admin', PASSWORDS.admin);
    await byId('menu-status').click();
    await byId('status-overall').waitFor();
    assert.ok(await byId('status-diagnostics').isVisible());
    // A 注意 threshold stricter than its 异常 one is refused with a Chinese reason.
    const before = (await t.ok('admin', 'status.dashboard', {})).thresholds;
    await byId('status-thresholds').click();
    await modalOpened(page, 'status-thresholds-modal');
    await byId('threshold-certYellowDays').fill('5');
    await byId('threshold-certRedDays').fill('20');
    await byId('status-thresholds-submit').click();
    const refusal = page.locator('[data-testid="status-thresholds-modal"] .ant-form-item-explain-error, [data-testid="status-thresholds-error"]');
    await refusal.first().waitFor();
    assert.match(await refusal.first().innerText(), /异常.*注意|注意.*异常/, 'the refusal does not say which threshold must be stricter');
    await screenshot(page, 'official-05-thresholds-refused');
    assert.deepEqual((await t.ok('admin', 'status.dashboard', {})).thresholds, before, 'a refused threshold was saved');
    // Corrected, it is saved and the form closes.
    await byId('threshold-certRedDays').fill('3');
    await byId('status-thresholds-submit').click();
    await waitShown(page, byId('status-thresholds-modal'), 'thresholds-saved', 'detached');
    const saved = (await t.ok('admin', 'status.dashboard', {})).thresholds;
    assert.deepEqual([saved.certYellowDays, saved.certRedDays], [5, 3]);

    // 本单位提供的资源: by default the resources with records; the admin adds 市场主体, which is
    // then judged — and, never updated, 已逾期 — and the heartbeat's list follows.
    await byId('status-provided').click();
    await modalOpened(page, 'status-provided-modal');
    assert.equal(await byId('status-provided-modal').getAttribute('data-set-by-admin'), 'false');
    // check(), not click(): it also makes sure the box is ticked before 保存 is pressed.
    await byId(`status-provided-modal-${RESOURCE_MARKET_ENTITY}`).check();
    await byId('status-provided-submit').click();
    await waitShown(page, byId('status-provided-modal'), 'provided-saved', 'detached');
    const market = page.locator(`[data-testid="status-resource-table"] tr[data-row-key="${RESOURCE_MARKET_ENTITY}"]`);
    await market.locator('[data-overdue="true"]').waitFor();
    const provided = (await t.ok('admin', 'status.dashboard', {})).provided;
    assert.deepEqual([provided.setByAdmin, provided.resourceCodes.includes(RESOURCE_MARKET_ENTITY)], [true, true]);
    await screenshot(page, 'official-06-provided-resources');
    await assertNoPersonalData('the administrator’s dashboard');
  });
});
