// The loopback bridge: serves the built renderer over http://127.0.0.1 and implements
// window.edgeNode with fetch, answering through the same EdgeNode.dispatch the Electron shell
// uses. It lets the real UI run in plain Chromium against a real core — for end-to-end tests
// and for machines without a display (reach it through an SSH tunnel). Like the Electron
// relay, it keeps the session token itself (an HttpOnly cookie), so page scripts never see it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { EdgeNode } from './runtime';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const COOKIE = 'edge_node_session';
/** Imports send files of up to 64 MiB as base64 (a third larger) inside one call. */
const MAX_BODY_BYTES = 96 * 1024 * 1024;
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

/** Defines window.edgeNode for the page; served at /bridge.js before the app's bundle. */
const BRIDGE_SCRIPT = `'use strict';
window.edgeNode = Object.freeze({
  call(channel, input) {
    return fetch('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-edge-node': '1' },
      body: JSON.stringify({ channel, input }),
    }).then((r) => r.json()).catch(() => ({ ok: false, error: { code: 'INTERNAL', message: '与本机节点服务的连接中断，请刷新页面重试' } }));
  },
});
`;

export interface LoopbackBridge {
  url: string;
  close(): Promise<void>;
}

export async function startLoopbackBridge(options: { node: EdgeNode; staticDir: string; port?: number; host?: '127.0.0.1' | '::1' }): Promise<LoopbackBridge> {
  const staticRoot = resolve(options.staticDir);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain; charset=utf-8', '内部错误'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/api/call') return call(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    if (path === '/bridge.js') return send(res, 200, TYPES['.js']!, BRIDGE_SCRIPT);
    return serveFile(res, path === '/' ? '/index.html' : path);
  }

  async function call(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only our own page may call: a custom header forces a CORS preflight that we never
    // answer, and the Origin, when present, must be ours.
    const origin = req.headers.origin;
    if (req.method !== 'POST' || req.headers['x-edge-node'] !== '1' || (origin && origin !== `http://${req.headers.host}`)) {
      return send(res, 403, 'text/plain; charset=utf-8', 'forbidden');
    }
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      return sendJson(res, { ok: false, error: { code: 'BAD_INPUT', message: `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB，未处理` } });
    }
    let body: { channel?: unknown; input?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return sendJson(res, { ok: false, error: { code: 'BAD_INPUT', message: '请求内容不是有效的 JSON' } });
    }
    const answer = await options.node.dispatch(sessionFrom(req), body.channel, body.input);
    if (answer.sessionToken !== undefined) {
      res.setHeader(
        'set-cookie',
        answer.sessionToken
          ? `${COOKIE}=${answer.sessionToken}; HttpOnly; SameSite=Strict; Path=/`
          : `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`,
      );
    }
    sendJson(res, answer.result);
  }

  async function serveFile(res: ServerResponse, path: string): Promise<void> {
    const file = resolve(join(staticRoot, path));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function sessionFrom(req: IncomingMessage): string | null {
  const cookie = req.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`));
  return match ? match.slice(COOKIE.length + 1) || null : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap, stop keeping data but read on, so the answer can still reach the page.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? fail(new Error('request too large')) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}
