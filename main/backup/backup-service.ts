// Backup and restore as the admin (and the first-run screen) see them: settings, the folder's
// files, jobs with progress (create, verify, restore, DR upload), the daily schedule with
// retention and the verify drill. One BackupManager lives as long as the node process; it
// outlives a restore, which swaps the database (and so every other service) underneath it.
import { StatsRepo, type StatusEventKind } from '../store/stats-repo';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo, BackupJob, BackupSettings, BackupSource, BackupStatus, SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { BackupNode } from './backup-node';
import type { DataPaths } from '../../platform/data-paths';
import type { KeyProtector } from '../../platform/key-protector';
import { getMeta, setMeta } from '../store/meta';
import { sealWithHostIfPossible } from '../store/key-slots';
import { BackupError, BackupFile } from '../../formats/backup';
import { checkSettings, defaultSettings, readSettings, writeSettings } from './settings';
import { cleanPartials, folderProblem, listBackupFiles, resolveSource } from './files';
import { JobRegistry, describeFailure, type JobControl } from './jobs';
import { createBackup } from './create';
import { verifyBackup } from './verify';
import { commitRestore, recoverInterruptedRestore, stageRestore } from './restore';
import { selectForDeletion } from './retention';
import { missedRun, nextRunAfter } from './schedule';
import { receiveUploadChunk, removeUploads } from './uploads';
import { uploadToDrCentre, drNotReady, type DrUploadOptions } from './dr-upload';
import { assertRestorableVersion } from './versions';
import { reconcilePending } from './reconcile';
import type { BackupContext } from './context';

export interface BackupHost {
  paths: DataPaths;
  now(): Date;
  appVersion: string;
  keyProtector: KeyProtector;
  state(): 'uninitialized' | 'locked' | 'ready';
  /** The ready node's services, or null. */
  services(): BackupNode | null;
  /** A copy of the node's database key. */
  databaseKey(): Promise<Buffer>;
  /** Stops sync and closes the live database: the swap is about to move it. */
  closeDatabase(): void;
  /** Opens the database now in place and makes the node ready (passphrase when the host cannot unseal). */
  openDatabase(passphrase: string | undefined, databaseKey: Buffer): Promise<void>;
  /** Opens whatever database is in place after a failed swap (or leaves the node locked). */
  reopenAfterFailure(): Promise<void>;
  endSessionsOf(usernames: string[]): void;
  /** Runs `work` while first-run setup and unlock are refused. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  log(line: string): void;
}

export interface BackupManagerOptions {
  /** Chunk size of new backup files (tests: small, to get many chunks). */
  chunkBytes?: number;
  /** A scheduled run missed while the machine was off is made up this long after start. */
  catchUpDelayMs?: number;
  dr?: Partial<DrUploadOptions>;
}

const SYSTEM = { actor: 'system', role: 'system' } as const;
const META = {
  lastBackup: 'backup_last',
  lastVerified: 'backup_last_verified',
  lastUpload: 'backup_last_upload',
  lastScheduled: 'backup_last_scheduled',
  uploaded: 'backup_dr_uploaded',
};

const EVENT_KIND: Record<string, StatusEventKind> = { [META.lastBackup]: 'backup', [META.lastVerified]: 'verify', [META.lastUpload]: 'upload' };

type Event = NonNullable<BackupStatus['lastBackup']>;

export class BackupManager {
  readonly jobs: JobRegistry;
  private timer: NodeJS.Timeout | null = null;
  private nextAt: Date | null = null;
  private closed = false;
  private readonly ctx: BackupContext;

  constructor(
    private readonly host: BackupHost,
    private readonly options: BackupManagerOptions = {},
  ) {
    this.jobs = new JobRegistry(host.now, (line) => host.log(line));
    this.ctx = {
      paths: host.paths,
      now: host.now,
      appVersion: host.appVersion,
      databaseKey: () => host.databaseKey(),
      ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
    };
  }

  /** Run once at start, under the lock, before the database is opened. */
  static recover(paths: DataPaths): Promise<string> {
    return recoverInterruptedRestore(paths);
  }

  /** The node became ready (start, setup, unlock, restore): (re)arm the schedule. */
  nodeReady(): void {
    this.reschedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.jobs.abortAll();
  }

  // ---- settings and status ------------------------------------------------------------------

