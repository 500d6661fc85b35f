// Long backup work runs as jobs the caller polls (backup.job, setup.restoreJob): one heavy job
// (create, verify, restore) at a time, and one DR upload beside it. Jobs live in memory for
// the life of the node process; the last 50 are kept for polling.
import { randomBytes } from 'node:crypto';
import type { BackupJob } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { BackupError } from '../../formats/backup';
import { errorCodes } from '../../platform/error-causes';

export type JobKind = BackupJob['kind'];
export type JobPhase = BackupJob['phase'];

export interface JobControl {
  readonly id: string;
  readonly signal: AbortSignal;
  phase(phase: JobPhase, total?: number): void;
  progress(done: number, total?: number): void;
  fileName(name: string): void;
}

const KEEP = 50;

export class JobRegistry {
  private readonly jobs = new Map<string, BackupJob>();
  private readonly running = new Map<'heavy' | 'upload', { id: string; abort: AbortController }>();

  constructor(
    private readonly now: () => Date,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get(id: string): BackupJob | undefined {
    const job = this.jobs.get(id);
    return job && { ...job, result: job.result && { ...job.result } };
  }

  /** The heavy job under way, if any. */
  current(): BackupJob | null {
    const id = this.running.get('heavy')?.id ?? this.running.get('upload')?.id;
    return id ? (this.get(id) ?? null) : null;
  }

  busy(lane: 'heavy' | 'upload' = 'heavy'): boolean {
    return this.running.has(lane);
  }

  /**
   * Starts `work` as a job and returns its id at once. `work` resolves with the job's
   * result; a thrown BackupError or ApiFailure becomes the job's Chinese error.
   */
  start(kind: JobKind, work: (job: JobControl) => Promise<BackupJob['result']>, options: { lane?: 'heavy' | 'upload'; fileName?: string | null; onSettled?: (job: BackupJob) => void } = {}): string {
    const lane = options.lane ?? (kind === 'upload' ? 'upload' : 'heavy');
    const busy = this.running.get(lane);
    if (busy) {
      const other = this.jobs.get(busy.id);
      throw new ApiFailure('CONFLICT', `另一项${other ? KIND_LABEL[other.kind] : '备份'}任务正在进行，请等它结束后再试`);
    }
    const id = randomBytes(16).toString('hex');
    const abort = new AbortController();
    const job: BackupJob = {
      jobId: id,
      kind,
      state: 'running',
      phase: 'queued',
      done: 0,
      total: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      fileName: options.fileName ?? null,
      error: null,
      errorCode: null,
      result: null,
    };
    this.jobs.set(id, job);
    this.running.set(lane, { id, abort });
    this.trim();
    const control: JobControl = {
      id,
      signal: abort.signal,
      phase: (phase, total = 0) => Object.assign(job, { phase, done: 0, total }),
      progress: (done, total) => Object.assign(job, { done, ...(total !== undefined ? { total } : {}) }),
      fileName: (name) => (job.fileName = name),
    };
    void (async () => {
      try {
        job.result = await work(control);
        Object.assign(job, { state: 'done', phase: 'done' });
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.errorCode === 'INTERNAL') this.log(`backup ${kind} job failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        Object.assign(job, { state: 'failed', ...failure });
      } finally {
        job.finishedAt = this.now().toISOString();
        if (this.running.get(lane)?.id === id) this.running.delete(lane);
        try {
          options.onSettled?.({ ...job });
        } catch {
          // a follow-up that fails must not take the registry down
        }
      }
    })();
    return id;
  }

  /** Stops whatever runs (node closing): workers are terminated, temporary files cleaned at the next start. */
  abortAll(reason = '节点正在关闭，任务已中止'): void {
    for (const { abort } of this.running.values()) abort.abort(new ApiFailure('CONFLICT', reason));
  }

  /** Waits until nothing runs (tests, orderly shutdown). */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private trim(): void {
    if (this.jobs.size <= KEEP) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEEP) break;
      if (job.state !== 'running') this.jobs.delete(id);
    }
  }
}

const KIND_LABEL: Record<JobKind, string> = { create: '备份', verify: '校验', restore: '恢复', upload: '上传' };

export function describeFailure(error: unknown): { error: string; errorCode: string } {
  if (error instanceof BackupError) return { error: error.message, errorCode: error.code };
  if (error instanceof ApiFailure) return { error: error.message, errorCode: error.code };
  if (isDiskFull(error)) return { error: '磁盘空间不足，任务未完成', errorCode: 'IO' };
  return { error: '内部错误，任务未完成；已有的数据不受影响，请联系运维人员查看日志', errorCode: 'INTERNAL' };
}

/** A full disk reaches us as ENOSPC from a file write, or as SQLITE_FULL from the database, sometimes as the cause of a wrapping error. */
export function isDiskFull(error: unknown): boolean {
  return errorCodes(error).some((code) => code === 'ENOSPC' || code === 'SQLITE_FULL');
}
