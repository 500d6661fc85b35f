// The loopback door (issue 10, section 1): `edge-node serve` answers only the browser tab
// that opened the link printed to its user's terminal. Each test plays one caller that can
// reach a loopback port — a rebinding web page, a page of another origin, a local program
// without the secret, another account on the machine, a flood — and checks that it was
// refused and that nothing happened: the node it aims at is uninitialised, and a take-over
// by setup.initialize is what every refused request carries.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CONCURRENT_REQUESTS, startLoopbackBridge, type LoopbackBridge } from '../../main/api/loopback-bridge';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE, startSetUpNode, startTestNode, type TestNode } from '../support/test-node';
import { admit, callAsPage, ownPageHeaders, rawRequest, type RawAnswer } from '../support/loopback-client';
import { BASE_WAIT_MS } from '../../main/core/unlock-attempts';

const TAKE_OVER = JSON.stringify({ channel: 'setup.initialize', input: { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE } });
const staticDir = mkdtempSync(join(tmpdir(), 'edge-node-door-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>节点</title>');
after(() => rmSync(staticDir, { recursive: true, force: true }));

/** Serves whatever node `t.node` is when a call arrives (a test may restart it). */
const serve = (t: { readonly node: TestNode['node'] }) =>
  startLoopbackBridge({ node: { dispatch: (...args) => t.node.dispatch(...args), close: () => t.node.close() }, staticDir });

function refused(answer: RawAnswer | { cut: string }, status: number, message: RegExp): void {
  assert.ok('status' in answer, `expected a ${status} answer, the connection was cut: ${'cut' in answer ? answer.cut : ''}`);
  assert.equal(answer.status, status, answer.body);
  assert.match(answer.body, message);
}

describe('an uninitialised node behind serve', () => {
  let t: TestNode;
  let bridge: LoopbackBridge;
  let door: string;
  let port: string;

  before(async () => {
    t = await startTestNode();
    bridge = await serve(t);
    door = await admit(bridge);
    port = new URL(bridge.origin).port;
  });
  after(async () => {
    await bridge?.close();
    t?.cleanup();
  });

  async function stillUninitialised(): Promise<void> {
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok);
    assert.equal(status.value.initialized, false, 'a refused request set the node up');
  }
  const takeOver = (headers: Record<string, string>, body: string | Buffer = TAKE_OVER) =>
    rawRequest(bridge.origin, { method: 'POST', path: '/api/call', headers: { 'content-type': 'application/json', 'x-edge-node': '1', ...headers }, body });

  test('DNS rebinding: a Host (and Origin) of evil.example on our port is refused, even with the secret', async () => {
    const evil = `evil.example:${port}`;
    refused(await takeOver({ host: evil, origin: `http://${evil}`, cookie: door }), 403, /访问地址不符/);
    refused(await rawRequest(bridge.origin, { path: new URL(bridge.url).search.replace(/^/, '/'), headers: { host: evil } }), 403, /访问地址不符/);
    refused(await rawRequest(bridge.origin, { path: '/', headers: { host: evil, cookie: door } }), 403, /访问地址不符/);
    // Our own host names, but on another port (a tunnel to the wrong port, or a forged Host).
    refused(await takeOver({ host: '127.0.0.1:1', origin: 'http://127.0.0.1:1', cookie: door }), 403, /访问地址不符/);
    await stillUninitialised();
  });

  test('an API call from another origin, or with no Origin at all, is refused', async () => {
    const host = new URL(bridge.origin).host;
    refused(await takeOver({ host, origin: 'http://evil.example', cookie: door }), 403, /不是来自本服务自己的页面/);
    refused(await takeOver({ host, origin: `http://127.0.0.1:${Number(port) + 1}`, cookie: door }), 403, /不是来自本服务自己的页面/);
    refused(await takeOver({ host, cookie: door }), 403, /不是来自本服务自己的页面/);
    refused(await takeOver({ ...ownPageHeaders(bridge.origin), cookie: door, 'sec-fetch-site': 'same-site' }), 403, /不是来自本服务自己的页面/);
    await stillUninitialised();
  });

  test('without the secret (no cookie, a wrong cookie, a wrong token) nothing is answered but a Chinese refusal', async () => {
    const host = new URL(bridge.origin).host;
    const answer = await takeOver(ownPageHeaders(bridge.origin));
    refused(answer, 403, /只供启动 edge-node serve 的用户本人使用/);
    assert.equal((JSON.parse((answer as RawAnswer).body) as { error: { code: string } }).error.code, 'FORBIDDEN');
    refused(await takeOver({ ...ownPageHeaders(bridge.origin), cookie: `edge_node_door_${port}=guess` }), 403, /用户本人使用/);
    refused(await rawRequest(bridge.origin, { path: '/', headers: { host } }), 403, /用户本人使用/);
    refused(await rawRequest(bridge.origin, { path: '/bridge.js', headers: { host } }), 403, /用户本人使用/);
    refused(await rawRequest(bridge.origin, { path: '/?token=guess', headers: { host } }), 403, /用户本人使用/);
    await stillUninitialised();
  });

  test('another account on this machine cannot call the API: it has no way to the secret', { skip: otherUidSkip() }, async () => {
    const token = new URL(bridge.url).searchParams.get('token')!;
    const result = await runAsNobody(bridge.origin, t.dataDir, TAKE_OVER);
    assert.equal(result.uid, 65534, 'the client did not run as nobody');
    assert.equal(result.call.status, 403, result.call.body);
    assert.match(result.call.body, /用户本人使用/);
    assert.equal(result.page.status, 403);
    // Where the secret could have leaked to it: our environment, our command line, the data folder.
    assert.equal(result.environ, 'EACCES');
    assert.equal(result.dataDir, 'EACCES');
    assert.ok(!result.seen.includes(token), 'the other account found the secret');
    await stillUninitialised();
  });

  test('a large body before the secret is not read: refused (or cut off) and not acted on', async () => {
    const padded = JSON.stringify({ ...(JSON.parse(TAKE_OVER) as object), padding: 'x'.repeat(1024 * 1024) });
    for (const headers of [ownPageHeaders(bridge.origin), { ...ownPageHeaders(bridge.origin), 'transfer-encoding': 'chunked' }]) {
      const answer = await takeOver(headers, padded);
      if ('status' in answer) refused(answer, 403, /用户本人使用/);
    }
    await stillUninitialised();
  });

  test(`more than ${MAX_CONCURRENT_REQUESTS} requests in progress at once: the next is answered 429 and not acted on`, async () => {
    const body = Buffer.from(JSON.stringify({ channel: 'setup.status', input: {} }));
    const headers = { ...ownPageHeaders(bridge.origin), cookie: door, 'x-edge-node': '1', 'content-type': 'application/json', 'content-length': String(body.length) };
    const held: { req: ClientRequest; answered: Promise<number> }[] = [];
    for (let i = 0; i < MAX_CONCURRENT_REQUESTS; i++) {
      const url = new URL(bridge.origin);
      let req!: ClientRequest;
      const answered = new Promise<number>((ok, fail) => {
        req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/call', headers, agent: false }, (res) => {
          res.resume();
          res.on('end', () => ok(res.statusCode ?? 0));
        });
        req.on('error', fail);
      });
      req.write(body.subarray(0, 5)); // the rest later: until then the request is in progress
      held.push({ req, answered });
    }
    try {
      // Wait for the state "all held requests have arrived": a probe is then answered 429.
      let probe: RawAnswer | { cut: string } | undefined;
      for (let i = 0; i < 200; i++) {
        probe = await rawRequest(bridge.origin, { path: '/bridge.js', headers: { host: new URL(bridge.origin).host, cookie: door } });
        if ('status' in probe && probe.status === 429) break;
      }
      assert.ok(probe && 'status' in probe && probe.status === 429, `never answered 429: ${JSON.stringify(probe)}`);
      const flood = await takeOver({ ...ownPageHeaders(bridge.origin), cookie: door });
      refused(flood, 429, /同时处理的请求过多/);
      await stillUninitialised();
    } finally {
      for (const h of held) h.req.end(body.subarray(5));
    }
    assert.deepEqual(await Promise.all(held.map((h) => h.answered)), held.map(() => 200));
    const after = await rawRequest(bridge.origin, { path: '/bridge.js', headers: { host: new URL(bridge.origin).host, cookie: door } });
    assert.ok('status' in after && after.status === 200, 'the slots were not given back');
  });

  test('the admitted page itself still works (the door does not lock the owner out)', async () => {
    const status = await callAsPage(bridge, door, 'setup.status', {});
    assert.equal(status.status, 200);
    assert.equal((JSON.parse(status.body) as { ok: boolean }).ok, true);
  });
});

