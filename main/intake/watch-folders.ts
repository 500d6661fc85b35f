// Watch folders: department systems hand files over by writing them into a folder the node
// watches (chokidar). Each file is imported once it has stopped growing, then moved to
// `processed/` (rows imported) or `rejected/` (the file as a whole refused, or every row
// rejected), with `<name>.report.json` and `<name>.report.txt` beside it there.
//
// What keeps files safe:
// - Writers should write `x.csv.part` (or `.tmp`) and rename it to `x.csv` when done; the
//   names *.part, *.tmp, *.crdownload, ~$* (Office lock files) and dotfiles are ignored.
//   Writers that cannot rename are covered by the size-stable check: a file is only taken
//   once its size and modification time have not changed for `stableMs`.
// - A file is moved only AFTER its rows are committed and its report is written. A node
//   stopped in between finds the file again at start-up: its content hash says it was
//   imported, so it is only moved (with the report of that import) — nothing twice.
// - One import at a time, from a bounded queue; hundreds of files simply wait their turn.
//   Files beyond the queue's bound stay in the folder and are found by a rescan.
// - A file that cannot be read (locked by the writer, no permission, not a regular file) is
//   retried, then moved to rejected/ with a report saying why. A file removed mid-import
//   stops the import at the last committed chunk, and its report (in rejected/) says so.
// - A full disk (writing the report or the database) never loses the source: the file stays
//   where it is and is tried again later; committed rows are not imported again.
// - A file is marked as being read (reading-mark.ts) before it is parsed. A mark still there
//   at start-up means the core died on that file: it is moved to rejected/ with a report,
//   never parsed again (a file that crashes the parser would otherwise crash every restart).
//   The price: a node killed during an ordinary import (a power cut) sets that file aside
//   too, and the operator puts it back — rows already committed are not imported twice.
// - The operator sees file names, counts and outcomes only — never row contents.
import { watch, type FSWatcher } from 'chokidar';
import { lstat, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ImportReport, SessionUser, WatchFileStatus, WatchFolder, WatchStatus } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import { inspectBytes, type ByteFacts } from './byte-input';
import { SUPPORTED_TYPES, formatOf } from './file-format';
import type { IntakeRepo } from '../store/intake-repo';
import { writeReportFiles } from './report-files';
import { ImportBusyError, runImport, type ImportDeps, type ImportResult } from './run-import';
import { IntakeFileError } from './file-error';
import { clearReadingMark, readReadingMark, writeReadingMark } from './reading-mark';

export interface WatchOptions {
  /** How long size and modification time must stay unchanged before a file is taken. */
  stableMs: number;
  /** Pause between attempts to read a file that cannot be read. */
  retryMs: number;
  /** Attempts before an unreadable file is moved to rejected/. */
  readAttempts: number;
  /** Pause before trying again after a full disk or an unexpected failure. */
  laterMs: number;
  /** Files queued at most; more wait in the folder until a rescan. */
  maxQueue: number;
  /** Poll instead of OS events (network shares that do not report changes). */
  usePolling: boolean;
}

export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  stableMs: 2000,
  retryMs: 2000,
  readAttempts: 5,
  laterMs: 60_000,
  maxQueue: 10_000,
  usePolling: false,
};

export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';
const MAX_STATUS = 200;

/** Names a writer uses while a file is not finished, and other files that are not data. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    /\.(part|tmp|crdownload|partial)$/i.test(name) ||
    /\.report\.(json|txt)$/i.test(name)
  );
}

interface Entry {
  folder: WatchFolder;
  path: string;
}

/** A file waiting to stop changing: the timer of its next look (see settle()). */
interface Stability {
  timer: NodeJS.Timeout;
}

export interface WatchDeps extends ImportDeps {
  repo: IntakeRepo;
  catalog: () => Catalog;
  nodeUnit: () => string;
}

