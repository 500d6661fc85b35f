// The shell's relay end to end, without Electron: IpcRelay → CoreClient → (an in-memory
// stand-in for utilityProcess and its parentPort, cloning every message as IPC would) →
// serveCore from main/core/utility-entry → a fake EdgeNode. Proves the protocol, the sender
// checks, that session tokens never reach the renderer, the key round trip through the
// main process, and that every wait ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResult } from '../../common/contract';
import type { NodeConfig } from '../core/types';
import type { EdgeNode } from '../api/runtime';
import { serveCore, type PortLike } from '../core/utility-entry';
import type { MainToUtilityMessage, UtilityToMainMessage } from '../core/utility-protocol';
import { CoreClient, MESSAGES, type CoreClientOptions, type UtilityHandle } from './core-client';
import { IpcRelay, REJECTED_SENDER, type Sender } from './ipc-relay';
import { answerKeyRequest, BASIC_TEXT_REFUSED, type SafeStorageLike } from './key-sealing';

const WINDOW_ID = 7;
const page: Sender = { webContentsId: WINDOW_ID, frameUrl: 'app://edge-node/index.html', isMainFrame: true };

/** A utility process in memory: messages cross asynchronously and by structured clone. */
function memoryUtility(open: (config: NodeConfig) => Promise<EdgeNode>, keyTimeoutMs?: number) {
  const toUtility: Array<(event: { data: unknown }) => void> = [];
  const toMain: Array<(message: unknown) => void> = [];
  const exits: Array<(code: number) => void> = [];
  let alive = true;
  const exit = (code: number) => {
    if (!alive) return;
    alive = false;
    for (const listener of exits) setImmediate(() => listener(code));
  };
  const port: PortLike = {
    on: (_event, listener) => toUtility.push(listener),
    postMessage: (message: UtilityToMainMessage) => {
      const copy = structuredClone(message);
      setImmediate(() => alive && toMain.forEach((listener) => listener(copy)));
    },
  };
  serveCore(port, open, { exit, ...(keyTimeoutMs ? { keyTimeoutMs } : {}) });
  const handle: UtilityHandle = {
    postMessage: (message: MainToUtilityMessage) => {
      const copy = structuredClone(message);
      setImmediate(() => alive && toUtility.forEach((listener) => listener({ data: copy })));
    },
    onMessage: (listener) => void toMain.push(listener),
    onExit: (listener) => void exits.push(listener),
    kill: () => exit(9),
  };
  return { handle, crash: () => exit(1), isAlive: () => alive };
}

/** A fake core: login hands out a token, auth.me needs it, logout ends it. */
function fakeNode(overrides: Partial<EdgeNode> = {}): EdgeNode & { seen: Array<{ token: string | null; channel: unknown }> } {
  const seen: Array<{ token: string | null; channel: unknown }> = [];
  return {
    seen,
    async dispatch(token, channel) {
      seen.push({ token, channel });
      switch (channel) {
        case 'setup.status':
          return { result: { ok: true, value: { initialized: false, unitName: null } } };
        case 'auth.login':
          return { result: { ok: true, value: { user: { username: 'clerk1' } } }, sessionToken: 'secret-token-1' };
        case 'auth.me':
          return token === 'secret-token-1'
            ? { result: { ok: true, value: { username: 'clerk1' } } }
            : { result: { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
        case 'auth.logout':
          return { result: { ok: true, value: { done: true } }, sessionToken: null };
        default:
          return { result: { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: '未知的接口' } } };
      }
    },
    close() {},
    ...overrides,
  };
}

function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
    decryptString: (sealed) => Buffer.from(sealed.toString().slice('sealed:'.length), 'hex').toString(),
  };
}

