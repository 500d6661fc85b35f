// Starts the sync bench's exchange in a child process (bench/sync-exchange-child.ts), so the
// node under test and the exchange do not take turns on one thread: a real exchange is
// another machine. Every client of the bench (the engine and the naive baseline alike)
// talks to this one out-of-process exchange. The tests keep their in-process exchange.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestPki } from '../test/support/pki';

export interface ExchangeChildStart {
  kind: 'start';
  dataDir: string;
  rootPem: string;
  server: { keyPem: string; certPem: string };
  signing: { keyPem: string; certPem: string };
}
export type ExchangeChildRequest = { kind: 'applied'; id: number; nodeId: string } | { kind: 'close' };
type ExchangeChildAnswer = { kind: 'started'; url: string } | { kind: 'applied'; id: number; count: number } | { kind: 'closed' } | { kind: 'failed'; message: string };

export interface ExchangeProcess {
  url: string;
  pid: number;
  /** Record versions of this node the exchange stored (accepted keys). */
  appliedCount(nodeId: string): Promise<number>;
  close(): Promise<void>;
}

/** Any one answer from the child within this long, or the bench fails. */
const ANSWER_MS = 60_000;

/** `profileDir`: the child writes a CPU profile of its whole life there (`--profile-exchange DIR`). */
export async function startExchangeProcess(pki: TestPki, profileDir: string | null = null): Promise<ExchangeProcess> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(fileURLToPath(new URL('./sync-exchange-child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const next = <K extends ExchangeChildAnswer['kind']>(kind: K, id?: number) =>
    new Promise<Extract<ExchangeChildAnswer, { kind: K }>>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`交换平台子进程 ${ANSWER_MS / 1000} 秒内没有应答（${kind}）`)), ANSWER_MS);
      const onMessage = (answer: ExchangeChildAnswer) => {
        if (answer.kind === 'failed') return finish(new Error(`交换平台子进程出错：${answer.message}`));
        if (answer.kind === kind && (id === undefined || (answer as { id?: number }).id === id)) finish(null, answer as Extract<ExchangeChildAnswer, { kind: K }>);
      };
      const onExit = (code: number | null) => finish(new Error(`交换平台子进程已退出（${code}）`));
      const finish = (error: Error | null, answer?: Extract<ExchangeChildAnswer, { kind: K }>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(answer!);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (message: ExchangeChildStart | ExchangeChildRequest) => child.send(message);
  const started = next('started');
  send({
    kind: 'start',
    dataDir: mkdtempSync(join(tmpdir(), 'edge-node-exchange-')),
    rootPem: pki.root.certPem,
    server: { keyPem: pki.server.keyPem, certPem: pki.server.certPem },
    signing: { keyPem: pki.exchangeSigning.keyPem, certPem: pki.exchangeSigning.certPem },
  });
  let url: string;
  try {
    url = (await started).url;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    async appliedCount(nodeId) {
      const id = nextId++;
      const answer = next('applied', id);
      send({ kind: 'applied', id, nodeId });
      return (await answer).count;
    },
    async close() {
      await closeChild(child, next('closed'), () => send({ kind: 'close' }));
    },
  };
}

async function closeChild(child: ChildProcess, closed: Promise<unknown>, ask: () => void): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    ask();
    await closed;
  } catch {
    child.kill('SIGKILL');
  }
  await exited;
}
