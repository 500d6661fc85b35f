// The operator's 同步队列 in real headless Chromium, against a real core and a real reference
// exchange over mutual TLS (certificates from the openssl test PKI). Records wait in the
// queue; the operator presses 立即同步 and watches the progress bar and the queue drain to
// 0. One record the exchange refuses shows up in the rejected list with its code and
// reason — and no personal data anywhere on the screen; once the exchange is fixed, the
// operator requeues it and it is delivered exactly once. Screenshots go to test-results/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, screenshot } from '../support/browser';
import { closeE2e, openBrowserOn, type BrowserSession } from '../support/web-node';
import { PASSWORDS } from '../support/test-node';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, type SyncNode, type TestExchange } from '../support/sync-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';

const skip = SKIP_WITHOUT_CHROMIUM;

const GOOD_RECORDS = 24;
const BATCH = 2;
/**
 * Per request at the exchange, with one batch on the wire at a time (a bandwidth cap, as an
 * office on a thin line sets it): the 13 batches take long enough that the 2 s status poll sees
 * the run under way, and the estimate (judged over at least 5 s of receipts) appears.
 */
const LATENCY_MS = 1_000;
const BANDWIDTH_CAP_KIBPS = 1_000;
const BIG_ID = makeIdNumber(900);
const NAME = '测试甄隐秘';

/** The sample catalog with 家庭人口数 capped at 3 at the exchange: a 5-person household is refused. */
function exchangeCatalog(version: string, maxHousehold?: number): Catalog {
  const catalog = structuredClone(sampleCatalog) as Catalog;
  catalog.version = version;
  if (maxHousehold !== undefined) catalog.resources.find((r) => r.code === RESOURCE_POVERTY_HOUSEHOLD)!.items.find((i) => i.code === 'household_size')!.max = maxHousehold;
  return catalog;
}

