// Starts one backup task in a worker thread. In the packaged app the worker is the bundle
// dist/app/backup-worker.cjs next to the core's bundle; from source (CLI, tests, benches) a
// tiny bootstrap registers tsx in the worker and imports worker-entry.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Task, TaskResults } from './tasks';

export class WorkerTaskError extends Error {
  constructor(
    readonly original: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = original === 'UnreadableDatabaseError' ? 'UnreadableDatabaseError' : 'WorkerTaskError';
  }
}

function startWorker(task: Task): Worker {
  if (typeof __dirname === 'string') {
    // Packaged: electron-builder unpacks the worker from the asar archive (a worker thread
    // is started by the file system, not through Electron's asar reader).
    const bundled = join(__dirname, 'backup-worker.cjs');
    const unpacked = bundled.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    for (const file of [unpacked, bundled]) if (existsSync(file)) return new Worker(file, { workerData: task });
    throw new Error(`backup worker missing: ${bundled}`);
  }
  const entry = new URL('./worker-entry.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: task });
}

/** Runs the task off the event loop; `signal` terminates the worker (its connection dies with it). */
export function runTask<K extends Task['kind']>(task: Extract<Task, { kind: K }>, signal?: AbortSignal): Promise<TaskResults[K]> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const worker = startWorker(task);
    let settled = false;
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(signal?.reason ?? new Error('aborted')));
    };
    const finish = (then: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      then();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (message: { ok: true; result: TaskResults[K] } | { ok: false; error: { name: string; message: string; code?: string } }) => {
      finish(() => (message.ok ? resolve(message.result) : reject(new WorkerTaskError(message.error.name, message.error.message, message.error.code))));
      void worker.terminate();
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) => finish(() => reject(new Error(`backup worker stopped (exit code ${code}) before it answered`))));
  });
}
