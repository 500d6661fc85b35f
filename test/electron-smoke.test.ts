// The Electron shell, as far as each machine allows.
//  1. electron-builder.yml passes electron-builder's own schema check and keeps the security
//     settings (fuses, native module outside the asar). Runs everywhere.
//  2. Smoke test: build the app, start Electron on a temporary data folder, and wait for the
//     main process to print "edge-node: ready" — printed (with EDGE_NODE_SMOKE=1) only after
//     the page loaded from app:// and answered setup.status through the preload, the IPC
//     relay and the core's utility process. Runs where the Electron binary and a display (or
//     xvfb-run) exist; elsewhere it is skipped and says so in the log.
//  3. Everywhere: the bundled core (dist/app/core.cjs) run under plain Node with a stand-in
//     for Electron's process.parentPort, driven by the shell's own CoreClient and IpcRelay
//     with a stand-in safeStorage — the whole relay and key round trip with a real database,
//     minus the Electron APIs themselves.
//  4. Everywhere: the bundled main process and preload (dist/app/main.cjs, preload.cjs) run
//     under plain Node against a stand-in `electron` module, in smoke mode. Catches wiring
//     mistakes in main.ts (order of calls, window options, the IPC handler, quitting) that
//     type checks cannot; says nothing about Electron's own behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CoreClient, type UtilityHandle } from '../main/app/core-client';
import { IpcRelay, type Sender } from '../main/app/ipc-relay';
import { answerKeyRequest, BASIC_TEXT_REFUSED, type SafeStorageLike } from '../main/app/key-sealing';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE } from './support/test-node';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const LAUNCH_TIMEOUT_MS = 90_000; // the app gives up by itself after 60 s
const NO_BINARY = 'Electron binary not present on this machine (download blocked); smoke test skipped';

// ---------------------------------------------------------------------------------------
// 1. Packaging configuration

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  win?: { target?: Array<{ target: string; arch: string[] }> };
  nsis?: Record<string, unknown>;
  linux?: { target?: Array<{ target: string; arch: string[] }>; category?: string };
}

test("electron-builder.yml passes electron-builder's schema and keeps the security settings", async () => {
  // app-builder-lib is electron-builder's own library; resolve it the way electron-builder does.
  const fromBuilder = createRequire(require.resolve('electron-builder/package.json'));
  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

  const config = await getConfig(repoRoot, path.join(repoRoot, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false)); // throws on an unknown or misplaced key

  assert.equal(config.appId, 'cn.gov.edgenode');
  assert.equal(config.productName, '政务数据边缘节点');
  assert.ok(config.asarUnpack?.includes('node_modules/better-sqlite3-multiple-ciphers/**'));
  assert.equal(config.npmRebuild, true);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.deepEqual(config.win?.target, [{ target: 'nsis', arch: ['x64'] }]);
  assert.equal(config.nsis?.oneClick, false);
  assert.equal(config.nsis?.perMachine, true);
  assert.equal(config.nsis?.allowToChangeInstallationDirectory, true);
  assert.deepEqual(config.linux?.target, [
    { target: 'deb', arch: ['x64', 'arm64'] },
    { target: 'AppImage', arch: ['x64', 'arm64'] },
  ]);
  assert.equal(config.linux?.category, 'Office');
});

// ---------------------------------------------------------------------------------------
// 2. Launch

/**
 * The Electron binary's path, or null. Looks before it asks: since Electron 45 a bare
 * `require('electron')` tries to download a missing binary, which must not happen during a
 * test run. ELECTRON_OVERRIDE_DIST_PATH points at an unpacked Electron, as on machines
 * without internet access.
 */
function electronBinary(): string | null {
  const packageDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const expected = override ? path.join(override, executable || 'electron') : executable ? path.join(packageDir, 'dist', executable) : null;
  if (!expected || !existsSync(expected)) return null;
  const binary: unknown = require('electron'); // now only reads path.txt
  return typeof binary === 'string' && existsSync(binary) ? binary : null;
}

/** How to give Electron a display: directly, through xvfb-run, or not at all (reason). */
function displayWrapper(): { wrap: string[] } | { skip: string } {
  if (process.platform !== 'linux') return { wrap: [] };
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return { wrap: [] };
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
  if (xvfb.status === 0 && xvfb.stdout.trim()) return { wrap: [xvfb.stdout.trim(), '-a'] };
  return { skip: 'no display server and no xvfb-run on this machine; Electron smoke test skipped' };
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', timeout: 300_000 });
  assert.equal(result.status, 0, `${[command, ...args].join(' ')} failed`);
}