describe('e2e: the operator drains the sync queue', { skip }, () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let web: BrowserSession;
  let page: Page;
  let nodeId: string;
  let bigId: string;
  const ids: string[] = [];

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki, { catalog: exchangeCatalog('2026.12-strict', 3), faults: { latencyMs: LATENCY_MS } });
    // Not automatic: nothing leaves until the operator presses 立即同步.
    t = await startSyncNode({ ...FAST_SYNC, automatic: false });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url, { batchMaxItems: BATCH, bandwidthKiBps: BANDWIDTH_CAP_KIBPS });
    for (let i = 0; i < GOOD_RECORDS; i++) {
      const r = await t.ok('clerk', 'records.create', {
        resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
        fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: makeIdNumber(100 + i), household_size: '2' }),
      });
      ids.push(r.id);
    }
    bigId = (await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: BIG_ID, household_size: '5' }) })).id;

    web = await openBrowserOn(t);
    page = web.page;
  });
  after(() => closeE2e({ web, node: t, exchange, pki }));

  const byId = (id: string) => page.getByTestId(id);
  const depth = async () => Number(await byId('sync-queue-depth').getAttribute('data-value'));
  const waitForValue = (testId: string, value: number) =>
    page.waitForFunction(([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value') === String(v), [testId, value] as const);

  test('the operator lands on 同步队列 and sees what is waiting', async () => {
    await page.goto(web.url);
    await byId('login-username').fill('operator');
    await byId('login-password').fill(PASSWORDS.operator);
    await byId('login-submit').click();
    await byId('header-user').waitFor();
    await byId('sync-queue-depth').waitFor();
    assert.equal(await depth(), GOOD_RECORDS + 1);
    assert.ok(await byId('menu-sync').isVisible());
    // The oldest unsent record's age is shown in words, e.g. "不到 1 分钟".
    assert.match(await byId('sync-oldest').innerText(), /分钟|小时|天/);
    await screenshot(page, 'sync-01-queue-waiting');
  });

  test('立即同步: a progress bar while it runs, then the queue drains to 0 and one item is rejected', async () => {
    await byId('sync-now').click();
    await byId('sync-progress').waitFor();
    const total = Number(await byId('sync-progress').getAttribute('data-total'));
    assert.ok(total > 0 && total <= GOOD_RECORDS + 1, `progress total ${total}`);
    // What is left and how long it should take, from the rate the exchange acknowledged.
    await byId('sync-eta').waitFor();
    assert.match(await byId('sync-eta').innerText(), /剩余 \d+ 条，预计还需(不到 1 分钟|约 \d+ 分钟)/);
    await screenshot(page, 'sync-02-progress');

    await waitForValue('sync-queue-depth', 0);
    await waitForValue('sync-rejected-count', 1);
    await page.locator('[data-testid="sync-link-state"][data-link="online"]').waitFor();
    await byId('sync-progress').waitFor({ state: 'detached' });

    // The refused record: id, resource name, the exchange's code and Chinese reason.
    const row = page.locator('[data-testid="sync-rejected-table"] tbody tr[data-row-key]');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const text = await row.first().innerText();
    assert.match(text, new RegExp(bigId));
    assert.match(text, /贫困户信息/);
    assert.match(text, /家庭人口数/);
    // The exchange's code and the protocol's numbers are county IT's: behind 技术信息.
    assert.doesNotMatch(text, /INVALID_FIELD/);
    assert.doesNotMatch(await page.locator('body').innerText(), /恢复纪元|高水位|epoch/i);
    await screenshot(page, 'sync-03-drained-one-rejected');
    await byId('sync-tech-toggle').click();
    await byId('sync-tech-info').waitFor();
    assert.match(await row.first().innerText(), /INVALID_FIELD/);
    assert.match(await byId('sync-tech-info').innerText(), /恢复纪元[\s\S]*高水位/);
    await screenshot(page, 'sync-03b-technical-details');
    await byId('sync-tech-toggle').click();

    // No personal data anywhere on the operator's screen.
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(NAME), 'a name is on the operator screen');
    assert.ok(!body.includes(BIG_ID) && !body.includes(makeIdNumber(100)), 'an ID number is on the operator screen');

    const applied = exchange.appliedVersions(nodeId);
    assert.equal(applied.length, GOOD_RECORDS);
    assert.ok(applied.every((v) => v.count === 1));
  });

  test('after the exchange is fixed, 重新排队 with a confirm, 立即同步: delivered exactly once', async () => {
    exchange.setCatalog(exchangeCatalog('2026.12-relaxed'));
    const seq = await page.locator('[data-testid="sync-rejected-table"] tbody tr[data-row-key]').first().getAttribute('data-row-key');
    await byId(`sync-requeue-${seq}`).click();
    await page.locator('[data-testid="sync-requeue-confirm"]:visible').click();
    await page.locator(`[data-testid="sync-rejected-table"] tr[data-row-key="${seq}"]`).waitFor({ state: 'detached' });
    await waitForValue('sync-queue-depth', 1);
    await waitForValue('sync-rejected-count', 0);

    await byId('sync-now').click();
    await waitForValue('sync-queue-depth', 0);
    await page.locator('[data-testid="sync-link-state"][data-link="online"]').waitFor();
    await screenshot(page, 'sync-04-requeued-delivered');
    assert.deepEqual(exchange.appliedVersions(nodeId).filter((v) => v.recordId === bigId), [{ recordId: bigId, version: 1, count: 1 }]);
    assert.equal(exchange.appliedVersions(nodeId).length, GOOD_RECORDS + 1);
  });

  test('暂停 holds the queue with a grey notice; 继续 releases it', async () => {
    await byId('sync-pause').click();
    await page.locator('[data-testid="sync-link-state"][data-link="paused"]').waitFor();
    await page.locator('[data-testid="sync-problem"][data-link="paused"]').waitFor();
    assert.equal(await byId('sync-now').isDisabled(), true, '立即同步 does nothing while paused, so it is disabled');
    await screenshot(page, 'sync-05-paused');

    const held = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(950), household_size: '2' }) });
    await waitForValue('sync-queue-depth', 1);
    await byId('sync-resume').click();
    await page.locator('[data-testid="sync-link-state"]:not([data-link="paused"])').waitFor();
    await byId('sync-now').click();
    await waitForValue('sync-queue-depth', 0);
    assert.equal(exchange.appliedVersions(nodeId).filter((v) => v.recordId === held.id).length, 1);
  });
});
