// The intake as the API and the CLI see it: preview a file, start an import that runs in the
// background (the UI polls the job), import a file by path (CLI), and configure and watch
// the watch folders (operator). Role checks happened in the router (or the host access for
// the CLI); this service enforces what roles cannot: a clerk sees only their own jobs, and
// an import never runs twice on the same file at once.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ImportReport, IntakeJob, IntakePreview, SessionUser, WatchFolder, WatchStatus } from '../../common/contract';
import { INTAKE_MAX_FILE_BYTES } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { AuditLog } from '../audit/audit-log';
import { findResource } from '../../common/catalog/lookup';
import type { Catalog } from '../../common/catalog/types';
import type { RecordsService } from '../records/records-service';
import { log } from '../../platform/log';
import type { ByteInput } from './byte-input';
import { IntakeFileError } from './file-error';
import { requireFormat } from './file-format';
import type { IntakeRepo } from '../store/intake-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import { previewFile } from './preview';
import { ImportBusyError, runImport, type ImportDeps, type ImportResult } from './run-import';
import { DEFAULT_WATCH_OPTIONS, WatchFolders, type WatchOptions } from './watch-folders';

export interface IntakeOptions {
  /** Run the watch folders (long-running hosts: the app, `serve`); default: when sync runs automatically. */
  watch?: boolean;
  /** Rows per transaction (default 500). */
  chunkRows?: number;
  watchOptions?: Partial<WatchOptions>;
}

interface Job {
  id: string;
  owner: string;
  state: IntakeJob['state'];
  processedRows: number;
  fractionDone: number | null;
  report: ImportReport | null;
  error: string | null;
  endedAt: number | null;
}

const MAX_RUNNING_JOBS = 3;
const KEEP_JOBS_MS = 2 * 3600_000;

export class IntakeService {
  private readonly deps: ImportDeps;
  private readonly jobs = new Map<string, Job>();
  private readonly watcher: WatchFolders;
  private closing = false;
  private watchEnabled = false;

  constructor(
    private readonly repo: IntakeRepo,
    private readonly work: UnitOfWork,
    records: RecordsService,
    private readonly audit: AuditLog,
    private readonly catalog: () => Catalog,
    private readonly now: () => Date,
    private readonly options: IntakeOptions = {},
  ) {
    this.deps = {
      records,
      repo,
      work,
      audit,
      catalog,
      now,
      chunkRows: options.chunkRows ?? 500,
      closing: () => this.closing,
      active: new Set(),
    };
    this.watcher = new WatchFolders(
      { ...this.deps, nodeUnit: () => repo.nodeUnit() },
      { ...DEFAULT_WATCH_OPTIONS, ...options.watchOptions },
    );
  }

  /** Starts the watch folders if this host runs them. */
  startWatching(watchByDefault: boolean): void {
    this.watchEnabled = this.options.watch ?? watchByDefault;
    if (this.watchEnabled) {
      this.watcher.start(this.repo.watchFolders()).catch((error: unknown) => log.error('watch folders did not start', error));
    }
  }

  /** Stops the watchers and makes running imports stop before their next transaction. Call before closing the database. */
  stop(): Promise<void> {
    this.closing = true;
    return this.watcher.stop();
  }

  async preview(_user: SessionUser, input: { fileName: string; fileBase64: string; resourceCode?: string | undefined; sheet?: string | undefined }): Promise<IntakePreview> {
    const bytes = decodeUpload(input.fileBase64);
    try {
      return await previewFile({ kind: 'buffer', fileName: input.fileName, buffer: bytes }, this.catalog(), input.resourceCode, input.sheet);
    } catch (error) {
      throw asApiFailure(error);
    }
  }

