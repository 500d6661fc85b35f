// The main-process handler for IPC_CALL_CHANNEL: checks who is calling and what, relays
// the call to the core, and keeps the session token out of the renderer.
//
// Pure (no electron import): main.ts turns Electron's IpcMainInvokeEvent into a `Sender`.
// Everything arriving from the renderer is `unknown` until checked; the core then validates
// the input against the contract's schema and checks the caller's role.
import { isChannelName, type ApiResult } from '../../common/contract';
import { isAppUrl } from './app-origin';
import type { CoreAnswer } from './core-client';
import { log } from '../../platform/log';

/** The facts about an IPC sender the relay decides on. */
export interface Sender {
  webContentsId: number;
  /** URL of the frame that sent the message; null when the frame is already gone. */
  frameUrl: string | null;
  /** False for iframes: only the top-level page of our window may call the core. */
  isMainFrame: boolean;
}

export interface RelayOptions {
  core: { call(sessionToken: string | null, channel: string, input: unknown): Promise<CoreAnswer> };
  /** The webContents id of our main window, or null while there is none. */
  trustedWebContentsId: () => number | null;
}

export const REJECTED_SENDER = '拒绝了来自未知页面的调用';
export const UNKNOWN_CHANNEL = '未知的接口';

export function isTrustedSender(sender: Sender, trustedWebContentsId: number | null): boolean {
  return (
    trustedWebContentsId !== null &&
    sender.webContentsId === trustedWebContentsId &&
    sender.isMainFrame &&
    isAppUrl(sender.frameUrl)
  );
}

export class IpcRelay {
  /** Session tokens by webContents id. Lives only in the main process's memory. */
  private readonly sessions = new Map<number, string>();

  constructor(private readonly options: RelayOptions) {}

  async handle(sender: Sender, channel: unknown, input: unknown): Promise<ApiResult<unknown>> {
    if (!isTrustedSender(sender, this.options.trustedWebContentsId())) {
      log.warn(`refused an IPC call from webContents ${sender.webContentsId} (${describeUrl(sender.frameUrl)})`);
      return { ok: false, error: { code: 'FORBIDDEN', message: REJECTED_SENDER } };
    }
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: UNKNOWN_CHANNEL } };
    }
    const token = this.sessions.get(sender.webContentsId) ?? null;
    const answer = await this.options.core.call(token, channel, input);
    if (answer.sessionToken !== undefined) {
      if (answer.sessionToken === null) this.sessions.delete(sender.webContentsId);
      else this.sessions.set(sender.webContentsId, answer.sessionToken);
    }
    // Only the result goes back: the token stays here.
    return answer.result;
  }

  /** A window closed: its session ends with it. */
  forget(webContentsId: number): void {
    this.sessions.delete(webContentsId);
  }

  /** The core restarted, so every session it knew is gone. */
  forgetAll(): void {
    this.sessions.clear();
  }

  /** For tests: whether a token is held for a webContents. */
  hasSession(webContentsId: number): boolean {
    return this.sessions.has(webContentsId);
  }
}

/** Scheme and host only: a URL may carry anything in its path or query. */
function describeUrl(url: string | null): string {
  if (!url) return 'no frame';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'unparsable URL';
  }
}
