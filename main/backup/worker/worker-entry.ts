// Entry of the backup worker thread (bundled as dist/app/backup-worker.cjs for the app; run
// from source through tsx elsewhere). Runs one task from workerData and posts its outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { runTask, type Task } from './tasks';

try {
  const result = runTask(workerData as Task);
  parentPort!.postMessage({ ok: true, result });
} catch (error) {
  const e = error as Error & { code?: unknown };
  parentPort!.postMessage({ ok: false, error: { name: e?.name ?? 'Error', message: e?.message ?? String(error), code: typeof e?.code === 'string' ? e.code : undefined } });
}