test('Electron starts, loads the renderer over app:// and reaches the core', async (t) => {
  const binary = electronBinary();
  if (!binary) {
    console.log(NO_BINARY);
    t.skip(NO_BINARY);
    return;
  }
  const display = displayWrapper();
  if ('skip' in display) {
    console.log(display.skip);
    t.skip(display.skip);
    return;
  }

  run(process.execPath, ['scripts/build-app.mjs']);
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    run(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts']);
  }

  const scratch = mkdtempSync(path.join(tmpdir(), 'edge-node-smoke-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EDGE_NODE_SMOKE: '1',
    EDGE_NODE_DATA_DIR: path.join(scratch, 'data'),
    EDGE_NODE_USER_DATA_DIR: path.join(scratch, 'profile'),
  };
  delete env.ELECTRON_RUN_AS_NODE;
  // Chromium refuses to run as root with its sandbox on (CI containers); the renderer
  // sandbox itself stays on.
  const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu'];
  const [command, ...rest] = [...display.wrap, binary, ...args];

  const outcome = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command!, rest, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(killed after ${LAUNCH_TIMEOUT_MS / 1000} s)`;
      child.kill('SIGKILL');
    }, LAUNCH_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });

  assert.match(outcome.output, /^edge-node: ready$/m, `no ready line; Electron printed:\n${outcome.output}`);
  assert.equal(outcome.code, 0, outcome.output);
});

// ---------------------------------------------------------------------------------------
// 3. The bundled core behind the shell's relay, without Electron

/** Electron gives a utility process `process.parentPort`; here Node's IPC channel plays it. */
const PARENT_PORT_SHIM = `
process.parentPort = {
  on(event, listener) {
    if (event === 'message') process.on('message', (data) => listener({ data }));
    return this;
  },
  postMessage(message) {
    process.send(message);
  },
};
`;

/** Seals by hex-encoding behind a marker: enough to see the key went through it. */
function standInSafeStorage(backend: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`stand-in-sealed:${Buffer.from(plain).toString('hex')}`),
    decryptString: (sealed) => Buffer.from(sealed.toString().replace(/^stand-in-sealed:/, ''), 'hex').toString(),
  };
}

test('the bundled core answers through the relay, with the key sealed by the main process', async (t) => {
  run(process.execPath, ['scripts/build-app.mjs', '--only=core']);
  const scratch = mkdtempSync(path.join(tmpdir(), 'edge-node-core-bundle-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const shim = path.join(scratch, 'parent-port-shim.cjs');
  writeFileSync(shim, PARENT_PORT_SHIM);
  const dataDir = path.join(scratch, 'data');
  const page: Sender = { webContentsId: 1, frameUrl: 'app://edge-node/index.html', isMainFrame: true };

  function startShell(backend: string) {
    let keyRequests = 0;
    const core = new CoreClient({
      spawn(): UtilityHandle {
        const child = fork(path.join(repoRoot, 'dist', 'app', 'core.cjs'), [], {
          execArgv: ['--require', shim],
          serialization: 'advanced', // structured clone, as Electron's ports
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        return {
          postMessage: (message) => void child.send(message),
          onMessage: (listener) => void child.on('message', listener),
          onExit: (listener) => void child.on('exit', (code) => listener(code ?? 1)),
          kill: () => void child.kill('SIGKILL'),
        };
      },
      dataDir,
      appVersion: '0.1.0',
      answerKeyRequest: (request) => {
        keyRequests++;
        return answerKeyRequest(standInSafeStorage(backend), 'linux', request);
      },
      onRestart: () => relay.forgetAll(),
    });
    const relay = new IpcRelay({ core, trustedWebContentsId: () => 1 });
    core.start();
    return { core, relay, keyRequests: () => keyRequests };
  }

  // First start: a fresh node, set up and logged into through the relay.
  const first = startShell('gnome_libsecret');
  await first.core.whenOpen();
  assert.deepEqual(await first.relay.handle(page, 'setup.status', {}), { ok: true, value: { initialized: false, locked: false, lockedReason: null, unitName: null } });
  const setup = await first.relay.handle(page, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
  assert.equal(setup.ok, true, JSON.stringify(setup));
  assert.ok(first.keyRequests() >= 1, 'setup sealed the database key through the main process');
  const login = await first.relay.handle(page, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
  assert.equal(login.ok, true, JSON.stringify(login));
  assert.ok(!('sessionToken' in login) && first.relay.hasSession(1), 'the token stays in the main process');
  assert.equal((await first.relay.handle(page, 'auth.me', {})).ok, true);
  await first.core.stop();

  // Second start: the key is unsealed through the main process again.
  const second = startShell('gnome_libsecret');
  await second.core.whenOpen();
  assert.ok(second.keyRequests() >= 1);
  assert.deepEqual(await second.relay.handle(page, 'setup.status', {}), { ok: true, value: { initialized: true, locked: false, lockedReason: null, unitName: NODE_IDENTITY.unitName } });
  assert.equal((await second.relay.handle(page, 'auth.me', {})).ok, false, 'sessions do not survive a restart');
  await second.core.stop();

  // On a machine whose keyring is basic_text the sealed key is not opened: the node starts
  // locked, says why, and opens with the recovery passphrase (without sealing for basic_text).
  const refused = startShell('basic_text');
  try {
    await refused.core.whenOpen();
    const answer = await refused.relay.handle(page, 'setup.status', {});
    const status = answer.ok ? (answer.value as { locked: boolean; lockedReason: string | null }) : null;
    assert.ok(status?.locked && String(status.lockedReason).includes(BASIC_TEXT_REFUSED), JSON.stringify(answer));
    const unlocked = await refused.relay.handle(page, 'setup.unlock', { recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.deepEqual(unlocked, { ok: true, value: { hostKeyProtection: false } });
  } finally {
    await refused.core.stop();
  }
});

// ---------------------------------------------------------------------------------------
// 4. The bundled main process and preload against a stand-in Electron

/**
 * Just enough of Electron for main.cjs's smoke path: app lifecycle, protocol, session,
 * ipcMain, a BrowserWindow whose page "loads" through the registered app:// handler and
 * whose executeJavaScript runs the real preload bundle's window.edgeNode, and a
 * utilityProcess.fork that forks the real core bundle. Prints what the test checks.
 */
const STAND_IN_ELECTRON = String.raw`
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const { readFileSync } = require('node:fs');
const vm = require('node:vm');
const report = (what, value) => console.log('stand-in ' + what + ' ' + JSON.stringify(value));

let readyReached = false;
let resolveReady;
const ready = new Promise((resolve) => (resolveReady = resolve));
setImmediate(() => { readyReached = true; resolveReady(); });
const paths = { userData: '/nonexistent-default-profile' };
const ipcHandlers = new Map();
let appHandler = null;

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  setPath: (name, value) => { paths[name] = value; },
  getPath: (name) => paths[name],
  getVersion: () => '0.1.0',
  requestSingleInstanceLock: () => true,
  enableSandbox: () => report('enableSandbox', { beforeReady: !readyReached }),
  setAppUserModelId: () => {},
  whenReady: () => ready,
  quit() {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    app.emit('will-quit', event);
    if (!event.prevented) process.exit(0);
  },
  exit: (code) => process.exit(code),
});

const protocol = {
  registerSchemesAsPrivileged: (schemes) => report('privileged', { schemes, beforeReady: !readyReached }),
  handle: (scheme, handler) => { report('protocol', scheme); appHandler = handler; },
};
const denied = [];
const defaultSession = {
  setPermissionRequestHandler: (handler) => handler(null, 'media', (granted) => denied.push(['request', granted])),
  setPermissionCheckHandler: (handler) => denied.push(['check', handler()]),
  setDevicePermissionHandler: (handler) => denied.push(['device', handler()]),
  webRequest: { onBeforeRequest: () => report('permissions', denied) },
};
const ipcMain = { handle: (channel, handler) => { report('ipc', channel); ipcHandlers.set(channel, handler); } };
const Menu = { buildFromTemplate: (template) => template, setApplicationMenu: (menu) => report('menu', menu.map((m) => m.label)) };
const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from('sealed:' + text),
  decryptString: (sealed) => sealed.toString().slice('sealed:'.length),
};