  async start(user: SessionUser, input: { fileName: string; fileBase64: string; resourceCode: string; sheet?: string | undefined }): Promise<{ jobId: string }> {
    const format = this.checkFile(input.fileName, input.resourceCode);
    const running = [...this.jobs.values()].filter((j) => j.state === 'running');
    if (running.some((j) => j.owner === user.username)) throw new ApiFailure('CONFLICT', '您已有一个导入正在进行，请等待其完成后再导入下一个文件');
    if (running.length >= MAX_RUNNING_JOBS) throw new ApiFailure('CONFLICT', '当前导入任务较多，请稍后再试');
    const buffer = decodeUpload(input.fileBase64);
    this.prune();
    const job: Job = { id: randomUUID(), owner: user.username, state: 'running', processedRows: 0, fractionDone: 0, report: null, error: null, endedAt: null };
    this.jobs.set(job.id, job);
    const input2: ByteInput = { kind: 'buffer', fileName: input.fileName, buffer };
    void this.runJob(job, () =>
      runImport({ input: input2, format, sheet: input.sheet, resourceCode: input.resourceCode, user, source: 'upload' }, this.deps, {
        onProgress: (p) => {
          job.processedRows = p.processedRows;
          job.fractionDone = p.size > 0 ? Math.min(1, p.bytesRead / p.size) : null;
        },
      }),
    );
    return { jobId: job.id };
  }

  job(user: SessionUser, jobId: string): IntakeJob {
    const job = this.jobs.get(jobId);
    if (!job || job.owner !== user.username) throw new ApiFailure('NOT_FOUND', '未找到该导入任务（任务只保留两小时，且只有发起人可以查看）');
    return {
      jobId: job.id,
      state: job.state,
      processedRows: job.processedRows,
      totalRows: job.report ? job.report.totalRows + job.report.emptyRowsSkipped : null,
      fractionDone: job.state === 'running' ? job.fractionDone : 1,
      report: job.report,
      error: job.error,
    };
  }

  /**
   * CLI: imports a file by path, streaming it (no size limit), as `user` (a clerk, checked
   * by the caller). Without a resource code the resource is recognised from the headers.
   */
  async importPath(
    user: SessionUser,
    path: string,
    options: { resourceCode?: string | undefined; sheet?: string | undefined },
    onProgress: (p: { processedRows: number; fractionDone: number | null }) => void = () => {},
  ): Promise<ImportReport> {
    const fileName = path.split(/[\\/]/).pop() ?? path;
    const input: ByteInput = { kind: 'path', fileName, path };
    try {
      let resourceCode = options.resourceCode;
      if (!resourceCode) {
        const preview = await previewFile(input, this.catalog(), undefined, options.sheet);
        if (!preview.resourceCode) throw new IntakeFileError(`${preview.problems.join('；')}。请用 --resource 指定资源代码`);
        resourceCode = preview.resourceCode;
      }
      const format = this.checkFile(fileName, resourceCode);
      const result = await runImport({ input, format, sheet: options.sheet, resourceCode, user, source: 'cli' }, this.deps, {
        onProgress: (p) => onProgress({ processedRows: p.processedRows, fractionDone: p.size > 0 ? Math.min(1, p.bytesRead / p.size) : null }),
      });
      if (result.kind === 'closed') throw new ApiFailure('INTERNAL', '节点正在关闭，导入已暂停；再次导入同一文件将从中断处继续');
      return result.report;
    } catch (error) {
      throw asApiFailure(error);
    }
  }

  watchFolders(): WatchFolder[] {
    return this.repo.watchFolders();
  }

  async setWatchFolders(user: SessionUser, folders: readonly WatchFolder[]): Promise<WatchFolder[]> {
    const catalog = this.catalog();
    const units = this.repo.clerkUnits();
    const nodeUnit = this.repo.nodeUnit();
    const cleaned: WatchFolder[] = [];
    for (const folder of folders) {
      if (!isAbsolute(folder.path)) throw new ApiFailure('BAD_INPUT', `监视文件夹应写完整路径（绝对路径），收到「${folder.path}」`);
      const path = resolve(folder.path);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new ApiFailure('BAD_INPUT', `文件夹「${path}」不存在或不是文件夹，请先创建`);
      if (cleaned.some((f) => f.path === path)) throw new ApiFailure('BAD_INPUT', `文件夹「${path}」重复配置`);
      // Files in a watch folder get moved: never the node's own data, nor a folder holding it.
      const dataDir = resolve(dirname(this.repo.databaseFile()));
      if (isWithin(path, dataDir) || isWithin(dataDir, path)) {
        throw new ApiFailure('BAD_INPUT', `文件夹「${path}」是本节点的数据文件夹或包含它，不能作为监视文件夹`);
      }
      if (cleaned.some((f) => isWithin(path, f.path) || isWithin(f.path, path))) {
        throw new ApiFailure('BAD_INPUT', `文件夹「${path}」与另一个监视文件夹互相包含，请分开配置`);
      }
      if (folder.resourceCode !== null && !findResource(catalog, folder.resourceCode)) throw new ApiFailure('NOT_FOUND', `目录中没有资源「${folder.resourceCode}」`);
      const unit = folder.unit ?? null;
      if (unit !== null && unit !== nodeUnit && !units.includes(unit)) {
        throw new ApiFailure('BAD_INPUT', `没有属于「${unit}」的录入员账户，导入的数据将无人可见；现有单位：${[nodeUnit, ...units].join('、')}`);
      }
      cleaned.push({ path, resourceCode: folder.resourceCode, unit });
    }
    this.work.transaction(() => {
      this.repo.setWatchFolders(cleaned);
      this.audit.append({ actor: user.username, role: user.role, action: 'intake.setWatchFolders', target: cleaned.map((f) => f.path).join(';').slice(0, 500), outcome: 'success', detail: { folders: cleaned.length } });
    });
    if (!this.closing && this.watchEnabled) await this.watcher.start(cleaned);
    return cleaned;
  }