  settings(): BackupSettings {
    const s = this.services();
    return readSettings(s.db, this.host.paths.dataDir);
  }

  setSettings(user: SessionUser, input: BackupSettings): BackupSettings {
    const s = this.services();
    const checked = checkSettings(input, s.sync.repo.credentials().rootPem, this.host.now());
    s.db.transaction(() => {
      writeSettings(s.db, checked);
      s.audit.append({
        actor: user.username,
        role: user.role,
        action: 'backup.settings',
        target: checked.folder,
        outcome: 'success',
        detail: {
          schedule: checked.schedule.enabled ? checked.schedule.time : 'off',
          daily: checked.retention.daily,
          weekly: checked.retention.weekly,
          monthly: checked.retention.monthly,
          verifyAfterBackup: checked.verifyAfterBackup,
          drUpload: checked.drUpload,
          drCertificate: checked.drCertificatePem !== null,
        },
      });
    })();
    this.reschedule();
    return this.settings();
  }

  async status(): Promise<BackupStatus> {
    const s = this.services();
    const settings = readSettings(s.db, this.host.paths.dataDir);
    return {
      folder: settings.folder,
      folderProblem: await folderProblem(settings.folder),
      lastBackup: this.event(META.lastBackup),
      lastVerified: this.event(META.lastVerified),
      lastUpload: this.event(META.lastUpload),
      nextScheduledAt: this.nextAt?.toISOString() ?? null,
      job: this.jobs.current(),
      reconcilePending: reconcilePending(s.db),
    };
  }

