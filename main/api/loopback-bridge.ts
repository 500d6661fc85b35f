// The loopback bridge: serves the built renderer over http://127.0.0.1 and implements
// window.edgeNode with fetch, answering through the same EdgeNode.dispatch the Electron shell
// uses. It lets the real UI run in plain Chromium against a real core — for end-to-end tests
// and for machines without a display (reach it through an SSH tunnel). Like the Electron
// relay, it keeps the session token itself (an HttpOnly cookie), so page scripts never see it.
//
// A loopback port is reachable by every account on the machine and, through DNS rebinding,
// by web pages in the user's browser; the door (loopback-door.ts) lets in only the browser
// that opened the printed link. Everything else is refused before its body is read and
// before the core sees anything.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { EdgeNode } from './runtime';
import { cookieFrom, createDoor, REFUSAL_MESSAGES, type Door, type RefusalReason } from './loopback-door';
import { BRIDGE_SCRIPT } from './loopback-bridge-script';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Imports send files of up to 64 MiB as base64 (a third larger) inside one call. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
/** What a refused request may send before we stop reading it: its body is never parsed. */
export const PREAUTH_BODY_BYTES = 64 * 1024;
/** Requests in progress at once, from the admitted browser; more are answered 429. */
export const MAX_CONCURRENT_REQUESTS = 16;
const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface LoopbackBridge {
  /** The link to open: the origin plus this launch's secret (`/?token=…`). Only for the user who started it. */
  url: string;
  /** http://127.0.0.1:PORT, without the secret (for messages others may read). */
  origin: string;
  close(): Promise<void>;
}

export async function startLoopbackBridge(options: {
  node: EdgeNode;
  staticDir: string;
  port?: number;
  host?: '127.0.0.1' | '::1';
}): Promise<LoopbackBridge> {
  const staticRoot = resolve(options.staticDir);
  let inFlight = 0;
  // Both need the port, known once listening (port 0: any free one).
  let door: Door | null = null;
  let sessionCookie = 'edge_node_session';

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, TEXT, '内部错误');
      else res.destroy();
    });
  });
  // A caller that opens connections and never finishes its headers or body is cut off.
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!door) return send(res, 503, TEXT, '服务正在启动，请稍候');
    const path = safePath(req.url);
    const isCall = path === '/api/call';
    const verdict = isCall ? door.call(req) : door.page(req);
    if (verdict.kind === 'refuse') return refuse(req, res, 403, isCall, verdict.reason);
    if (verdict.kind === 'exchange') {
      await discardBody(req, PREAUTH_BODY_BYTES);
      res.writeHead(303, { location: verdict.location, 'set-cookie': verdict.cookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end();
      return;
    }
    // Admitted. Only these count against the cap, so nobody outside can use it up.
    if (inFlight >= MAX_CONCURRENT_REQUESTS) return refuse(req, res, 429, isCall, 'busy');
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    if (isCall) return call(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, TEXT, '不支持的请求方法');
    if (path === null) return send(res, 404, TEXT, 'not found');
    if (path === '/bridge.js') return send(res, 200, TYPES['.js']!, BRIDGE_SCRIPT);
    return serveFile(res, path === '/' ? '/index.html' : path);
  }

  async function call(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The custom header forces a CORS preflight (which we never answer) on any cross-origin
    // fetch, in addition to the door's Origin check.
    if (req.method !== 'POST' || req.headers['x-edge-node'] !== '1') return refuse(req, res, 403, true, 'origin');
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, { ok: false, error: { code: 'BAD_INPUT', message: `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB，未处理` } }, true);
    let body: { channel?: unknown; input?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return sendJson(res, 200, { ok: false, error: { code: 'BAD_INPUT', message: '请求内容不是有效的 JSON' } });
    }
    const answer = await options.node.dispatch(cookieFrom(req, sessionCookie), body.channel, body.input);
    if (answer.sessionToken !== undefined) {
      res.setHeader(
        'set-cookie',
        answer.sessionToken
          ? `${sessionCookie}=${answer.sessionToken}; HttpOnly; SameSite=Strict; Path=/`
          : `${sessionCookie}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
      );
    }
    sendJson(res, 200, answer.result);
  }

  async function serveFile(res: ServerResponse, path: string): Promise<void> {
    const file = resolve(join(staticRoot, path));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return send(res, 404, TEXT, 'not found');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, TEXT, 'not found');
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  door = createDoor(port);
  // Cookies ignore ports: two serves on one machine must not share a session cookie.
  sessionCookie = `edge_node_session_${port}`;
  const origin = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    url: `${origin}/?token=${door.token}`,
    origin,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

const BUSY_MESSAGE = '本机节点服务同时处理的请求过多，请稍后重试。';

/**
 * Answers a request that gets no further, with a Chinese sentence (JSON for an API call, so
 * the page can show it). A small body is read and dropped first so the answer arrives
 * cleanly; a larger one is not read at all: the connection is closed after the answer.
 */
async function refuse(req: IncomingMessage, res: ServerResponse, status: 403 | 429, isCall: boolean, reason: RefusalReason | 'busy'): Promise<void> {
  const message = reason === 'busy' ? BUSY_MESSAGE : REFUSAL_MESSAGES[reason];
  const drained = await discardBody(req, PREAUTH_BODY_BYTES);
  if (status === 429) res.setHeader('retry-after', '1');
  if (isCall) sendJson(res, status, { ok: false, error: { code: reason === 'busy' ? 'CONFLICT' : 'FORBIDDEN', message } }, true);
  else send(res, status, TEXT, message, true);
  if (!drained) res.once('finish', () => req.socket.destroy());
}

/** Reads and drops a body of at most `limit` bytes; false (stops reading) when it is larger. */
function discardBody(req: IncomingMessage, limit: number): Promise<boolean> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(false);
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((ok) => {
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        ok(false);
      }
    };
    req.on('data', onData);
    req.once('end', () => ok(true));
    req.once('error', () => ok(false));
  });
}

/** The body as text, or null when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve(null);
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap, stop keeping data but read on, so the answer can still reach the page.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => ok(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** The decoded path, or null when it cannot be decoded (a bad %-escape). */
function safePath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  send(res, status, JSON_TYPE, JSON.stringify(value), close);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, close = false): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
