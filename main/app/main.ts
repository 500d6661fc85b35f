// The Electron main process: the thin shell around the core. It owns the window, the
// single-instance lock, the app:// protocol, safeStorage and the core's utility process,
// and relays calls from our own page to the core. It holds no business logic: every call
// is validated and role-checked inside the core. Bundled to dist/app/main.cjs.
//
// Environment:
//   EDGE_NODE_DATA_DIR       data folder (default: <userData>/data)
//   EDGE_NODE_USER_DATA_DIR  Electron's own profile folder (default: the OS's app-data dir)
//   EDGE_NODE_SMOKE=1        smoke test: load the page, call setup.status through the real
//                            preload and IPC path, print "edge-node: ready", quit
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, utilityProcess } from 'electron';
import { IPC_CALL_CHANNEL } from '../../common/contract';
import { APP_ENTRY_URL } from './app-origin';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { CoreClient, type UtilityHandle } from './core-client';
import { hardenSession, hardenWebContents } from './hardening';
import { IpcRelay } from './ipc-relay';
import { answerKeyRequest } from './key-sealing';
import { buildAppMenu } from './menu';
import { log } from '../../platform/log';

const SMOKE = process.env.EDGE_NODE_SMOKE === '1';
const SMOKE_TIMEOUT_MS = 60_000;

// The bundles sit side by side in dist/app; the renderer is built into dist/renderer.
const PRELOAD = path.join(__dirname, 'preload.cjs');
const CORE = path.join(__dirname, 'core.cjs');
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');

// Before anything else: the profile folder decides which instance holds the lock.
if (process.env.EDGE_NODE_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.EDGE_NODE_USER_DATA_DIR));

registerAppScheme(); // must precede 'ready'
app.enableSandbox(); // every renderer sandboxed, whatever a window's options say

if (!app.requestSingleInstanceLock()) {
  // Another instance runs with this profile: it gets a 'second-instance' event and shows
  // its window. Two cores on one data folder would also be refused by the core's lock.
  app.quit();
} else {
  startShell();
}

function startShell(): void {
  const dataDir = path.resolve(process.env.EDGE_NODE_DATA_DIR || path.join(app.getPath('userData'), 'data'));
  let mainWindow: BrowserWindow | null = null;

  const core = new CoreClient({
    spawn: forkCore,
    dataDir,
    appVersion: app.getVersion(),
    answerKeyRequest: (request) => answerKeyRequest(safeStorage, process.platform, request),
    onRestart: () => relay.forgetAll(),
  });
  const relay = new IpcRelay({
    core,
    trustedWebContentsId: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.id : null),
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());

  // Let the core close its database cleanly before the process ends (bounded in stop()).
  let coreStopped = false;
  app.on('will-quit', (event) => {
    if (coreStopped) return;
    event.preventDefault();
    void core.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    if (process.platform === 'win32') app.setAppUserModelId('cn.gov.edgenode');
    hardenSession(session.defaultSession);
    serveAppProtocol(RENDERER_DIR);
    Menu.setApplicationMenu(buildAppMenu());

    ipcMain.handle(IPC_CALL_CHANNEL, (event, channel: unknown, input: unknown) =>
      relay.handle(
        {
          webContentsId: event.sender.id,
          frameUrl: event.senderFrame?.url ?? null,
          isMainFrame: event.senderFrame !== null && event.senderFrame.parent === null,
        },
        channel,
        input,
      ),
    );

    core.start();
    core.whenOpen().then(
      () => log.info(`core opened ${dataDir}`),
      (error: unknown) => log.error('the core could not open its data folder', error),
    );

    mainWindow = createMainWindow();
    const contentsId = mainWindow.webContents.id;
    mainWindow.webContents.once('destroyed', () => relay.forget(contentsId));
    mainWindow.on('closed', () => (mainWindow = null));
    if (SMOKE) runSmokeCheck(mainWindow);
  });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1000,
    minHeight: 640,
    title: '政务数据边缘节点',
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => {
    if (!SMOKE) window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function forkCore(): UtilityHandle {
  const child = utilityProcess.fork(CORE, [], { serviceName: 'Edge Node Core', stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill(),
  };
}

/**
 * EDGE_NODE_SMOKE=1: once the page has loaded, ask the core for setup.status from inside
 * the page — through the preload's window.edgeNode, IPC, the sender check, the relay and
 * the utility process — then report and quit. Bounded, so a broken build fails rather
 * than hangs. Its two lines are the check's answer to the test that launched the app, not
 * logs: they are printed directly, even under EDGE_NODE_TEST where the logger is silent.
 */
function runSmokeCheck(window: BrowserWindow): void {
  const fail = (reason: string) => {
    console.error(`edge-node: smoke check failed: ${reason}`);
    app.exit(1);
  };
  const timer = setTimeout(() => fail(`no answer within ${SMOKE_TIMEOUT_MS / 1000} s`), SMOKE_TIMEOUT_MS);
  window.webContents.once('did-fail-load', (_event, code, description) => fail(`the page did not load (${code} ${description})`));
  window.webContents.once('did-finish-load', () => {
    window.webContents
      .executeJavaScript("window.edgeNode.call('setup.status', {})")
      .then((answer: unknown) => {
        clearTimeout(timer);
        if (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true) {
          console.log('edge-node: ready');
          app.quit();
        } else {
          fail(`setup.status answered ${JSON.stringify(answer)}`);
        }
      })
      .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  });
}