  async list(): Promise<{ folder: string; problem: string | null; files: BackupInfo[] }> {
    const settings = this.settings();
    const problem = await folderProblem(settings.folder);
    if (problem) return { folder: settings.folder, problem, files: [] };
    const nodeId = this.currentNodeId();
    const uploaded = this.uploadedFiles();
    const files: BackupInfo[] = [];
    for (const entry of await listBackupFiles(settings.folder)) {
      try {
        const file = await BackupFile.open(entry.path);
        files.push(this.info(file, entry.fileName, { thisNodeId: nodeId, authenticated: false, uploaded: uploaded.has(entry.fileName) }));
      } catch (error) {
        files.push(unreadable(entry.fileName, entry.bytes, error));
      }
    }
    files.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fileName.localeCompare(a.fileName));
    return { folder: settings.folder, problem: null, files };
  }

  job(jobId: string): BackupJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiFailure('NOT_FOUND', '找不到该任务（节点重启后任务记录不保留）');
    return job;
  }

  /** Public progress of a restore job (the admin's session ends at the swap). */
  restoreJob(jobId: string): BackupJob {
    const job = this.jobs.get(jobId);
    if (!job || job.kind !== 'restore') throw new ApiFailure('NOT_FOUND', '找不到该恢复任务');
    return job;
  }

  // ---- create ---------------------------------------------------------------------------------

  /** Starts a backup; a folder that cannot be written is refused at once (nothing recorded). */
  async create(user: SessionUser | typeof SYSTEM_USER, options: { scheduled?: boolean } = {}): Promise<string> {
    const s = this.services();
    const settings = readSettings(s.db, this.host.paths.dataDir);
    const actor = actorOf(user);
    const problem = await folderProblem(settings.folder, true);
    if (problem) throw new ApiFailure('CONFLICT', problem);
    const id = this.jobs.start(
      'create',
      async (job) => {
        await cleanPartials(settings.folder);
        let created;
        try {
          created = await createBackup(this.ctx, settings.folder, settings.drCertificatePem, job);
        } catch (error) {
          this.record(META.lastBackup, { fileName: null, ok: false, message: describeFailure(error).error }, actor, 'backup.create', error);
          throw error;
        }
        const records = created.content.counts.records;
        this.record(META.lastBackup, { fileName: created.fileName, ok: true, message: `备份完成：${records} 条记录，${formatBytes(created.bytes)}` }, actor, 'backup.create', null, {
          file: created.fileName,
          bytes: created.bytes,
          records,
          scheduled: options.scheduled ?? false,
        });
        job.phase('retention');
        const kept = await this.applyRetention(settings, actor);
        const result: NonNullable<BackupJob['result']> = { bytes: created.bytes, records, nodeId: created.content.node.nodeId, unitName: created.content.node.unitName, sha256: created.sha256 };
        if (options.scheduled && settings.verifyAfterBackup) {
          const verified = await this.runVerify(job, created.path, undefined, SYSTEM);
          result.checks = verified.checks;
        }
        if (settings.drUpload && !this.closed) {
          // The new file first, then up to two older ones a failed upload left behind.
          const uploaded = this.uploadedFiles();
          const pending = [created.fileName, ...kept.filter((f) => f !== created.fileName && !uploaded.has(f)).slice(0, 2)];
          try {
            result.uploadJobId = this.startUpload(pending, SYSTEM);
          } catch (error) {
            this.record(META.lastUpload, { fileName: created.fileName, ok: false, message: describeFailure(error).error }, SYSTEM, 'backup.upload', error);
          }
        }
        return result;
      },
      { onSettled: () => options.scheduled && this.reschedule() },
    );
    return id;
  }

  /** Keeps the newest of the last N days / weeks / months of this node's backups; deletes the rest. Returns the kept ones, newest first. */
  private async applyRetention(settings: BackupSettings, actor: Actor): Promise<string[]> {
    const nodeId = this.currentNodeId();
    const ours: { fileName: string; createdAt: Date; path: string }[] = [];
    for (const entry of await listBackupFiles(settings.folder)) {
      try {
        const file = await BackupFile.open(entry.path);
        if (file.header.node.nodeId === nodeId) ours.push({ fileName: entry.fileName, createdAt: new Date(file.header.createdAt), path: entry.path });
      } catch {
        // not ours to judge: damaged or foreign files are left alone
      }
    }
    const doomed = selectForDeletion(ours, settings.retention);
    for (const backup of doomed) await rm(backup.path, { force: true });
    if (doomed.length > 0) {
      this.services().audit.append({ actor: actor.actor, role: actor.role, action: 'backup.retention', target: settings.folder, outcome: 'success', detail: { deleted: doomed.length, kept: ours.length - doomed.length } });
    }
    const gone = new Set(doomed);
    return ours
      .filter((b) => !gone.has(b))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((b) => b.fileName);
  }

  // ---- inspect and verify -------------------------------------------------------------------

  async inspect(source: BackupSource, passphrase: string, where: 'admin' | 'setup'): Promise<BackupInfo> {
    const path = this.resolve(source, where);
    try {
      const file = await BackupFile.open(path);
      const unlocked = await file.unlockWithPassphrase(passphrase);
      unlocked.dispose();
      const nodeId = where === 'setup' ? null : this.currentNodeId();
      return this.info(file, source.kind === 'folder' ? source.fileName : fileNameOf(path), { thisNodeId: nodeId, authenticated: true, uploaded: where === 'admin' && this.uploadedFiles().has(fileNameOf(path)) });
    } catch (error) {
      throw toApiFailure(error);
    }
  }

  verify(user: SessionUser, source: BackupSource, passphrase: string | undefined): string {
    const path = this.resolve(source, 'admin');
    this.services();
    return this.jobs.start('verify', async (job) => {
      job.fileName(fileNameOf(path));
      const verified = await this.runVerify(job, path, passphrase, actorOf(user));
      return { records: verified.content.counts.records, bytes: verified.bytes, nodeId: verified.content.node.nodeId, unitName: verified.content.node.unitName, checks: verified.checks };
    });
  }

  private async runVerify(job: JobControl, path: string, passphrase: string | undefined, actor: Actor) {
    try {
      const verified = await verifyBackup(this.ctx, path, passphrase, job);
      this.record(META.lastVerified, { fileName: fileNameOf(path), ok: true, message: `恢复演练通过：${verified.content.counts.records} 条记录，完整性检查通过` }, actor, 'backup.verify', null, {
        file: fileNameOf(path),
        records: verified.content.counts.records,
        openedWith: passphrase !== undefined ? 'recovery' : 'node',
      });
      return verified;
    } catch (error) {
      this.record(META.lastVerified, { fileName: fileNameOf(path), ok: false, message: describeFailure(error).error }, actor, 'backup.verify', error);
      throw error;
    }
  }

  // ---- restore --------------------------------------------------------------------------------

  /** Restore over a running node (admin). */
  restore(user: SessionUser, source: BackupSource, passphrase: string, migration: boolean): string {
    const path = this.resolve(source, 'admin');
    const s = this.services();
    const currentNodeId = this.currentNodeId();
    const usernames = (s.db.prepare('SELECT username FROM users').all() as { username: string }[]).map((u) => u.username);
    return this.jobs.start('restore', async (job) => {
      job.fileName(fileNameOf(path));
      let staged;
      try {
        staged = await stageRestore(this.ctx, path, { passphrase, currentNodeId, migration, actor: user.username, role: user.role }, job);
      } catch (error) {
        this.host.services()?.audit.append({ actor: user.username, role: user.role, action: 'backup.restore', target: fileNameOf(path), outcome: 'failure', detail: { code: describeFailure(error).errorCode } });
        throw error;
      }
      job.phase('swap');
      try {
        const replaced = await this.host.exclusive(() => this.swap(staged, passphrase));
        this.host.endSessionsOf(usernames);
        return { records: staged.content.counts.records, nodeId: staged.content.node.nodeId, unitName: staged.content.node.unitName, ...(replaced ? { replacedDir: replaced } : {}) };
      } finally {
        staged.databaseKey.fill(0);
      }
    });
  }

  /** Restore on a fresh install (first run, 从备份恢复). */
  restoreFresh(source: BackupSource, passphrase: string): string {
    const path = this.resolve(source, 'setup');
    if (this.host.state() !== 'uninitialized') throw new ApiFailure('ALREADY_INITIALIZED', '本节点已完成首次设置；恢复备份请登录系统管理员账户，在“备份与恢复”中进行');
    return this.jobs.start('restore', (job) =>
      this.host.exclusive(async () => {
        if (this.host.state() !== 'uninitialized') throw new ApiFailure('ALREADY_INITIALIZED', '本节点已完成首次设置');
        job.fileName(fileNameOf(path));
        const staged = await stageRestore(this.ctx, path, { passphrase, currentNodeId: null, migration: false, actor: '-', role: '-' }, job);
        job.phase('swap');
        try {
          await this.swap(staged, passphrase);
        } finally {
          staged.databaseKey.fill(0);
        }
        if (source.kind === 'upload') await removeUploads(this.host.paths);
        return { records: staged.content.counts.records, nodeId: staged.content.node.nodeId, unitName: staged.content.node.unitName };
      }),
    );
  }

  private async swap(staged: Awaited<ReturnType<typeof stageRestore>>, passphrase: string): Promise<string | null> {
    const hostSlot = await sealWithHostIfPossible(staged.databaseKey, this.host.keyProtector);
    this.host.closeDatabase();
    let replaced: string | null;
    try {
      replaced = await commitRestore(this.ctx, staged, hostSlot);
    } catch (error) {
      this.host.log(`restore: swap failed, rolling back: ${describeFailure(error).error}`);
      await recoverInterruptedRestore(this.host.paths);
      await this.host.reopenAfterFailure();
      throw error;
    }
    await this.host.openDatabase(hostSlot ? undefined : passphrase, staged.databaseKey);
    return replaced;
  }

  // ---- DR upload ------------------------------------------------------------------------------

  upload(user: SessionUser, fileName: string): string {
    const settings = this.settings();
    if (!existsSync(join(settings.folder, fileName))) throw new ApiFailure('NOT_FOUND', `备份文件夹中没有 ${fileName}`);
    resolveSource({ kind: 'folder', fileName }, { folder: settings.folder, paths: this.host.paths, allow: ['folder'] });
    return this.startUpload([fileName], actorOf(user));
  }

  private startUpload(fileNames: string[], actor: Actor): string {
    const s = this.services();
    const creds = s.sync.repo.credentials();
    const exchangeUrl = s.sync.repo.settings().exchangeUrl;
    if (!exchangeUrl) throw drNotReady('未配置交换平台地址');
    if (!creds.certificatePem || !creds.privateKeyPem || !creds.rootPem) throw drNotReady('本节点证书或省级根证书尚未导入');
    const settings = readSettings(s.db, this.host.paths.dataDir);
    const nodeId = this.currentNodeId()!;
    return this.jobs.start(
      'upload',
      async (job) => {
        let last;
        for (const fileName of fileNames) {
          job.fileName(fileName);
          job.phase('upload');
          try {
            last = await uploadToDrCentre(
              {
                baseUrl: exchangeUrl,
                nodeId,
                rootPem: creds.rootPem!,
                certificatePem: creds.certificatePem!,
                chainPems: creds.chainPems,
                privateKeyPem: creds.privateKeyPem!,
                signingPem: creds.exchangeSigningPem,
                bytesPerSecond: s.sync.repo.settings().bandwidthKiBps * 1024,
              },
              { path: join(settings.folder, fileName), fileName },
              { ...this.options.dr, signal: job.signal, now: this.host.now, onProgress: (done, total) => job.progress(done, total) },
            );
          } catch (error) {
            this.record(META.lastUpload, { fileName, ok: false, message: describeFailure(error).error }, actor, 'backup.upload', error);
            throw error;
          }
          const uploaded = this.uploadedMap();
          uploaded[fileName] = { sha256: last.sha256, at: last.storedAt };
          this.services().db.transaction(() => {
            setMeta(this.services().db, META.uploaded, JSON.stringify(uploaded));
            this.record(META.lastUpload, { fileName, ok: true, message: `已上传到容灾备份中心（${formatBytes(last!.bytes)}，SHA-256 已核对）` }, actor, 'backup.upload', null, { file: fileName, bytes: last!.bytes });
          })();
        }
        return last ? { bytes: last.bytes, sha256: last.sha256 } : null;
      },
      { lane: 'upload' },
    );
  }

  // ---- first-run upload ------------------------------------------------------------------------

  uploadChunk(input: { uploadId?: string | undefined; offset: number; dataBase64: string }) {
    if (this.host.state() !== 'uninitialized') throw new ApiFailure('ALREADY_INITIALIZED', '本节点已完成首次设置');
    return receiveUploadChunk(this.host.paths, input);
  }

  // ---- schedule -------------------------------------------------------------------------------

  /** Runs the scheduled backup now (tests; the timer calls it too). */
  async runScheduledNow(): Promise<string | null> {
    if (this.closed || this.host.state() !== 'ready') return null;
    if (this.jobs.busy()) {
      this.armAt(new Date(this.host.now().getTime() + 10 * 60_000));
      return null;
    }
    const s = this.services();
    setMeta(s.db, META.lastScheduled, this.host.now().toISOString());
    try {
      return await this.create(SYSTEM_USER, { scheduled: true });
    } catch (error) {
      // Typically the USB drive is not plugged in: the status page and the audit log say so.
      this.record(META.lastBackup, { fileName: null, ok: false, message: describeFailure(error).error }, SYSTEM, 'backup.create', error, { scheduled: true });
      this.reschedule();
      return null;
    }
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
    const s = this.host.services();
    if (this.closed || !s || this.host.state() !== 'ready') return;
    const settings = readSettings(s.db, this.host.paths.dataDir);
    if (!settings.schedule.enabled) return;
    const now = this.host.now();
    let at = nextRunAfter(now, settings.schedule.time);
    const last = getMeta(s.db, META.lastScheduled);
    const created = getMeta(s.db, 'created_at');
    if (missedRun(now, settings.schedule.time, last ? new Date(last) : null, created ? new Date(created) : null)) {
      const catchUp = new Date(now.getTime() + (this.options.catchUpDelayMs ?? 10 * 60_000));
      if (catchUp < at) at = catchUp;
    }
    this.armAt(at);
  }

  private armAt(at: Date): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    const delay = Math.max(0, Math.min(at.getTime() - this.host.now().getTime(), 2 ** 31 - 1));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runScheduledNow();
    }, delay);
    this.timer.unref();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private services(): BackupNode {
    const s = this.host.services();
    if (!s) throw new ApiFailure('CONFLICT', '节点暂不可用（正在恢复备份或尚未解锁）');
    return s;
  }

  private currentNodeId(): string | null {
    const s = this.host.services();
    return s ? (getMeta(s.db, 'node_id') ?? null) : null;
  }

  private resolve(source: BackupSource, where: 'admin' | 'setup'): string {
    const folder = where === 'admin' ? this.settings().folder : defaultSettings(this.host.paths.dataDir).folder;
    const path = resolveSource(source, { folder, paths: this.host.paths, allow: where === 'admin' ? ['folder', 'path'] : ['upload', 'path', 'folder'] });
    if (!existsSync(path)) throw new ApiFailure('NOT_FOUND', source.kind === 'upload' ? '找不到上传的备份文件，请重新选择文件' : `找不到备份文件 ${source.kind === 'folder' ? source.fileName : path}`);
    return path;
  }

  private info(file: BackupFile, fileName: string, extras: { thisNodeId: string | null; authenticated: boolean; uploaded: boolean }): BackupInfo {
    const c = file.content();
    let problem = file.sizeProblem()?.message ?? null;
    if (!problem) {
      try {
        assertRestorableVersion(c, this.host.appVersion);
      } catch (error) {
        problem = (error as Error).message;
      }
    }
    return {
      fileName,
      bytes: file.size,
      createdAt: c.createdAt,
      appVersion: c.appVersion,
      nodeId: c.node.nodeId,
      unitName: c.node.unitName,
      creditCode: c.node.creditCode,
      divisionCode: c.node.divisionCode,
      schemaVersion: c.schemaVersion,
      epoch: c.epoch,
      counts: c.counts,
      drSlot: file.hasDrSlot(),
      thisNode: extras.thisNodeId === null ? null : c.node.nodeId === extras.thisNodeId,
      authenticated: extras.authenticated,
      uploaded: extras.uploaded,
      problem,
    };
  }

  private event(key: string): Event | null {
    const s = this.host.services();
    const raw = s ? getMeta(s.db, key) : undefined;
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Event;
    } catch {
      return null;
    }
  }

  /** Remembers the outcome for the status page and writes the audit entry, in one transaction. */
  private record(key: string, event: Omit<Event, 'at'>, actor: Actor, action: string, error: unknown, detail: Record<string, string | number | boolean> = {}): void {
    const s = this.host.services();
    if (!s) return;
    const at = this.host.now().toISOString();
    s.db.transaction(() => {
      setMeta(s.db, key, JSON.stringify({ at, ...event }));
      // Every outcome also kept as an event: the quarterly report counts them.
      new StatsRepo(s.db).recordEvent(EVENT_KIND[key]!, at, event.ok);
      s.audit.append({
        actor: actor.actor,
        role: actor.role,
        action,
        target: event.fileName ?? '-',
        outcome: event.ok ? 'success' : 'failure',
        detail: error ? { ...detail, code: describeFailure(error).errorCode } : detail,
      });
    })();
  }

  private uploadedMap(): Record<string, { sha256: string; at: string }> {
    const s = this.host.services();
    const raw = s ? getMeta(s.db, META.uploaded) : undefined;
    try {
      return raw ? (JSON.parse(raw) as Record<string, { sha256: string; at: string }>) : {};
    } catch {
      return {};
    }
  }

  private uploadedFiles(): Set<string> {
    return new Set(Object.keys(this.uploadedMap()));
  }
}