export class WatchFolders {
  private watchers: FSWatcher[] = [];
  private folders: (WatchFolder & { ok: boolean; problem: string | null })[] = [];
  private readonly stability = new Map<string, Stability>();
  private readonly queue: Entry[] = [];
  private readonly queued = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private overflow = false;
  private busy: string | null = null;
  private stopped = true;
  private generation = 0;
  private readonly files: WatchFileStatus[] = [];
  /** Files the core died on, waiting to be moved to rejected/ (never parsed again). */
  private readonly setAside = new Map<string, string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: WatchDeps,
    private readonly options: WatchOptions,
  ) {}

  /** (Re)starts watching the given folders. */
  async start(folders: readonly WatchFolder[]): Promise<void> {
    await this.stop();
    this.stopped = false;
    const generation = ++this.generation;
    this.folders = folders.map((f) => ({ ...f, ok: true, problem: null }));
    for (const folder of this.folders) {
      if (!existsSync(folder.path)) {
        folder.ok = false;
        folder.problem = '文件夹不存在或无法访问';
        continue;
      }
      // Before the watcher sees it: a file the core died on is set aside, not read again.
      await this.quarantineInterrupted(folder);
      const watcher = watch(folder.path, {
        depth: 0,
        ignoreInitial: false,
        persistent: true,
        usePolling: this.options.usePolling,
        interval: 1000,
        ignored: (path: string) => path !== folder.path && this.ignored(folder, path),
      });
      // What chokidar reports until it is ready: those files are on their way already.
      let reportedBeforeReady: Set<string> | null = new Set();
      watcher.on('add', (path) => {
        reportedBeforeReady?.add(path);
        this.seen(folder, path);
      });
      watcher.on('change', (path) => this.seen(folder, path));
      // A folder named like a data file is not something that can be read: it is reported.
      watcher.on('addDir', (path) => {
        if (path !== folder.path && formatOf(basename(path))) this.enqueue({ folder, path });
      });
      watcher.on('unlink', (path) => this.forget(path));
      watcher.on('error', (error) => {
        folder.ok = false;
        folder.problem = `监视出错：${error instanceof Error ? error.message : String(error)}`;
      });
      // chokidar reads the folder first and subscribes to its changes after: a file that
      // lands in between (a department system dropping one as the node starts) raises no
      // event and would wait for the next change in the folder. One look once it is ready.
      watcher.once('ready', () => {
        const reported = reportedBeforeReady ?? new Set<string>();
        reportedBeforeReady = null;
        if (generation === this.generation) void this.rescanFolder(folder, reported);
      });
      if (generation !== this.generation) {
        await watcher.close();
        return;
      }
      this.watchers.push(watcher);
    }
  }

  /**
   * A file still marked as being read (reading-mark.ts): moved to rejected/ with a report.
   * When it cannot be moved yet (a full disk), the mark stays and the file is remembered, so
   * a later attempt delivers it again instead of parsing it.
   */
  private async quarantineInterrupted(folder: WatchFolder): Promise<void> {
    const mark = await readReadingMark(folder.path);
    if (!mark) return;
    const path = join(folder.path, basename(mark.file));
    if (existsSync(path)) {
      this.setAside.set(path, mark.contentHash);
      await this.deliverSetAside({ folder, path });
    } else {
      await clearReadingMark(folder.path);
    }
  }

  private async deliverSetAside(entry: Entry): Promise<void> {
    const name = basename(entry.path);
    const problem = '节点在读取该文件时意外停止（可能是文件损坏或内容异常导致程序崩溃），为保护节点已将其隔离，不再自动读取；请检查文件内容，确认无误后重新导出并放回本文件夹';
    await this.deliver(entry, this.fileReport(name, entry.folder.resourceCode ?? null, this.setAside.get(entry.path) ?? '', problem), REJECTED_DIR, null);
    if (!existsSync(entry.path)) {
      this.setAside.delete(entry.path);
      await clearReadingMark(entry.folder.path);
    }
  }

  /** Stops watching; an import under way stops before its next transaction. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    for (const s of this.stability.values()) clearTimeout(s.timer);
    this.stability.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    const watchers = this.watchers;
    this.watchers = [];
    await Promise.all(watchers.map((w) => w.close().catch(() => undefined)));
  }

  status(): WatchStatus {
    return {
      folders: this.folders.map(({ path, resourceCode, unit, ok, problem }) => ({ path, resourceCode, unit, ok, problem })),
      queued: this.queue.length + this.stability.size,
      files: [...this.files].reverse(),
    };
  }

  /** For tests and the CLI: resolves when nothing is queued, settling or importing. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.stability.size === 0 && this.busy === null && this.timers.size === 0;
  }

  private ignored(folder: WatchFolder, path: string): boolean {
    const name = basename(path);
    if (dirname(path) === folder.path && (name === PROCESSED_DIR || name === REJECTED_DIR)) return true;
    return isIgnoredName(name);
  }

  /** A file appeared or changed: take it once it has stopped changing. */
  private seen(folder: WatchFolder, path: string): void {
    if (this.stopped || this.busy === path || this.queued.has(path)) return;
    this.settle(folder, path, -1, -1, 0);
    this.track(folder, path, 'waiting');
  }

  /**
   * Looks at the file again after `delayMs`: unchanged since `size`/`mtimeMs` means stable.
   * Each look belongs to one entry; a newer event replaces the entry, and a look whose entry
   * was replaced (even while its lstat was running) drops out, so it can never compare the
   * newer event's fresh measurement with itself and call a file stable too early.
   */
  private settle(folder: WatchFolder, path: string, size: number, mtimeMs: number, delayMs: number): void {
    const previous = this.stability.get(path);
    if (previous) clearTimeout(previous.timer);
    const current = () => !this.stopped && this.stability.get(path) === entry;
    const check = async () => {
      if (!current()) return;
      let s;
      try {
        s = await lstat(path);
      } catch {
        if (current()) this.forget(path);
        return;
      }
      if (!current()) return;
      if (!s.isFile() || (s.size === size && s.mtimeMs === mtimeMs)) {
        // Unchanged across a whole stableMs (compared, not aged against the clock: a network
        // share's clock may run ahead of ours); what is not a file is reported as such.
        this.stability.delete(path);
        this.enqueue({ folder, path });
      } else {
        this.settle(folder, path, s.size, s.mtimeMs, this.options.stableMs);
      }
      this.wakeIdle();
    };
    const entry: Stability = { timer: setTimeout(() => void check(), delayMs) };
    this.stability.set(path, entry);
  }

  private forget(path: string): void {
    const s = this.stability.get(path);
    if (s) clearTimeout(s.timer);
    this.stability.delete(path);
    const at = this.queue.findIndex((e) => e.path === path);
    if (at >= 0) this.queue.splice(at, 1);
    this.queued.delete(path);
    const status = this.latest(path);
    if (status && status.state === 'waiting') this.files.splice(this.files.indexOf(status), 1);
    this.wakeIdle();
  }

  private enqueue(entry: Entry): void {
    if (this.stopped || this.queued.has(entry.path) || this.busy === entry.path) return;
    if (this.queue.length >= this.options.maxQueue) {
      this.overflow = true;
      return;
    }
    this.queue.push(entry);
    this.queued.add(entry.path);
    this.track(entry.folder, entry.path, 'waiting');
    void this.pump();
  }

  private later(entry: Entry, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) this.seen(entry.folder, entry.path);
      this.wakeIdle();
    }, ms);
    this.timers.add(timer);
  }

  /** One import at a time. */
  private async pump(): Promise<void> {
    if (this.busy !== null) return;
    while (!this.stopped && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      this.queued.delete(entry.path);
      this.busy = entry.path;
      try {
        await this.handle(entry);
      } catch (error) {
        // Unexpected: leave the file where it is and try again later.
        this.track(entry.folder, entry.path, 'waiting', { problem: `内部错误，文件保留在原处，稍后重试：${error instanceof Error ? error.message : String(error)}` });
        if (!this.stopped) this.later(entry, this.options.laterMs);
      } finally {
        this.busy = null;
      }
      if (this.queue.length === 0 && this.overflow && !this.stopped) {
        this.overflow = false;
        await this.rescan();
      }
    }
    this.wakeIdle();
  }

  private async rescan(): Promise<void> {
    for (const folder of this.folders) await this.rescanFolder(folder);
  }

  /**
   * Takes every file of the folder not already waiting, queued or importing (seen() skips
   * those), nor in `skip` (at start-up: the files chokidar reported).
   */
  private async rescanFolder(folder: WatchFolder & { ok: boolean }, skip: ReadonlySet<string> = new Set()): Promise<void> {
    if (!folder.ok) return;
    let names: string[] = [];
    try {
      names = await readdir(folder.path);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder.path, name);
      if (!this.ignored(folder, path) && !this.stability.has(path) && !skip.has(path)) this.seen(folder, path);
    }
  }

  private async handle(entry: Entry): Promise<void> {
    const { folder, path } = entry;
    const name = basename(path);
    if (this.setAside.has(path)) return this.deliverSetAside(entry);
    const format = formatOf(name);
    if (!format) {
      // Not a data file: left exactly where it is (the folder may hold other things), shown to the operator.
      this.track(folder, path, 'rejected', { problem: `不是可导入的文件类型（${SUPPORTED_TYPES}），已忽略，文件保留在原处` });
      return;
    }
    this.track(folder, path, 'importing');

    // 1. Read it (retrying what may be a passing lock), hashing as we go.
    let facts: ByteFacts | null = null;
    let readProblem = '';
    for (let attempt = 1; attempt <= this.options.readAttempts && !this.stopped; attempt++) {
      try {
        const s = await lstat(path);
        if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
        facts = await inspectBytes({ kind: 'path', fileName: name, path });
        break;
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') {
          this.forget(path);
          return;
        }
        readProblem = readErrorText(error);
        if (attempt < this.options.readAttempts) await this.sleep(this.options.retryMs);
      }
    }
    if (this.stopped) return;
    if (!facts) {
      const report = this.fileReport(name, null, '', `无法读取该文件（已尝试 ${this.options.readAttempts} 次）：${readProblem}`);
      await this.deliver(entry, report, REJECTED_DIR, null);
      return;
    }
    // Still being written after all (a slow writer that paused longer than stableMs)?
    const after = await stat(path).catch(() => null);
    if (!after) return this.forget(path);
    if (after.size !== facts.size) {
      this.track(folder, path, 'waiting');
      this.later(entry, this.options.stableMs);
      return;
    }

    // 2. Which resource, which format.
    const resourceCode = folder.resourceCode ?? resourceFromFileName(this.deps.catalog(), name);
    if (!resourceCode) {
      const problem = `文件名中没有资源代码：本文件夹要求文件名以资源代码开头，如「${this.deps.catalog().resources[0]?.code ?? '203001-00001'}_任意名称${extname(name) || '.csv'}」`;
      await this.deliver(entry, this.fileReport(name, resourceCode, facts.contentHash, problem, format), REJECTED_DIR, null);
      return;
    }

    // 3. Import (or recognise it as imported before).
    const user: SessionUser = { username: 'watch-folder', displayName: '监视文件夹', role: 'clerk', unit: folder.unit ?? this.deps.nodeUnit() };
    const initial = await stat(path);
    if (this.stopped) return;
    let result: ImportResult;
    await writeReadingMark(folder.path, { file: name, contentHash: facts.contentHash, startedAt: this.deps.now().toISOString() });
    try {
      result = await runImport(
        { input: { kind: 'path', fileName: name, path }, format, resourceCode, user, source: 'watch' },
        this.deps,
        {
          facts,
          checkSource: async () => {
            const now = await stat(path).catch(() => null);
            if (!now) return '文件在导入过程中被删除或移走，导入已在此处停止';
            if (now.ino !== initial.ino || now.size !== initial.size || now.mtimeMs !== initial.mtimeMs) return MODIFIED;
            return null;
          },
        },
      );
    } catch (error) {
      if (error instanceof ImportBusyError) {
        this.later(entry, this.options.retryMs);
        return;
      }
      if (error instanceof IntakeFileError) {
        await this.deliver(entry, this.fileReport(name, resourceCode, facts.contentHash, error.message, format), REJECTED_DIR, null);
        return;
      }
      throw error;
    } finally {
      // The import ended, however it ended (a thrown error is not a crash of the core).
      await clearReadingMark(folder.path);
    }
    if (result.kind === 'closed' || this.stopped) return;

    if (result.kind === 'already') {
      const previous = result.previous;
      if (previous.source === 'watch' && previous.delivered_at === null && previous.report) {
        // Committed before a stop, not yet moved: finish the job with that import's report.
        const report = JSON.parse(previous.report) as ImportReport;
        await this.deliver(entry, report, destinationFor(report), previous.id);
      } else {
        await this.deliver(entry, result.report, PROCESSED_DIR, null);
      }
      return;
    }
    const report = result.report;
    if (report.fileProblem === MODIFIED) {
      this.track(folder, path, 'waiting', { problem: '文件在导入过程中被修改（可能仍在写入），待其稳定后重新导入' });
      this.later(entry, this.options.stableMs);
      return;
    }
    if (report.fileProblem?.startsWith(DISK_FULL)) {
      this.track(folder, path, 'waiting', { problem: report.fileProblem, ...countsOf(report) });
      this.later(entry, this.options.laterMs);
      return;
    }
    await this.deliver(entry, report, destinationFor(report), result.fileId);
  }

  /**
   * Writes the report into processed/ or rejected/ under the file's final name, then moves
   * the file there. Never overwrites: a taken name gets a suffix (name-2.csv, name-3.csv…).
   * A full disk leaves the file where it is, to be tried again later.
   */
  private async deliver(entry: Entry, report: ImportReport, dir: string, fileId: number | null): Promise<void> {
    const { folder, path } = entry;
    if (this.stopped) return; // the next start finds the file and finishes the job
    const state = dir === PROCESSED_DIR ? 'processed' : 'rejected';
    try {
      const target = join(folder.path, dir);
      await mkdir(target, { recursive: true });
      const destination = await freeName(target, basename(path));
      const written = await writeReportFiles(destination, report, this.deps.catalog());
      if (this.stopped) return;
      try {
        await rename(path, destination);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOENT') throw error; // removed mid-import: the report stays
      }
      if (fileId !== null && !this.deps.closing()) this.deps.repo.markDelivered(fileId, this.deps.now().toISOString());
      this.track(folder, path, state, { ...countsOf(report), reportFile: written.txt, problem: report.fileProblem ? shortProblem(report.fileProblem) : null });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const problem =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `磁盘空间不足，无法写入导入报告；文件保留在原处，${Math.round(this.options.laterMs / 1000)} 秒后重试（已导入的行不会重复导入）`
          : `无法写入导入报告或移动文件（${readErrorText(error)}）；文件保留在原处，稍后重试（已导入的行不会重复导入）`;
      this.track(folder, path, 'waiting', { ...countsOf(report), problem });
      this.later(entry, this.options.laterMs);
    }
  }

  private fileReport(fileName: string, resourceCode: string | null, contentHash: string, problem: string, format: ImportReport['format'] = formatOf(fileName) ?? 'csv'): ImportReport {
    const at = this.deps.now().toISOString();
    return {
      fileName,
      resourceCode,
      contentHash,
      format,
      encoding: null,
      sheet: null,
      alreadyImported: false,
      previousImport: null,
      totalRows: 0,
      imported: 0,
      rejected: 0,
      duplicates: 0,
      emptyRowsSkipped: 0,
      extraColumns: [],
      errors: [],
      errorsNotListed: 0,
      fileProblem: problem,
      startedAt: at,
      finishedAt: at,
    };
  }

  private track(folder: WatchFolder, path: string, state: WatchFileStatus['state'], extra: Partial<WatchFileStatus> = {}): void {
    let status = this.latest(path);
    // A handled file keeps its line; a new file of the same name gets a new one.
    if (!status || status.state === 'processed' || status.state === 'rejected') {
      status = { file: basename(path), folder: folder.path, state, imported: 0, rejected: 0, duplicates: 0, reportFile: null, problem: null, at: '' };
      this.files.push(status);
      if (this.files.length > MAX_STATUS) this.files.splice(0, this.files.length - MAX_STATUS);
    }
    Object.assign(status, { state, problem: null, ...extra, at: this.deps.now().toISOString() });
  }

  private latest(path: string): WatchFileStatus | undefined {
    const file = basename(path);
    const folder = dirname(path);
    for (let i = this.files.length - 1; i >= 0; i--) {
      const s = this.files[i]!;
      if (s.file === file && s.folder === folder) return s;
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

const MODIFIED = '文件在导入过程中被修改';
export const DISK_FULL = '磁盘空间不足';

function destinationFor(report: ImportReport): string {
  return report.fileProblem || (report.imported === 0 && report.rejected > 0) ? REJECTED_DIR : PROCESSED_DIR;
}

function countsOf(report: ImportReport) {
  return { imported: report.imported, rejected: report.rejected, duplicates: report.duplicates };
}

function shortProblem(problem: string): string {
  const cut = problem.indexOf('。');
  return cut > 0 ? problem.slice(0, cut) : problem;
}

/** The resource code a file name starts with (203001-00001_任意名称.csv), if the catalog has it. */
export function resourceFromFileName(catalog: Catalog, fileName: string): string | null {
  const hit = catalog.resources.find((r) => fileName.startsWith(r.code) && /^([_\-\s.（(]|$)/.test(fileName.slice(r.code.length)));
  return hit?.code ?? null;
}

/** `name.ext` in dir, or name-2.ext, name-3.ext… — whichever is free together with its report files. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
    const taken = await Promise.all([candidate, `${candidate}.report.json`, `${candidate}.report.txt`].map((p) => lstat(p).then(() => true, () => false)));
    if (!taken.some(Boolean)) return candidate;
  }
}

function readErrorText(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return '没有读取权限（文件可能被其他程序占用或权限不足）';
    case 'EBUSY':
      return '文件被其他程序占用';
    case 'EISDIR':
    case 'ENOTREG':
      return '这不是普通文件（可能是文件夹、管道或设备）';
    case 'ENOSPC':
      return '磁盘空间不足';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
