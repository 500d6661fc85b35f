// Headless Debian Chromium for end-to-end tests, driven by playwright-core. Flags keep it
// off the network (this machine has none) and quiet; screenshots go to test-results/.
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** For `test(..., { skip })`: false where Chromium is installed, else the reason the test is skipped. */
export const SKIP_WITHOUT_CHROMIUM: false | string = chromiumAvailable() ? false : 'Chromium not installed (apt-get install chromium); end-to-end test skipped';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A Chinese-locale page of the given size (screenshots keep each test's size), downloads allowed, bounded waits. */
export async function openPage(browser: Browser, viewport = { width: 1366, height: 900 }, timeoutMs = 20_000): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN', acceptDownloads: true });
  page.setDefaultTimeout(timeoutMs);
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

/** Picks `text` in the select `testId` by keyboard only, as a clerk without a mouse would: focus, type to filter, Enter. */
export async function chooseByKeyboard(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Saves a full-page screenshot as a test artifact, named by step. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