/** Runs the real preload bundle in a sandbox whose electron module talks to ipcMain. */
function loadPreload(file, contents, frame) {
  const exposed = {};
  const electronForPreload = {
    contextBridge: { exposeInMainWorld: (key, api) => { exposed[key] = api; } },
    ipcRenderer: {
      invoke: (channel, ...args) => {
        const handler = ipcHandlers.get(channel);
        if (!handler) return Promise.reject(new Error('No handler registered for ' + channel));
        return Promise.resolve(handler({ sender: contents, senderFrame: frame }, ...args));
      },
    },
  };
  const sandboxRequire = (name) => {
    if (name === 'electron') return electronForPreload;
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  vm.runInNewContext(readFileSync(file, 'utf8'), { require: sandboxRequire, module, exports: module.exports });
  report('exposed', Object.keys(exposed));
  return exposed;
}

let nextId = 1;
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report('webPreferences', options.webPreferences);
    const contents = new EventEmitter();
    contents.id = nextId++;
    contents.setWindowOpenHandler = (handler) => report('windowOpen', handler({ url: 'https://example.com' }));
    this.webContents = contents;
    app.emit('web-contents-created', {}, contents);
    contents.executeJavaScript = async (code) => {
      const window = loadPreload(options.webPreferences.preload, contents, { url: this.url, parent: null });
      return vm.runInNewContext(code, { window });
    };
  }
  isDestroyed() { return false; }
  isMinimized() { return false; }
  show() {}
  focus() {}
  restore() {}
  async loadURL(url) {
    this.url = url;
    const response = await appHandler(new Request(url));
    report('page', { url, status: response.status, csp: response.headers.get('content-security-policy') });
    const navigation = { url: 'https://example.com/', prevented: false, preventDefault() { this.prevented = true; } };
    this.webContents.emit('will-navigate', navigation);
    report('navigationBlocked', navigation.prevented);
    if (response.status === 200) this.webContents.emit('did-finish-load');
    else this.webContents.emit('did-fail-load', {}, response.status, 'not found');
  }
}