type Actor = { actor: string; role: string };
export const SYSTEM_USER = { username: 'system', role: 'system' } as const;

function actorOf(user: SessionUser | typeof SYSTEM_USER): Actor {
  return { actor: user.username, role: user.role };
}

function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} 字节`;
}

/** A BackupError from a synchronous call (inspect) as the API's failure. */
export function toApiFailure(error: unknown): Error {
  if (!(error instanceof BackupError)) return error as Error;
  if (error.code === 'WRONG_PASSPHRASE') return new ApiFailure('BAD_INPUT', error.message, [{ item: 'recoveryPassphrase', message: error.message }]);
  if (error.code === 'OTHER_NODE') return new ApiFailure('CONFLICT', error.message);
  return new ApiFailure('BAD_INPUT', error.message, [{ item: 'source', message: error.message }]);
}

function unreadable(fileName: string, bytes: number, error: unknown): BackupInfo {
  const zero = { records: 0, recordVersions: 0, outbox: 0, outboxPending: 0, outboxRejected: 0, receipts: 0, auditLog: 0, users: 0 };
  return {
    fileName,
    bytes,
    createdAt: '',
    appVersion: '',
    nodeId: '',
    unitName: '',
    creditCode: '',
    divisionCode: '',
    schemaVersion: 0,
    epoch: 0,
    counts: zero,
    drSlot: false,
    thisNode: null,
    authenticated: false,
    uploaded: false,
    problem: describeFailure(error).error,
  };
}
