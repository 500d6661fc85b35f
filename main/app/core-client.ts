// The main process's side of the conversation with the core in its utilityProcess (see
// main/core/utility-protocol.ts): starts it, tells it where the data lives, relays calls
// and answers its key requests. Every wait is bounded, and every failure comes back as an
// `INTERNAL` answer with a Chinese message, never as a hang or a thrown error.
//
// Pure: the process is created by the `spawn` function passed in (utilityProcess.fork in
// main.ts, an in-memory fake in tests), so this file never imports electron.
import type { ApiResult } from '../../common/contract';
import { log } from '../../platform/log';
import {
  internalError,
  isUtilityToMainMessage,
  type KeyRequestMessage,
  type KeyResultMessage,
  type MainToUtilityMessage,
  type UtilityToMainMessage,
} from '../core/utility-protocol';

/** What main.ts gets from utilityProcess.fork, reduced to what is used here. */
export interface UtilityHandle {
  postMessage(message: MainToUtilityMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface CoreAnswer {
  result: ApiResult<unknown>;
  /** Present only when the call changed the session: a new token, or null when it ended. */
  sessionToken?: string | null;
}

export interface CoreClientOptions {
  spawn: () => UtilityHandle;
  dataDir: string;
  appVersion: string;
  answerKeyRequest: (request: KeyRequestMessage) => KeyResultMessage;
  /** The core's sessions died with its process: drop the tokens kept for them. */
  onRestart?: () => void;
  callTimeoutMs?: number;
  openTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Restart a crashed core at most this many times within `restartWindowMs`. */
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

export const MESSAGES = {
  timeout: '数据服务响应超时，请稍后重试；如反复出现，请联系运维人员',
  crashed: '数据服务意外退出，请重试',
  gaveUp: '数据服务多次意外退出，请重新启动本程序；如反复出现，请联系运维人员',
  stopping: '程序正在退出',
  openTimeout: '数据服务启动超时',
} as const;

interface Running {
  handle: UtilityHandle;
  alive: boolean;
  pending: Map<number, (answer: CoreAnswer) => void>;
  opened: Promise<void>;
}

export class CoreClient {
  private readonly options: Required<Omit<CoreClientOptions, 'onRestart'>> & Pick<CoreClientOptions, 'onRestart'>;
  private running: Running | null = null;
  private nextCallId = 1;
  private restarts: number[] = [];
  private stopping = false;

  constructor(options: CoreClientOptions) {
    this.options = {
      callTimeoutMs: 60_000,
      openTimeoutMs: 60_000,
      stopTimeoutMs: 5_000,
      maxRestarts: 3,
      restartWindowMs: 60_000,
      now: Date.now,
      ...options,
    };
  }

  /** Starts the core process (once) and asks it to open the data folder. */
  start(): void {
    if (this.running?.alive || this.stopping) return;
    const handle = this.options.spawn();
    const run: Running = { handle, alive: true, pending: new Map(), opened: Promise.resolve() };
    let settleOpen: { resolve: () => void; reject: (error: Error) => void } | undefined;
    run.opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(MESSAGES.openTimeout)), this.options.openTimeoutMs);
      settleOpen = {
        resolve() {
          clearTimeout(timer);
          resolve();
        },
        reject(error) {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    run.opened.catch(() => {}); // observed through whenOpen(); calls report failures themselves

    handle.onMessage((message) => this.onMessage(run, message, settleOpen));
    handle.onExit((code) => {
      run.alive = false;
      settleOpen?.reject(new Error(`${MESSAGES.crashed}（退出码 ${code}）`));
      for (const answer of run.pending.values()) answer({ result: internalError(MESSAGES.crashed) });
      run.pending.clear();
      if (!this.stopping) log.error(`the core process exited unexpectedly (code ${code})`);
    });
    this.running = run;
    handle.postMessage({ type: 'open', dataDir: this.options.dataDir, appVersion: this.options.appVersion });
  }

  /** Resolves once the core opened its data folder; rejects with its reason otherwise. */
  whenOpen(): Promise<void> {
    return this.running ? this.running.opened : Promise.reject(new Error(MESSAGES.crashed));
  }

  /** Relays one call. Never rejects: failures come back as `{ ok: false }` answers. */
  call(sessionToken: string | null, channel: string, input: unknown): Promise<CoreAnswer> {
    if (this.stopping) return Promise.resolve({ result: internalError(MESSAGES.stopping) });
    if (!this.running?.alive) {
      if (!this.mayRestart()) return Promise.resolve({ result: internalError(MESSAGES.gaveUp) });
      this.options.onRestart?.();
      this.start();
    }
    const run = this.running!;
    const id = this.nextCallId++;
    return new Promise<CoreAnswer>((resolve) => {
      const timer = setTimeout(() => {
        run.pending.delete(id);
        log.error(`the core did not answer ${channel} in time`);
        resolve({ result: internalError(MESSAGES.timeout) });
      }, this.options.callTimeoutMs);
      run.pending.set(id, (answer) => {
        clearTimeout(timer);
        run.pending.delete(id);
        resolve(answer);
      });
      try {
        run.handle.postMessage({ type: 'call', id, channel, input, sessionToken });
      } catch (error) {
        // The process died between our last look and now; its exit event follows.
        log.error('could not reach the core process', error);
        run.pending.get(id)?.({ result: internalError(MESSAGES.crashed) });
      }
    });
  }

  /** Asks the core to close its database, and kills it if it does not exit in time. */
  async stop(): Promise<void> {
    this.stopping = true;
    const run = this.running;
    if (!run?.alive) return;
    const exited = new Promise<void>((resolve) => run.handle.onExit(() => resolve()));
    run.handle.postMessage({ type: 'shutdown' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.stopTimeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') run.handle.kill();
  }

  private mayRestart(): boolean {
    const now = this.options.now();
    this.restarts = this.restarts.filter((at) => now - at < this.options.restartWindowMs);
    if (this.running && this.restarts.length >= this.options.maxRestarts) return false;
    if (this.running) this.restarts.push(now); // the very first start is not a restart
    return true;
  }

  private onMessage(
    run: Running,
    message: unknown,
    settleOpen: { resolve: () => void; reject: (error: Error) => void } | undefined,
  ): void {
    if (!isUtilityToMainMessage(message)) {
      log.warn('ignored a malformed message from the core process');
      return;
    }
    const m: UtilityToMainMessage = message;
    switch (m.type) {
      case 'opened':
        settleOpen?.resolve();
        break;
      case 'open-failed':
        settleOpen?.reject(new Error(m.message));
        break;
      case 'call-result': {
        const answer: CoreAnswer = { result: m.result };
        if (m.sessionToken !== undefined) answer.sessionToken = m.sessionToken;
        run.pending.get(m.id)?.(answer);
        break;
      }
      case 'key-request':
        run.handle.postMessage(this.options.answerKeyRequest(m));
        break;
    }
  }
}