const utilityProcess = {
  fork(modulePath, args) {
    const child = fork(modulePath, args, {
      execArgv: ['--require', process.env.STAND_IN_PARENT_PORT_SHIM],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new EventEmitter();
    child.on('message', (message) => handle.emit('message', message));
    child.on('exit', (code) => handle.emit('exit', code ?? 1));
    handle.postMessage = (message) => child.send(message);
    handle.kill = () => child.kill('SIGKILL');
    return handle;
  },
};

module.exports = { app, protocol, session: { defaultSession }, ipcMain, Menu, safeStorage, BrowserWindow, utilityProcess };
`;

test('the bundled main process and preload run their smoke path against a stand-in Electron', async (t) => {
  run(process.execPath, ['scripts/build-app.mjs']);
  const scratch = mkdtempSync(path.join(tmpdir(), 'edge-node-stand-in-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));

  // A copy of the app as packaged: dist/app bundles beside a minimal dist/renderer.
  const appDir = path.join(scratch, 'dist', 'app');
  mkdirSync(appDir, { recursive: true });
  for (const file of ['main.cjs', 'preload.cjs', 'core.cjs']) copyFileSync(path.join(repoRoot, 'dist', 'app', file), path.join(appDir, file));
  mkdirSync(path.join(scratch, 'dist', 'renderer'));
  writeFileSync(path.join(scratch, 'dist', 'renderer', 'index.html'), '<!doctype html><title>stand-in</title>');
  // `electron` resolves to the stand-in, better-sqlite3 to the repository's build.
  mkdirSync(path.join(scratch, 'modules', 'electron'), { recursive: true });
  writeFileSync(path.join(scratch, 'modules', 'electron', 'index.js'), STAND_IN_ELECTRON);
  const shim = path.join(scratch, 'parent-port-shim.cjs');
  writeFileSync(shim, PARENT_PORT_SHIM);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_PATH: [path.join(scratch, 'modules'), path.join(repoRoot, 'node_modules')].join(path.delimiter),
    EDGE_NODE_SMOKE: '1',
    EDGE_NODE_DATA_DIR: path.join(scratch, 'data'),
    EDGE_NODE_USER_DATA_DIR: path.join(scratch, 'profile'),
    STAND_IN_PARENT_PORT_SHIM: shim,
  };
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(appDir, 'main.cjs')], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), LAUNCH_TIMEOUT_MS); // after the app's own 60 s, so its message is seen
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
  const { output } = result;
  const reported = (what: string): unknown => {
    const line = output.split('\n').find((l) => l.startsWith(`stand-in ${what} `));
    assert.ok(line, `main.cjs never reported ${what}; output:\n${output}`);
    return JSON.parse(line.slice(`stand-in ${what} `.length));
  };

  assert.match(output, /^edge-node: ready$/m, output);
  assert.equal(result.code, 0, output);

  assert.deepEqual(reported('privileged'), {
    schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } }],
    beforeReady: true,
  });
  assert.deepEqual(reported('enableSandbox'), { beforeReady: true });
  assert.equal(reported('protocol'), 'app');
  assert.equal(reported('ipc'), 'edge-node:call');
  assert.deepEqual(reported('permissions'), [['request', false], ['check', false], ['device', false]]);
  assert.deepEqual(reported('menu'), ['文件', '编辑', '视图']);
  const prefs = reported('webPreferences') as Record<string, unknown>;
  for (const [key, value] of Object.entries({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false })) {
    assert.equal(prefs[key], value, key);
  }
  assert.equal(prefs.preload, path.join(appDir, 'preload.cjs'));
  assert.deepEqual(reported('windowOpen'), { action: 'deny' });
  const pageLoad = reported('page') as { status: number; csp: string };
  assert.equal(pageLoad.status, 200);
  assert.match(pageLoad.csp, /default-src 'self'; script-src 'self'/);
  assert.equal(reported('navigationBlocked'), true);
  assert.deepEqual(reported('exposed'), ['edgeNode']);
});
