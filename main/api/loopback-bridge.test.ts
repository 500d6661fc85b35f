// The loopback bridge must behave like the Electron relay for the browser it admitted: the
// session stays in an HttpOnly cookie the page cannot read, and no file outside the renderer
// folder is served. Who is admitted at all is test/security/loopback-door.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackBridge, type LoopbackBridge } from './loopback-bridge';
import { startSetUpNode, ADMIN } from '../../test/support/test-node';
import { admit, callAsPage, ownPageHeaders, rawRequest, sessionCookieOf } from '../../test/support/loopback-client';

let t: Awaited<ReturnType<typeof startSetUpNode>>;
let bridge: LoopbackBridge;
let door: string;
const staticDir = mkdtempSync(join(tmpdir(), 'edge-node-static-'));

before(async () => {
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>节点</title>');
  t = await startSetUpNode();
  bridge = await startLoopbackBridge({ node: t.node, staticDir });
  door = await admit(bridge);
});
after(async () => {
  await bridge.close();
  t.cleanup();
  rmSync(staticDir, { recursive: true, force: true });
});

const page = (path: string) => rawRequest(bridge.origin, { path, headers: { host: new URL(bridge.origin).host, cookie: door } });

test('the printed link sets the door cookie (HttpOnly, SameSite=Strict, per port) and takes the token out of the address', async () => {
  const link = new URL(bridge.url);
  assert.match(link.searchParams.get('token') ?? '', /^[\w-]{43}$/);
  const answer = await rawRequest(bridge.origin, { path: `/?keep=1&token=${link.searchParams.get('token')}`, headers: { host: link.host } });
  assert.ok('status' in answer);
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.location, '/?keep=1');
  const cookie = String(answer.headers['set-cookie']);
  assert.match(cookie, new RegExp(`^edge_node_door_${link.port}=`));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.doesNotMatch(cookie, /Max-Age|Expires/, 'the door cookie must end with the browser');
  assert.ok(!cookie.includes(link.searchParams.get('token')!), 'the cookie must not be the token itself');
});

test('login sets an HttpOnly, SameSite=Strict session cookie and the token is not in the body', async () => {
  const res = await callAsPage(bridge, door, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const session = sessionCookieOf(res)!;
  const token = session.split('=')[1]!;
  assert.ok(!res.body.includes(token), 'session token leaked into the response body');
  const me = await callAsPage(bridge, door, 'auth.me', {}, { session });
  assert.equal((JSON.parse(me.body) as { value: { username: string } }).value.username, ADMIN.username);
});

test('calls without the bridge header are refused', async () => {
  const res = await rawRequest(bridge.origin, { method: 'POST', path: '/api/call', headers: { ...ownPageHeaders(bridge.origin), cookie: door }, body: '{"channel":"setup.status","input":{}}' });
  assert.ok('status' in res);
  assert.equal(res.status, 403);
});

test('malformed JSON gets a Chinese BAD_INPUT answer', async () => {
  const res = await rawRequest(bridge.origin, { method: 'POST', path: '/api/call', headers: { ...ownPageHeaders(bridge.origin), cookie: door, 'x-edge-node': '1' }, body: '{not json' });
  assert.ok('status' in res);
  assert.deepEqual(JSON.parse(res.body), { ok: false, error: { code: 'BAD_INPUT', message: '请求内容不是有效的 JSON' } });
});

test('files outside the renderer folder are never served', async () => {
  // A raw request so the client does not normalise the ../ away.
  const escape = await page('/../../../../etc/passwd');
  assert.ok('status' in escape);
  assert.equal(escape.status, 404);
  const index = await page('/');
  assert.ok('status' in index);
  assert.equal(index.status, 200);
  assert.match(String(index.headers['content-security-policy']), /script-src 'self'/);
});

test('a file of several megabytes reaches the core through the bridge', async () => {
  // Imports send whole files (base64) in one call; 3 MB must pass for the admitted page.
  const res = await rawRequest(bridge.origin, {
    method: 'POST',
    path: '/api/call',
    headers: { ...ownPageHeaders(bridge.origin), cookie: door, 'x-edge-node': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'setup.status', input: {}, padding: 'x'.repeat(3 * 1024 * 1024) }),
  });
  assert.ok('status' in res);
  assert.equal(res.status, 200);
  assert.equal((JSON.parse(res.body) as { ok: boolean }).ok, true);
});