  watchStatus(): WatchStatus {
    const status = this.watcher.status();
    // Not watching in this host (a one-shot CLI command): still show the configuration.
    if (!this.watchEnabled) return { ...status, folders: this.repo.watchFolders().map((f) => ({ ...f, ok: false, problem: '本进程未运行监视（由桌面程序或 edge-node serve 运行）' })) };
    return status;
  }

  /** For tests: resolves when the watch folders have nothing left to do. */
  watchIdle(): Promise<void> {
    return this.watcher.idle();
  }

  private checkFile(fileName: string, resourceCode: string) {
    if (!findResource(this.catalog(), resourceCode)) throw new ApiFailure('NOT_FOUND', `目录中没有资源「${resourceCode}」`);
    try {
      return requireFormat(fileName);
    } catch (error) {
      throw asApiFailure(error);
    }
  }

  private async runJob(job: Job, work: () => Promise<ImportResult>): Promise<void> {
    try {
      const result = await work();
      if (result.kind === 'closed') {
        job.state = 'failed';
        job.error = '节点正在关闭，导入已暂停；再次导入同一文件将从中断处继续，已导入的行不会重复导入';
      } else {
        job.report = result.report;
        job.state = result.report.fileProblem ? 'failed' : 'done';
        job.error = result.report.fileProblem;
        job.processedRows = result.report.totalRows + result.report.emptyRowsSkipped;
      }
    } catch (error) {
      job.state = 'failed';
      if (error instanceof IntakeFileError || error instanceof ImportBusyError) job.error = error.message;
      else {
        job.error = '内部错误，导入未完成；已提交的数据不受影响，再次导入同一文件将从中断处继续。请联系运维人员查看日志';
        log.error('import failed', error);
      }
    } finally {
      job.endedAt = Date.now();
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_JOBS_MS;
    for (const [id, job] of this.jobs) if (job.endedAt !== null && job.endedAt < cutoff) this.jobs.delete(id);
  }
}

function decodeUpload(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new ApiFailure('BAD_INPUT', '文件内容编码不正确（应为 base64）');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > INTAKE_MAX_FILE_BYTES) {
    throw new ApiFailure('BAD_INPUT', `文件超过 ${INTAKE_MAX_FILE_BYTES / 1024 / 1024} MB，请用监视文件夹或命令行（edge-node import）导入`);
  }
  if (bytes.length === 0) throw new ApiFailure('BAD_INPUT', '文件是空的');
  return bytes;
}

function asApiFailure(error: unknown): unknown {
  if (error instanceof IntakeFileError) return new ApiFailure('BAD_INPUT', error.message);
  if (error instanceof ImportBusyError) return new ApiFailure('CONFLICT', error.message);
  if ((error as { code?: string }).code === 'ENOENT') return new ApiFailure('NOT_FOUND', '找不到该文件');
  if ((error as { code?: string }).code === 'EACCES') return new ApiFailure('FORBIDDEN', '没有读取该文件的权限');
  if ((error as { code?: string }).code === 'EISDIR') return new ApiFailure('BAD_INPUT', '这是一个文件夹，不是文件');
  return error;
}

/** `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