function shell(options: {
  open: (config: NodeConfig) => Promise<EdgeNode>;
  safeStorage?: SafeStorageLike;
  answerKeyRequest?: CoreClientOptions['answerKeyRequest'];
  callTimeoutMs?: number;
  keyTimeoutMs?: number;
  maxRestarts?: number;
}) {
  const spawned: Array<ReturnType<typeof memoryUtility>> = [];
  let restarts = 0;
  const core = new CoreClient({
    spawn: () => {
      const utility = memoryUtility(options.open, options.keyTimeoutMs);
      spawned.push(utility);
      return utility.handle;
    },
    dataDir: '/tmp/edge-node-test-data',
    appVersion: '0.1.0-test',
    answerKeyRequest:
      options.answerKeyRequest ?? ((request) => answerKeyRequest(options.safeStorage ?? fakeSafeStorage(), 'linux', request)),
    onRestart: () => {
      restarts++;
      relay.forgetAll();
    },
    callTimeoutMs: options.callTimeoutMs ?? 2_000,
    maxRestarts: options.maxRestarts ?? 3,
  });
  const relay = new IpcRelay({ core, trustedWebContentsId: () => WINDOW_ID });
  core.start();
  return { core, relay, spawned, restarts: () => restarts };
}

test('relays calls, keeps the session token in the main process, and passes the open config', async () => {
  const node = fakeNode();
  let config: NodeConfig | undefined;
  const { core, relay } = shell({
    open: async (c) => {
      config = c;
      return node;
    },
  });
  await core.whenOpen();
  assert.equal(config?.dataDir, '/tmp/edge-node-test-data');
  assert.equal(config?.appVersion, '0.1.0-test');
  assert.equal(config?.keyProtector.kind, 'os');

  assert.deepEqual(await relay.handle(page, 'setup.status', {}), { ok: true, value: { initialized: false, unitName: null } });

  const login = await relay.handle(page, 'auth.login', { username: 'clerk1', password: 'x' });
  assert.deepEqual(login, { ok: true, value: { user: { username: 'clerk1' } } });
  assert.doesNotMatch(JSON.stringify(login), /secret-token/, 'the renderer never sees the token');
  assert.ok(relay.hasSession(WINDOW_ID));

  assert.equal((await relay.handle(page, 'auth.me', {})).ok, true);
  assert.equal(node.seen.at(-1)?.token, 'secret-token-1', 'the kept token went to the core');

  await relay.handle(page, 'auth.logout', {});
  assert.equal(relay.hasSession(WINDOW_ID), false);
  assert.equal((await relay.handle(page, 'auth.me', {})).ok, false);
  await core.stop();
});

test('refuses foreign senders and unknown channels before the core sees them', async () => {
  const node = fakeNode();
  const { core, relay } = shell({ open: async () => node });
  await core.whenOpen();
  const foreign: Sender[] = [
    { ...page, webContentsId: WINDOW_ID + 1 },
    { ...page, isMainFrame: false },
    { ...page, frameUrl: null },
    { ...page, frameUrl: 'https://edge-node/index.html' },
    { ...page, frameUrl: 'file:///opt/edge-node/index.html' },
    { ...page, frameUrl: 'app://evil/index.html' },
    { ...page, frameUrl: 'app://edge-node@evil/index.html' },
    { ...page, frameUrl: 'devtools://devtools/bundled/index.html' },
  ];
  for (const sender of foreign) {
    assert.deepEqual(await relay.handle(sender, 'setup.status', {}), { ok: false, error: { code: 'FORBIDDEN', message: REJECTED_SENDER } }, JSON.stringify(sender));
  }
  for (const channel of ['nope', 'constructor', '__proto__', 'toString', 42, null, undefined]) {
    const answer = await relay.handle(page, channel, {});
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'UNKNOWN_CHANNEL', String(channel));
  }
  assert.equal(node.seen.length, 0);

  const noWindow = new IpcRelay({ core, trustedWebContentsId: () => null });
  assert.equal((await noWindow.handle(page, 'setup.status', {})).ok, false);
  await core.stop();
});

