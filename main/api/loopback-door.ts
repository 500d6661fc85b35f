// Who may come through the loopback bridge's door. Listening on 127.0.0.1 keeps other
// machines out, but not the other two callers that can reach a loopback port:
//  - a web page in the user's own browser, through DNS rebinding (evil.example resolves to
//    127.0.0.1, so its scripts talk to us as a "same-origin" site): refused by the Host and
//    Origin checks below;
//  - any other account on this machine (or on the far end of an SSH tunnel): refused because
//    it does not hold the per-launch secret.
// The secret follows Jupyter's token model: a random token in the link printed to the
// terminal of the user who started `serve`, exchanged once per browser for an HttpOnly cookie
// (another random value, so the token is not what travels with every request), after which
// the token is taken out of the address bar by a redirect.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What the door says about one request. */
export type Verdict =
  | { kind: 'pass' }
  /** The token is right: set `cookie` and send the browser to `location` (the token removed). */
  | { kind: 'exchange'; cookie: string; location: string }
  | { kind: 'refuse'; reason: RefusalReason };

export type RefusalReason = 'host' | 'origin' | 'secret';

/** The Chinese sentence each refusal answers with; nothing behind the door ran. */
export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  host: '访问地址不符，已拒绝：本服务只接受本机地址（127.0.0.1、localhost 或 [::1]）及其启动端口（防 DNS 重绑定）。',
  origin: '请求不是来自本服务自己的页面，已拒绝。',
  secret: '此网页界面只供启动 edge-node serve 的用户本人使用：请用其终端中显示的完整链接（含 ?token=…）打开。若 serve 已重新启动，请使用新显示的链接。',
};

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export interface Door {
  /** The per-launch secret; it goes into the printed link and nowhere else. */
  readonly token: string;
  /** For a page request (GET/HEAD): pass, exchange the token for the cookie, or refuse. */
  page(req: IncomingMessage): Verdict;
  /** For an API call: the Host, our own Origin and the cookie, all required. */
  call(req: IncomingMessage): Verdict;
}

export function createDoor(port: number): Door {
  const token = randomBytes(32).toString('base64url');
  const cookieValue = randomBytes(32).toString('base64url');
  // Cookies ignore ports (RFC 6265 §8.5): the port in the name keeps two serves on one
  // machine (two data folders) from overwriting each other's cookie in one browser.
  const cookieName = `edge_node_door_${port}`;
  const hosts = new Set(LOCAL_HOSTS.flatMap((h) => (port === 80 ? [h, `${h}:80`] : [`${h}:${port}`])));

  const hostOf = (req: IncomingMessage): string | null => {
    const host = req.headers.host?.toLowerCase();
    return host && hosts.has(host) ? host : null;
  };
  const hasCookie = (req: IncomingMessage) => sameSecret(cookieFrom(req, cookieName), cookieValue);
  // A page of another site (or of another port: same-site) must not use our cookie, even
  // for a script tag; Sec-Fetch-Site says so where the browser sends it.
  const crossSite = (req: IncomingMessage) => {
    const site = req.headers['sec-fetch-site'];
    return site !== undefined && site !== 'same-origin' && site !== 'none';
  };
  const foreignOrigin = (req: IncomingMessage, host: string) => {
    const origin = req.headers.origin;
    return origin !== undefined && origin !== `http://${host}`;
  };

  return {
    token,
    page(req) {
      const host = hostOf(req);
      if (!host) return refuse('host');
      if (foreignOrigin(req, host) || crossSite(req)) return refuse('origin');
      const url = new URL(req.url ?? '/', `http://${host}`);
      const offered = url.searchParams.get('token');
      if (offered !== null) {
        if (!sameSecret(offered, token)) return refuse('secret');
        url.searchParams.delete('token');
        return {
          kind: 'exchange',
          // A session cookie (no Max-Age): it ends with the browser, and the value changes with
          // every launch. HttpOnly: page scripts never read it. SameSite=Strict: no other site
          // can make the browser send it.
          cookie: `${cookieName}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/`,
          location: `${url.pathname}${url.search}`,
        };
      }
      return hasCookie(req) ? { kind: 'pass' } : refuse('secret');
    },
    call(req) {
      const host = hostOf(req);
      if (!host) return refuse('host');
      // Browsers send Origin with every POST, so a call without one is not from our page.
      if (req.headers.origin === undefined || foreignOrigin(req, host) || crossSite(req)) return refuse('origin');
      return hasCookie(req) ? { kind: 'pass' } : refuse('secret');
    },
  };
}

const refuse = (reason: RefusalReason): Verdict => ({ kind: 'refuse', reason });

export function cookieFrom(req: IncomingMessage, name: string): string | null {
  const cookie = req.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${name}=`));
  return match ? match.slice(name.length + 1) || null : null;
}

/** Compares in constant time (digests first, so the lengths do not leak either). */
function sameSecret(offered: string | null, expected: string): boolean {
  if (offered === null) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}
