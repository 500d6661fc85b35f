// Headless Debian Chromium for end-to-end tests, driven by playwright-core. Flags keep it
// off the network (this machine has none) and quiet; screenshots go to test-results/.
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** For `test(..., { skip })`: false where Chromium is installed, else the reason the test is skipped. */
export const SKIP_WITHOUT_CHROMIUM: false | string = chromiumAvailable() ? false : 'Chromium not installed (apt-get install chromium); end-to-end test skipped';

/**
 * The longest any one wait of an end-to-end test may take: an upper bound for a loaded machine
 * (the suite must pass with CPU burners beside it, where first-run setup alone can take half a
 * minute), never the mechanism — every wait ends as soon as its state is reached.
 */
export const WAIT_BOUND_MS = 120_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: WAIT_BOUND_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Whether the page's person has asked for less motion (the app then opens dialogs and drawers at once). */
export type Motion = 'reduce' | 'no-preference';

/**
 * A Chinese-locale page of the given size (screenshots keep each test's size), downloads
 * allowed, every wait bounded by WAIT_BOUND_MS. By default its person prefers reduced motion,
 * so dialogs and drawers appear and go at once: on a loaded machine their animations last long
 * enough for a test — never a person — to act inside them (a click on a dialog still zooming in
 * from opacity 0 was lost in stop 20's CI). Two waits that hung inside animated dialogs under
 * load, the clerk's withdrawal (stop 21's CI) and the dashboard's 阈值设置, are why; waitShown
 * says what the page was doing if one hangs again. records-pages checks that the preference is
 * what stops the motion.
 */
export async function openPage(browser: Browser, viewport = { width: 1366, height: 900 }, motion: Motion = 'reduce'): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN', acceptDownloads: true, reducedMotion: motion });
  page.setDefaultTimeout(WAIT_BOUND_MS);
  page.setDefaultNavigationTimeout(WAIT_BOUND_MS);
  logCoreCalls(page);
  return page;
}

/** Logs in through the login screen, as a person would (opening `url` first when given). */
export async function logInThroughUi(page: Page, username: string, password: string, url?: string): Promise<void> {
  if (url) await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
}

/** Logs out with the header's button and waits for the login screen. */
export async function logOutThroughUi(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-username').waitFor();
}

/**
 * Picks `text` in the select `testId` by keyboard only, as a clerk without a mouse would: focus,
 * type to filter, Enter. The options may still be loading when the select opens (the catalog,
 * the node's villages, the people in the audit log), and Enter on an empty list picks nothing:
 * so Enter waits until the highlighted option holds `text`, and the pick waits for the list to close.
 */