describe('a locked node behind serve', () => {
  let clock = new Date('2026-05-04T02:00:00Z');
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let bridge: LoopbackBridge;
  let door: string;

  before(async () => {
    t = await startSetUpNode({ now: () => clock });
    rmSync(t.keyFile); // this machine can no longer unseal the key: the node opens locked
    await t.reopen();
    bridge = await serve(t);
    door = await admit(bridge);
  });
  after(async () => {
    await bridge?.close();
    t?.cleanup();
  });

  const unlock = async (recoveryPassphrase: string) => JSON.parse((await callAsPage(bridge, door, 'setup.unlock', { recoveryPassphrase })).body) as { ok: boolean; error?: { code: string; message: string } };
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
  async function locked(): Promise<boolean> {
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok);
    return status.value.locked;
  }

  test('repeated wrong recovery passphrases are slowed (growing waits) and audited once the node opens', async () => {
    for (let i = 1; i <= 3; i++) {
      const wrong = await unlock(`wrong-passphrase-${i}`);
      assert.equal(wrong.error?.code, 'BAD_INPUT');
      assert.match(wrong.error!.message, /恢复口令不正确/);
    }
    const seconds = BASE_WAIT_MS / 1000;
    // Even the right passphrase is not checked before the wait is over.
    const early = await unlock(RECOVERY_PASSPHRASE);
    assert.equal(early.error?.code, 'CONFLICT');
    assert.match(early.error!.message, new RegExp(`连续输错 3 次.*${seconds} 秒后再试.*本次输入未核对`));
    assert.equal(await locked(), true);

    // The count and the wait survive a restart (a file in the data folder, readable by its owner only).
    const file = join(t.dataDir, 'unlock-attempts.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await t.reopen();
    assert.equal((await unlock(RECOVERY_PASSPHRASE)).error?.code, 'CONFLICT');
    assert.equal(await locked(), true);

    tick(BASE_WAIT_MS);
    const fourth = await unlock('wrong-passphrase-4');
    assert.match(fourth.error!.message, new RegExp(`恢复口令不正确.*${seconds * 2} 秒后再试`));
    tick(BASE_WAIT_MS); // enough after the third failure, not after the fourth
    assert.equal((await unlock(RECOVERY_PASSPHRASE)).error?.code, 'CONFLICT');
    assert.equal(await locked(), true);

    tick(BASE_WAIT_MS);
    assert.deepEqual(await unlock(RECOVERY_PASSPHRASE), { ok: true, value: { hostKeyProtection: true } });
    assert.equal(await locked(), false);
    assert.ok(!existsSync(file), 'the tally was not cleared after it was audited');

    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const log = await t.call(auditor, 'audit.list', { action: 'node.unlock' });
    assert.ok(log.ok, JSON.stringify(log));
    const [success, failures] = log.value.items;
    assert.equal(success?.outcome, 'success');
    assert.equal(failures?.outcome, 'failure');
    assert.equal(failures?.actor, '');
    assert.match(failures!.sentence.zh, /有人 4 次输入了错误的恢复口令.*另有 3 次因间隔过短未予核对/);
  });
});

