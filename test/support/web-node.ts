// A real node served to a real browser: the built renderer over the loopback bridge, with
// the core behind it on a temporary data folder.
import { after, before } from 'node:test';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startLoopbackBridge, type LoopbackBridge } from '../../main/api/loopback-bridge';
import type { EdgeNode } from '../../main/api/runtime';
import { SKIP_WITHOUT_CHROMIUM, launchBrowser, openPage, type Motion } from './browser';
import { startTestNode, type TestNode } from './test-node';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

/**
 * Serves a test node to the browser. Each call reaches whatever `t.node` is when it arrives,
 * so a test that reopens the node (a restart, a restore) keeps its page. The bridge's `url`
 * is the link `serve` prints, with this launch's secret: a page that opens it gets the door
 * cookie (each new browser page opens it again), so tests go through the real door.
 */
export function serveToBrowser(t: { readonly node: EdgeNode }): Promise<LoopbackBridge> {
  return startLoopbackBridge({ node: { dispatch: (...args) => t.node.dispatch(...args), close: () => t.node.close() }, staticDir: RENDERER_DIR });
}

export async function startWebNode(): Promise<TestNode & { bridge: LoopbackBridge; url: string; stop(): Promise<void> }> {
  const t = await startTestNode();
  const bridge = await serveToBrowser(t);
  return {
    ...t,
    bridge,
    url: bridge.url,
    async stop() {
      await bridge.close();
      t.cleanup();
    },
  };
}

/** What `openPage` takes: the page's size in CSS pixels. */
export type Viewport = { width: number; height: number };

/** A node served to headless Chromium, with one page open. */
export interface BrowserSession {
  bridge: LoopbackBridge;
  /** The bridge's link with this launch's door secret (see `serveToBrowser`). */
  url: string;
  browser: Browser;
  page: Page;
  /** Closes the browser, then the bridge; the node is left to whoever started it. */
  close(): Promise<void>;
}

/** Serves `t` to a newly launched Chromium and opens one page (`openPage`'s size and motion unless given). */
export async function openBrowserOn(t: { readonly node: EdgeNode }, viewport?: Viewport, motion?: Motion): Promise<BrowserSession> {
  const bridge = await serveToBrowser(t);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await openPage(browser, viewport, motion);
    const launched = browser;
    return {
      bridge,
      url: bridge.url,
      browser,
      page,
      async close() {
        await launched.close();
        await bridge.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await bridge.close();
    throw error;
  }
}

/**
 * An end-to-end suite's `after`: closes, in this order, whatever its `before` got as far as
 * starting — the browser session, the node, then the exchange and test PKI it synced with.
 */
export async function closeE2e(started: {
  web?: BrowserSession;
  node?: { cleanup(): void };
  exchange?: { close(): Promise<void> };
  pki?: { cleanup(): void };
}): Promise<void> {
  await started.web?.close();
  started.node?.cleanup();
  await started.exchange?.close();
  started.pki?.cleanup();
}

/** A fresh test node (first-run setup not done yet) in Chromium: the node's calls, and the page. */
export type WebNodeInBrowser = TestNode & Omit<BrowserSession, 'close'>;

/**
 * For a file of end-to-end tests on one node: registers the file's `before` (start a fresh
 * node, run `prepare` on it, serve it to Chromium and open a page of `viewport`'s size) and
 * its `after` (close the browser, the bridge and the node). Where Chromium is missing the
 * hooks do nothing and the tests skip. The returned object answers once `before` has run:
 * it forwards to the node as `reopen` leaves it, so `web.node` is always the open one.
 */
export function webNodeInBrowser(options: { viewport?: Viewport; prepare?: (t: TestNode) => Promise<void> } = {}): WebNodeInBrowser {
  let node: TestNode | undefined;
  let session: BrowserSession | undefined;
  before(async () => {
    if (SKIP_WITHOUT_CHROMIUM) return;
    node = await startTestNode();
    await options.prepare?.(node);
    session = await openBrowserOn(node, options.viewport);
  });
  after(async () => {
    await session?.close();
    node?.cleanup();
  });
  const notYet = (): never => {
    throw new Error('webNodeInBrowser: used before its before hook ran');
  };
  const t = () => node ?? notYet();
  const s = () => session ?? notYet();
  return {
    get node() {
      return t().node;
    },
    get dataDir() {
      return t().dataDir;
    },
    get keyFile() {
      return t().keyFile;
    },
    call: (token, channel, input) => t().call(token, channel, input),
    login: (username, password) => t().login(username, password),
    reopen: (extra) => t().reopen(extra),
    cleanup: () => t().cleanup(),
    get bridge() {
      return s().bridge;
    },
    get url() {
      return s().url;
    },
    get browser() {
      return s().browser;
    },
    get page() {
      return s().page;
    },
  };
}