test('the os key protector round-trips through safeStorage in the main process', async () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  let sealed: Buffer | undefined;
  let reopened: Buffer | undefined;
  const { core } = shell({
    open: async (config) => {
      sealed = await config.keyProtector.wrap(key);
      reopened = await config.keyProtector.unwrap(sealed);
      return fakeNode();
    },
  });
  await core.whenOpen();
  assert.ok(sealed && !sealed.equals(key));
  assert.ok(reopened?.equals(key));
  await core.stop();
});

test('basic_text: the key is refused with the Chinese message, and calls say why instead of hanging', async () => {
  const { core, relay } = shell({
    safeStorage: fakeSafeStorage('basic_text'),
    open: async (config) => {
      await config.keyProtector.unwrap(Buffer.from('sealed'));
      return fakeNode();
    },
  });
  await assert.rejects(core.whenOpen(), { message: BASIC_TEXT_REFUSED });
  const answer = await relay.handle(page, 'setup.status', {});
  assert.equal(answer.ok, false);
  assert.ok(!answer.ok && answer.error.code === 'INTERNAL' && answer.error.message.includes(BASIC_TEXT_REFUSED));
  await core.stop();
});

test('a core that never answers gets a timeout answer', async () => {
  const { core, relay } = shell({
    callTimeoutMs: 100,
    open: async () => fakeNode({ dispatch: () => new Promise(() => {}) }),
  });
  const started = Date.now();
  const answer: ApiResult<unknown> = await relay.handle(page, 'setup.status', {});
  assert.deepEqual(answer, { ok: false, error: { code: 'INTERNAL', message: MESSAGES.timeout } });
  assert.ok(Date.now() - started < 2_000);
  await core.stop();
});

test('the main process not answering a key request ends the wait too', async () => {
  const { core } = shell({
    keyTimeoutMs: 100,
    // Answers some other request: stands in for a keyring prompt nobody answers.
    answerKeyRequest: () => ({ type: 'key-result', id: 999_999, ok: true, data: '' }),
    open: async (config) => {
      await config.keyProtector.wrap(Buffer.alloc(32));
      return fakeNode();
    },
  });
  await assert.rejects(core.whenOpen(), /超时/);
  await core.stop();
});

test('a crashed core answers pending calls, restarts on the next call, drops sessions, and gives up after repeated crashes', async () => {
  let hang = true;
  const { core, relay, spawned, restarts } = shell({
    maxRestarts: 2,
    open: async () => fakeNode({ dispatch: (token, channel) => (hang ? new Promise(() => {}) : fakeNode().dispatch(token, channel, {})) }),
  });
  await core.whenOpen();
  const pending = relay.handle(page, 'setup.status', {});
  setTimeout(() => spawned[0]!.crash(), 20);
  assert.deepEqual(await pending, { ok: false, error: { code: 'INTERNAL', message: MESSAGES.crashed } });

  hang = false;
  assert.equal((await relay.handle(page, 'auth.login', {})).ok, true);
  assert.equal(spawned.length, 2);
  assert.equal(restarts(), 1);
  assert.ok(relay.hasSession(WINDOW_ID));

  spawned[1]!.crash();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal((await relay.handle(page, 'setup.status', {})).ok, true);
  assert.equal(relay.hasSession(WINDOW_ID), false, 'sessions of the dead core were dropped');

  spawned[2]!.crash();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await relay.handle(page, 'setup.status', {}), { ok: false, error: { code: 'INTERNAL', message: MESSAGES.gaveUp } });
  assert.equal(spawned.length, 3);
  await core.stop();
});

test('stop closes the node and the process exits', async () => {
  let closed = false;
  const { core, spawned } = shell({ open: async () => fakeNode({ close: () => void (closed = true) }) });
  await core.whenOpen();
  await core.stop();
  assert.equal(closed, true);
  assert.equal(spawned[0]!.isAlive(), false);
  assert.deepEqual(await core.call(null, 'setup.status', {}), { result: { ok: false, error: { code: 'INTERNAL', message: MESSAGES.stopping } } });
});
