// The record list in real headless Chromium, paged by place (the core reads a page next to a
// shown row, the same cost first page or last): 45 records, 20 a page. The clerk sees the
// count and the page, turns to the next page, jumps to the last one (the oldest records), and
// comes back up, where the short top page gives way to the first page, whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SKIP_WITHOUT_CHROMIUM, logInThroughUi, openPage, screenshot } from '../support/browser';
import { webNodeInBrowser } from '../support/web-node';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { addReadyAccount } from '../support/accounts';
import { bulkRegister } from '../support/bulk-register';

const skip = SKIP_WITHOUT_CHROMIUM;
const RECORDS = 45;
/** Record ids, oldest first (registered a second apart). */
let ids: string[] = [];

const web = webNodeInBrowser({
  async prepare(t) {
    const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(setup.ok, JSON.stringify(setup));
    const admin = await t.login(ADMIN.username, ADMIN.password);
    await addReadyAccount(t.node, admin, { username: 'clerk', displayName: '李录入', role: 'clerk', unit: '扶贫办', password: PASSWORDS.clerk });
    const base = Date.now() - RECORDS * 1000;
    ids = await bulkRegister(t.dataDir, t.keyFile, RECORDS, { at: (i) => new Date(base + i * 1000) });
  },
});

const byId = (id: string) => web.page.getByTestId(id);
const rowsOn = (page: Page) => page.locator('[data-testid="records-table"] tbody tr[data-row-key]');
const rows = () => rowsOn(web.page);
const shownIds = async () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')!));
/** Waits until the pager says `where` and the table shows the page that goes with it. */
async function atPage(where: RegExp, first: string): Promise<string[]> {
  await web.page.waitForFunction(
    ([pattern, id]) => new RegExp(pattern!).test(document.querySelector('[data-testid="records-total"]')?.textContent ?? '') && document.querySelector('[data-testid="records-table"] tbody tr[data-row-key]')?.getAttribute('data-row-key') === id,
    [where.source, first],
  );
  return shownIds();
}

test('the clerk pages through 45 records: next, last, and back up to the first page', { skip }, async () => {
  const newestFirst = [...ids].reverse();
  await logInThroughUi(web.page, 'clerk', PASSWORDS.clerk, web.url);
  await byId('menu-records').click();

  assert.deepEqual(await atPage(/共 45 条，第 1 \/ 3 页/, newestFirst[0]!), newestFirst.slice(0, 20));
  assert.ok(await byId('records-page-first').isDisabled());
  assert.ok(await byId('records-page-newer').isDisabled());
  await screenshot(web.page, '60-records-page-1');

  await byId('records-page-older').click();
  assert.deepEqual(await atPage(/第 2 \/ 3 页/, newestFirst[20]!), newestFirst.slice(20, 40));

  await byId('records-page-last').click();
  assert.deepEqual(await atPage(/第 3 \/ 3 页/, newestFirst[25]!), newestFirst.slice(25), 'the last page is the 20 oldest records');
  assert.ok(await byId('records-page-older').isDisabled());
  assert.ok(await byId('records-page-last').isDisabled());
  await screenshot(web.page, '61-records-last-page');

  await byId('records-page-newer').click();
  assert.deepEqual(await atPage(/第 2 \/ 3 页/, newestFirst[5]!), newestFirst.slice(5, 25));
  // Above that are only 5 records: the screen shows the first page whole instead.
  await byId('records-page-newer').click();
  assert.deepEqual(await atPage(/第 1 \/ 3 页/, newestFirst[0]!), newestFirst.slice(0, 20));
  assert.ok(await byId('records-page-newer').isDisabled());
});

/**
 * Clicks the first row and answers whether anything on the page started a motion (antd's
 * `…-enter` / `…-appear` classes) while the record's drawer came up. Watched from inside the
 * page, from before the click, so the answer does not depend on how quickly it is asked.
 */
async function drawerMoved(page: Page): Promise<boolean> {
  const moved = page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        let sawMotion = false;
        const observer = new MutationObserver((changes) => {
          for (const change of changes) {
            const nodes = change.type === 'attributes' ? [change.target] : [...change.addedNodes];
            for (const node of nodes) {
              if (node instanceof Element && [node, ...node.querySelectorAll('*')].some((e) => /-(enter|appear)\b/.test(e.className.toString()))) sawMotion = true;
            }
          }
          if (document.querySelector('[data-testid="record-drawer"][data-record-id]:not([data-record-id=""])')) {
            observer.disconnect();
            resolve(sawMotion);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      }),
  );
  await rowsOn(page).first().click();
  return moved;
}

test('a clerk who asked the system for less motion sees a record open at once; others see it slide in', { skip }, async () => {
  // The suite's page prefers reduced motion (openPage's default); it is still logged in.
  assert.equal(await drawerMoved(web.page), false, 'the drawer slid in although the system asks for less motion');
  await byId('record-drawer').waitFor();

  const moving = await openPage(web.browser, undefined, 'no-preference');
  try {
    await logInThroughUi(moving, 'clerk', PASSWORDS.clerk, web.url);
    await moving.getByTestId('menu-records').click();
    await rowsOn(moving).first().waitFor();
    assert.equal(await drawerMoved(moving), true, 'without the preference the drawer should slide in (else this test proves nothing)');
  } finally {
    await moving.close();
  }
});