// Another local account: a small client run as `nobody`. It tries what such an account can
// try — read our environment and command line, list the data folder — then calls the API
// with every header our page would send except the secret it could not find.
function otherUidSkip(): false | string {
  if (process.getuid?.() !== 0) return 'needs root to run a client as another user (setpriv)';
  if (!existsSync('/usr/bin/setpriv')) return 'setpriv not installed';
  return false;
}

const NOBODY_CLIENT = `
const http = require('node:http');
const fs = require('node:fs');
const [origin, dataDir, pid, body] = process.argv.slice(1);
const u = new URL(origin);
const seen = [];
const read = (p) => { try { seen.push(fs.readFileSync(p, 'latin1')); return 'read'; } catch (e) { return e.code; } };
const list = (p) => { try { seen.push(fs.readdirSync(p).join(',')); return 'listed'; } catch (e) { return e.code; } };
const send = (method, path, headers, data) => new Promise((ok) => {
  const r = http.request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
    let b = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (b += c));
    res.on('end', () => ok({ status: res.statusCode, body: b }));
  });
  r.on('error', (e) => ok({ status: 0, body: e.message }));
  r.setTimeout(10000, () => r.destroy(new Error('timed out')));
  r.end(data);
});
(async () => {
  const out = { uid: process.getuid(), environ: read('/proc/' + pid + '/environ'), cmdline: read('/proc/' + pid + '/cmdline'), dataDir: list(dataDir) };
  out.call = await send('POST', '/api/call', { host: u.host, origin, 'content-type': 'application/json', 'x-edge-node': '1' }, body);
  out.page = await send('GET', '/', { host: u.host });
  out.seen = seen.join('\\n');
  process.stdout.write(JSON.stringify(out));
})();
`;

interface NobodyResult {
  uid: number;
  environ: string;
  cmdline: string;
  dataDir: string;
  call: { status: number; body: string };
  page: { status: number; body: string };
  seen: string;
}

function runAsNobody(origin: string, dataDir: string, body: string): Promise<NobodyResult> {
  const args = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', NOBODY_CLIENT, origin, dataDir, String(process.pid), body];
  return new Promise((ok, fail) => {
    // Asynchronous: the bridge answering it runs in this very process.
    execFile('/usr/bin/setpriv', args, { cwd: '/', timeout: 30_000, env: { PATH: '/usr/bin:/bin' } }, (error, stdout, stderr) => {
      if (error) return fail(new Error(`client as nobody failed: ${error.message}\n${stderr}`));
      ok(JSON.parse(stdout) as NobodyResult);
    });
  });
}
