// The loopback bridge must behave like the Electron relay: only our own page may call, the
// session stays in an HttpOnly cookie the page cannot read, and no file outside the
// renderer folder is served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startLoopbackBridge, type LoopbackBridge } from './loopback-bridge';
import { startSetUpNode, ADMIN } from '../../test/support/test-node';

let t: Awaited<ReturnType<typeof startSetUpNode>>;
let bridge: LoopbackBridge;
const staticDir = mkdtempSync(join(tmpdir(), 'edge-node-static-'));

before(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>节点</title>');
  t = await startSetUpNode();
  bridge = await startLoopbackBridge({ node: t.node, staticDir });
});
after(async () => {
  await bridge.close();
  t.cleanup();
  rmSync(staticDir, { recursive: true, force: true });
});

function post(body: unknown, headers: Record<string, string> = { 'x-edge-node': '1' }) {
  return fetch(new URL('/api/call', bridge.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

test('login sets an HttpOnly, SameSite=Strict cookie and the token is not in the body', async () => {
  const res = await post({ channel: 'auth.login', input: { username: ADMIN.username, password: ADMIN.password } });
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const token = /edge_node_session=([^;]+)/.exec(cookie)![1]!;
  const text = await res.text();
  assert.ok(!text.includes(token), 'session token leaked into the response body');
  const me = await post({ channel: 'auth.me', input: {} }, { 'x-edge-node': '1', cookie: `edge_node_session=${token}` });
  assert.equal(((await me.json()) as { value: { username: string } }).value.username, ADMIN.username);
});

test('calls without the bridge header or from another origin are refused', async () => {
  assert.equal((await post({ channel: 'setup.status', input: {} }, {})).status, 403);
  assert.equal((await post({ channel: 'setup.status', input: {} }, { 'x-edge-node': '1', origin: 'http://evil.example' })).status, 403);
});

test('malformed JSON gets a Chinese BAD_INPUT answer', async () => {
  const res = await fetch(new URL('/api/call', bridge.url), { method: 'POST', headers: { 'x-edge-node': '1' }, body: '{not json' });
  assert.deepEqual(await res.json(), { ok: false, error: { code: 'BAD_INPUT', message: '请求内容不是有效的 JSON' } });
});

test('files outside the renderer folder are never served', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    // A raw request so the client does not normalise the ../ away.
    const req = request(new URL(bridge.url), { path: '/../../../../etc/passwd', method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 404);
  const index = await fetch(bridge.url);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-security-policy') ?? '', /script-src 'self'/);
});

test('a file of several megabytes reaches the core through the bridge', async () => {
  // Imports send whole files (base64) in one call; 3 MB must pass where 1 MiB used to fail.
  const res = await post({ channel: 'setup.status', input: {}, padding: 'x'.repeat(3 * 1024 * 1024) });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { ok: boolean }).ok, true);
});