export async function chooseByKeyboard(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  // The select's search box has the focus now; it names the highlighted option (aria-activedescendant).
  const combobox = await page.evaluateHandle(() => document.activeElement);
  await page.keyboard.type(text);
  await page.waitForFunction(
    ([box, wanted]) => {
      const id = box instanceof Element ? box.getAttribute('aria-activedescendant') : null;
      const option = id ? document.getElementById(id) : null;
      const label = option?.getAttribute('aria-label') ?? option?.getAttribute('title') ?? option?.textContent ?? '';
      return option?.getAttribute('aria-disabled') !== 'true' && label.includes(wanted);
    },
    [combobox, text] as const,
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction((box) => box instanceof Element && box.getAttribute('aria-expanded') !== 'true', combobox);
  await combobox.dispose();
}

/**
 * Waits until the dialog holding `testId` has finished opening: on screen, no longer in antd's
 * zoom-in (its motion classes gone) and fully opaque. Until then the dialog is there but a person
 * cannot see it yet (it starts at opacity 0). Clicks in those first frames are the likely reason
 * the stop-20 CI run saved 本单位提供的资源 without the box the test had clicked (not reproduced
 * since). A state, not a pause.
 */
export async function modalOpened(page: Page, testId: string): Promise<void> {
  const content = page.getByTestId(testId);
  await content.waitFor();
  const element = await content.elementHandle();
  // waitForFunction, not evaluate: it is bounded by the page's wait bound.
  await page.waitForFunction((node) => {
    const dialog = node?.closest('.ant-modal');
    return dialog != null && !/-(appear|enter)\b/.test(dialog.className) && getComputedStyle(dialog).opacity === '1';
  }, element);
  await element?.dispose();
}

/**
 * Waits until the page has stopped moving — no CSS animation or transition running (a closing
 * dropdown, a drawer sliding in, a button's colour fading) — so a screenshot shows the state the
 * test checked. An event, not a pause: each running animation's `finished` promise.
 */
export async function animationsFinished(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // Two frames first: a change just made (a key pressed, a click) starts its transition on the next one.
    for (let frame = 0; frame < 2; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
    // Bounded: an infinite animation (a spinner) never finishes, so only finite ones are awaited, for a few rounds.
    for (let round = 0; round < 10; round++) {
      const running = document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
      if (running.length === 0) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  });
}

/**
 * Counts the page's calls to the core (POST /api/call) from request to answer, so a test can
 * wait until none is under way — the page's data has arrived — instead of for a while.
 */
export function trackCoreCalls(page: Page): { idle(): Promise<void> } {
  let inFlight = 0;
  let waiting: (() => void)[] = [];
  const isCall = (request: Request) => new URL(request.url()).pathname === '/api/call';
  page.on('request', (request) => {
    if (isCall(request)) inFlight++;
  });
  const ended = (request: Request) => {
    if (!isCall(request)) return;
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight > 0) return;
    const resume = waiting;
    waiting = [];
    for (const r of resume) r();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${inFlight} calls to the core still unanswered after ${WAIT_BOUND_MS} ms`)), WAIT_BOUND_MS);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

/** Saves a full-page screenshot as a test artifact, named by step. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The page's latest calls to the core and their answers, for a failed wait to show (personal data stays out: channel and error only). */
const coreCallLogs = new WeakMap<Page, string[]>();
const CORE_CALLS_KEPT = 30;

function logCoreCalls(page: Page): void {
  const log: string[] = [];
  coreCallLogs.set(page, log);
  const keep = (line: string) => {
    log.push(line);
    if (log.length > CORE_CALLS_KEPT) log.shift();
  };
  const channelOf = (request: Request) => {
    try {
      return String((request.postDataJSON() as { channel?: unknown } | null)?.channel ?? '?');
    } catch {
      return '?';
    }
  };
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname !== '/api/call') return;
    const channel = channelOf(request);
    void request
      .response()
      .then((response) => response?.json() as Promise<{ ok: boolean; error?: { code: string; message: string } }> | undefined)
      .then((answer) => keep(answer?.ok ? `${channel}: ok` : `${channel}: ${answer?.error?.code} ${answer?.error?.message}`))
      .catch(() => keep(`${channel}: answer unreadable`));
  });
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).pathname === '/api/call') keep(`${channelOf(request)}: no answer (${request.failure()?.errorText})`);
  });
}

/**
 * Waits for `locator` to be shown (or gone: `detached`) like locator.waitFor(), but a wait that
 * runs out says what the page was doing: its latest calls to the core with their answers, and
 * the dialogs, messages, field errors and alerts on screen — and leaves a screenshot. A flake
 * on a loaded CI machine is then explained by its first occurrence, not guessed at.
 */
export async function waitShown(page: Page, locator: Locator, step: string, state: 'visible' | 'detached' = 'visible'): Promise<void> {
  try {
    await locator.waitFor({ state });
  } catch (error) {
    const onScreen = await page
      .locator('.ant-modal, .ant-message-notice, .ant-form-item-explain-error, .ant-alert')
      .allInnerTexts()
      .catch(() => ['(page unreadable)']);
    await screenshot(page, `failed-${step}`).catch(() => undefined);
    const calls = coreCallLogs.get(page) ?? [];
    throw new Error(
      [
        `${step}: ${(error as Error).message.split('\n')[0]}`,
        `on screen: ${onScreen.map((t) => t.replace(/\s+/g, ' ')).join(' | ') || '(no dialog, message or error)'}`,
        `latest core calls: ${calls.join('; ') || '(none)'}`,
      ].join('\n'),
    );
  }
}
