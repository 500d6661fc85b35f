// Entry point of the core when it runs inside Electron, in a utilityProcess forked by
// main/app (bundled to dist/app/core.cjs). Plain Node: no electron import. The one
// Electron-specific thing it touches is `process.parentPort`, the message port to the main
// process, which Electron puts on `process` in a utility process; it is typed locally below.
//
// Two jobs: answer the shell's relayed calls with EdgeNode.dispatch, and give the core a
// KeyProtector of kind 'os' whose wrap/unwrap ask the main process, because only the main
// process may call safeStorage. See utility-protocol.ts for the messages.
import type { NodeConfig } from './types';
import type { EdgeNode } from '../api/runtime';
import type { KeyProtector } from '../../platform/key-protector';
import { log } from '../../platform/log';
import {
  internalError,
  isMainToUtilityMessage,
  type CallMessage,
  type KeyOperation,
  type KeyResultMessage,
  type OpenMessage,
  type UtilityToMainMessage,
} from './utility-protocol';

/** The part of Electron's ParentPort this file uses (a fake one in tests). */
export interface PortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: UtilityToMainMessage): void;
}

export interface ServeOptions {
  /** How long to wait for the main process to seal or unseal the key. A locked keyring may
   * show the user an unlock prompt, so this is generous — but finite. */
  keyTimeoutMs?: number;
  /** Called after `shutdown` closed the node. */
  exit?: (code: number) => void;
}

const DEFAULT_KEY_TIMEOUT_MS = 120_000;

export function serveCore(
  port: PortLike,
  open: (config: NodeConfig) => Promise<EdgeNode>,
  options: ServeOptions = {},
): void {
  const keyTimeoutMs = options.keyTimeoutMs ?? DEFAULT_KEY_TIMEOUT_MS;
  let node: Promise<EdgeNode> | null = null;
  let nextKeyRequest = 1;
  const pendingKeys = new Map<number, { settle: (answer: KeyResultMessage) => void }>();

  function askMain(op: KeyOperation, data: Buffer): Promise<Buffer> {
    const id = nextKeyRequest++;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        pendingKeys.delete(id);
        reject(new Error('等待系统密钥存储应答超时，请确认系统钥匙环已解锁后重试，或使用恢复口令解锁'));
      }, keyTimeoutMs);
      pendingKeys.set(id, {
        settle(answer) {
          clearTimeout(timer);
          pendingKeys.delete(id);
          if (answer.ok) resolve(Buffer.from(answer.data, 'base64'));
          else reject(new Error(answer.message));
        },
      });
      port.postMessage({ type: 'key-request', id, op, data: data.toString('base64') });
    });
  }

  const keyProtector: KeyProtector = {
    kind: 'os',
    wrap: (key) => askMain('wrap', key),
    unwrap: (sealed) => askMain('unwrap', sealed),
  };

  function onOpen(message: OpenMessage) {
    if (node) return; // opened once per process; a second request changes nothing
    node = open({ dataDir: message.dataDir, keyProtector, appVersion: message.appVersion });
    node.then(
      () => port.postMessage({ type: 'opened' }),
      (error: unknown) => port.postMessage({ type: 'open-failed', message: describe(error) }),
    );
  }

  async function onCall(message: CallMessage) {
    const answer = (result: UtilityToMainMessage & { type: 'call-result' }) => port.postMessage(result);
    if (!node) {
      answer({ type: 'call-result', id: message.id, result: internalError('数据服务尚未启动，请稍后重试') });
      return;
    }
    let opened: EdgeNode;
    try {
      opened = await node;
    } catch (error) {
      answer({ type: 'call-result', id: message.id, result: internalError(`数据服务无法启动：${describe(error)}`) });
      return;
    }
    try {
      const { result, sessionToken } = await opened.dispatch(message.sessionToken, message.channel, message.input);
      answer(
        sessionToken === undefined
          ? { type: 'call-result', id: message.id, result }
          : { type: 'call-result', id: message.id, result, sessionToken },
      );
    } catch (error) {
      // dispatch promises never to throw; if it does anyway, the caller still gets an answer.
      log.error('core: dispatch threw', error);
      answer({ type: 'call-result', id: message.id, result: internalError('处理请求时发生内部错误') });
    }
  }

  async function onShutdown() {
    try {
      if (node) (await node).close();
    } catch {
      // Nothing was open, or it failed to open: nothing to close.
    }
    options.exit?.(0);
  }

  port.on('message', ({ data }) => {
    if (!isMainToUtilityMessage(data)) {
      log.warn('core: ignored a malformed message from the main process');
      return;
    }
    switch (data.type) {
      case 'open':
        onOpen(data);
        break;
      case 'call':
        void onCall(data);
        break;
      case 'key-result':
        pendingKeys.get(data.id)?.settle(data);
        break;
      case 'shutdown':
        void onShutdown();
        break;
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Run only inside an Electron utility process; importing this file elsewhere (tests) does
// nothing. The core is loaded lazily so the relay above can be tested without it.
const parentPort = (process as unknown as { parentPort?: PortLike }).parentPort;
if (parentPort) {
  // The desktop app's core: a CLI refused by its lock says to use the app's window or close it.
  serveCore(parentPort, async (config) => (await import('./open-node')).openNode({ holder: { program: 'app' }, ...config }), {
    exit: (code) => process.exit(code),
  });
}
