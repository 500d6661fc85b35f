// Backup and restore as the admin (and the first-run screen) see them: settings, the folder's
// files, jobs with progress (create, verify, restore, DR upload), the scheduled run with
// retention and the verify drill. When it runs is the scheduler's (backup-scheduler.ts); what
// came of it, the recorder's (backup-events.ts). One BackupManager lives as long as the node
// process; it outlives a restore, which swaps the database (and so every other service)
// underneath it.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BackupInfo, BackupJob, BackupSettings, BackupSource, BackupStatus, RetentionPreview, SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { requireNode, type BackupNode } from './backup-node';
import type { DataPaths } from '../../platform/data-paths';
import type { KeyProtector } from '../../platform/key-protector';
import { sealWithHostIfPossible } from '../store/key-slots';
import { BackupError, BackupFile } from '../../formats/backup';
import { IEC_UNITS_ZH, formatBytes } from '../../common/text/format-bytes';
import { checkSettings, defaultSettings, readSettings } from './settings';
import { cleanPartials, folderProblem, isManualBackupName, listBackupFiles, resolveSource } from './files';
import { JobRegistry, describeFailure, type JobControl } from './jobs';
import type { AuditTail } from '../audit/public-chain';
import { createBackup } from './create';
import { verifyBackup } from './verify';
import { commitRestore, prepareStaged, recoverInterruptedRestore, stageRestore, type StagedRestore } from './restore';
import { selectForDeletion } from './retention';
import { deleteBackups, ownBackups, ownFromListing, retentionPreview } from './retention-files';
import { BackupScheduler, type DailySchedule } from './backup-scheduler';
import { BackupEvents, type Actor } from './backup-events';
import { receiveUploadChunk, removeUploads } from './uploads';
import { uploadToDrCentre, drNotReady, type DrUploadOptions } from './dr-upload';
import { assertRestorableVersion } from './versions';
import type { BackupContext } from './context';

export interface BackupHost {
  paths: DataPaths;
  now(): Date;
  appVersion: string;
  keyProtector: KeyProtector;
  state(): 'uninitialized' | 'locked' | 'ready';
  /** The ready node as backups see it; null while it is locked, not set up or being restored. */
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
  /** How often the schedule looks at the clock again (tests: short, to see a clock jump at once). */
  scheduleCheckMs?: number;
  dr?: Partial<DrUploadOptions>;
}

const SYSTEM: Actor = { actor: 'system', role: 'system' };

export class BackupManager {
  readonly jobs: JobRegistry;
  private readonly scheduler: BackupScheduler;
  private readonly events: BackupEvents;
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
    this.events = new BackupEvents(() => host.services(), host.now);
    this.scheduler = new BackupScheduler({
      now: host.now,
      schedule: () => this.dailySchedule(),
      run: () => void this.runScheduledNow(),
      ...(options.catchUpDelayMs !== undefined ? { catchUpDelayMs: options.catchUpDelayMs } : {}),
      ...(options.scheduleCheckMs !== undefined ? { checkEveryMs: options.scheduleCheckMs } : {}),
    });
  }

  /** Run once at start, under the lock, before the database is opened. */
  static recover(paths: DataPaths): Promise<string> {
    return recoverInterruptedRestore(paths);
  }

  /** The node became ready (start, setup, unlock, restore): (re)arm the schedule. */
  nodeReady(): void {
    this.scheduler.reschedule();
  }

  close(): void {
    this.closed = true;
    this.scheduler.close();
    this.jobs.abortAll();
  }

  // ---- settings and status ------------------------------------------------------------------

  settings(): BackupSettings {
    const s = this.services();
    return readSettings(s.backups, this.host.paths.dataDir);
  }

  setSettings(user: SessionUser, input: BackupSettings): BackupSettings {
    const s = this.services();
    // A client that does not know the manual cap (an older CLI) leaves it as it was.
    const manual = input.retention.manual ?? readSettings(s.backups, this.host.paths.dataDir).retention.manual;
    const checked = checkSettings({ ...input, retention: { ...input.retention, manual } }, s.sync.repo.credentials().rootPem, this.host.now());
    s.backups.transaction(() => {
      s.backups.saveSettings(checked);
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
          manual: checked.retention.manual ?? '-',
          verifyAfterBackup: checked.verifyAfterBackup,
          drUpload: checked.drUpload,
          drCertificate: checked.drCertificatePem !== null,
        },
      });
    });
    this.scheduler.reschedule();
    return this.settings();
  }

  async status(): Promise<BackupStatus> {
    const s = this.services();
    const settings = readSettings(s.backups, this.host.paths.dataDir);
    const problem = await folderProblem(settings.folder);
    const lastVerified = this.events.last('verify');
    // Whether the drill still vouches for a file that is there: retention or a person may have removed it since.
    const inFolder = (fileName: string) => existsSync(join(settings.folder, fileName));
    const verifiedFile = problem ? null : (Object.entries(this.events.verifiedFiles()).sort((a, b) => b[1].localeCompare(a[1])).find(([name]) => inFolder(name)) ?? null);
    return {
      folder: settings.folder,
      folderProblem: problem,
      lastBackup: this.events.last('backup'),
      lastVerified,
      lastVerifiedFileExists: problem || !lastVerified?.fileName ? null : inFolder(lastVerified.fileName),
      verifiedFile: verifiedFile && { fileName: verifiedFile[0], at: verifiedFile[1] },
      lastUpload: this.events.last('upload'),
      nextScheduledAt: this.scheduler.next()?.toISOString() ?? null,
      job: this.jobs.current(),
      reconcilePending: s.restore.reconcilePending(),
    };
  }

  /** The folder's files, newest first, and what retention would delete after the next backup (said before it does). */
  async list(): Promise<{ folder: string; problem: string | null; files: BackupInfo[]; retention: RetentionPreview | null }> {
    const settings = this.settings();
    const problem = await folderProblem(settings.folder);
    if (problem) return { folder: settings.folder, problem, files: [], retention: null };
    const nodeId = this.currentNodeId();
    const uploaded = this.events.uploadedFiles();
    const verified = this.events.verifiedFiles();
    const files: BackupInfo[] = [];
    for (const entry of await listBackupFiles(settings.folder)) {
      try {
        const file = await BackupFile.open(entry.path);
        files.push(this.info(file, entry.fileName, { thisNodeId: nodeId, authenticated: false, uploaded: uploaded.has(entry.fileName), verifiedAt: verified[entry.fileName] ?? null }));
      } catch (error) {
        files.push(unreadable(entry.fileName, entry.bytes, error));
      }
    }
    files.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fileName.localeCompare(a.fileName));
    const retention = retentionPreview(ownFromListing(settings.folder, files), settings.retention, { scheduledAt: this.scheduler.next(), now: this.host.now() });
    return { folder: settings.folder, problem: null, files, retention };
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
    const settings = readSettings(s.backups, this.host.paths.dataDir);
    const actor = actorOf(user);
    const problem = await folderProblem(settings.folder, true);
    if (problem) throw new ApiFailure('CONFLICT', problem);
    const id = this.jobs.start(
      'create',
      async (job) => {
        await cleanPartials(settings.folder);
        let created;
        try {
          created = await createBackup(this.ctx, settings.folder, settings.drCertificatePem, job, !options.scheduled);
        } catch (error) {
          this.events.record('backup', { fileName: null, ok: false, message: describeFailure(error).error }, actor, error);
          throw error;
        }
        const records = created.content.counts.records;
        this.events.record('backup', { fileName: created.fileName, ok: true, message: `备份完成：${records} 条记录，${formatBytes(created.bytes, IEC_UNITS_ZH)}` }, actor, null, {
          file: created.fileName,
          bytes: created.bytes,
          records,
          scheduled: options.scheduled ?? false,
        });
        job.phase('retention');
        const { kept, deleted } = await this.applyRetention(settings, actor);
        const result: NonNullable<BackupJob['result']> = { bytes: created.bytes, records, nodeId: created.content.node.nodeId, unitName: created.content.node.unitName, sha256: created.sha256, deleted };
        if (options.scheduled && settings.verifyAfterBackup) {
          const verified = await this.runVerify(job, created.path, undefined, SYSTEM);
          result.checks = verified.checks;
        }
        if (settings.drUpload && !this.closed) {
          // The new file first, then up to two older ones a failed upload left behind.
          const uploaded = this.events.uploadedFiles();
          const pending = [created.fileName, ...kept.filter((f) => f !== created.fileName && !uploaded.has(f)).slice(0, 2)];
          try {
            result.uploadJobId = this.startUpload(pending, SYSTEM);
          } catch (error) {
            this.events.record('upload', { fileName: created.fileName, ok: false, message: describeFailure(error).error }, SYSTEM, error);
          }
        }
        return result;
      },
      { onSettled: () => options.scheduled && this.scheduler.reschedule() },
    );
    return id;
  }

  /**
   * Applies retention (retention.ts: the daily rotation and, apart from it, the manual
   * backups' cap) to this node's files; the audit entry names every file deleted. Returns
   * the kept ones, newest first, and the deleted ones.
   */
  private async applyRetention(settings: BackupSettings, actor: Actor): Promise<{ kept: string[]; deleted: string[] }> {
    const ours = await ownBackups(settings.folder, this.currentNodeId());
    const doomed = selectForDeletion(ours, settings.retention);
    await deleteBackups(doomed);
    const deleted = doomed.map((b) => b.fileName);
    if (deleted.length > 0) {
      const s = this.services();
      s.backups.transaction(() => {
        s.audit.append({
          actor: actor.actor,
          role: actor.role,
          action: 'backup.retention',
          target: settings.folder,
          outcome: 'success',
          detail: { deleted: deleted.length, kept: ours.length - deleted.length, files: deleted.join('、') },
        });
        this.events.forgetVerified(deleted);
      });
    }
    const gone = new Set(doomed);
    const kept = ours
      .filter((b) => !gone.has(b))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((b) => b.fileName);
    return { kept, deleted };
  }

  // ---- inspect and verify -------------------------------------------------------------------

  async inspect(source: BackupSource, passphrase: string, where: 'admin' | 'setup'): Promise<BackupInfo> {
    const path = this.resolve(source, where);
    try {
      const file = await BackupFile.open(path);
      const unlocked = await file.unlockWithPassphrase(passphrase);
      unlocked.dispose();
      const nodeId = where === 'setup' ? null : this.currentNodeId();
      const fileName = source.kind === 'folder' ? source.fileName : fileNameOf(path);
      const admin = where === 'admin';
      return this.info(file, fileName, { thisNodeId: nodeId, authenticated: true, uploaded: admin && this.events.uploadedFiles().has(fileNameOf(path)), verifiedAt: (admin && this.events.verifiedFiles()[fileName]) || null });
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
      const message = `恢复演练通过：${verified.content.counts.records} 条记录，完整性检查通过`;
      const detail = { file: fileNameOf(path), records: verified.content.counts.records, openedWith: passphrase !== undefined ? 'recovery' : 'node' };
      // Only a file of the backup folder is remembered as verified: that is where the page and retention look.
      if (this.inBackupFolder(path)) this.events.recordVerified(fileNameOf(path), message, actor, detail);
      else this.events.record('verify', { fileName: fileNameOf(path), ok: true, message }, actor, null, detail);
      return verified;
    } catch (error) {
      this.events.record('verify', { fileName: fileNameOf(path), ok: false, message: describeFailure(error).error }, actor, error);
      throw error;
    }
  }

  // ---- restore --------------------------------------------------------------------------------

  /** Restore over a running node (admin). */
  restore(user: SessionUser, source: BackupSource, passphrase: string, migration: boolean): string {
    const path = this.resolve(source, 'admin');
    const s = this.services();
    const currentNodeId = this.currentNodeId();
    const usernames = s.backups.usernames();
    return this.jobs.start('restore', async (job) => {
      job.fileName(fileNameOf(path));
      let staged: StagedRestore | undefined;
      try {
        staged = await stageRestore(this.ctx, path, { passphrase, currentNodeId, migration, actor: user.username, role: user.role }, job);
        const ready = staged;
        // The chain end is read at the swap, from the database about to be replaced: entries
        // written while the backup was decrypted and checked count among the ones the restore loses.
        const replaced = await this.host.exclusive(() => this.swap(ready, passphrase, job, () => s.audit.publicChain.tail()));
        this.host.endSessionsOf(usernames);
        return { records: ready.content.counts.records, nodeId: ready.content.node.nodeId, unitName: ready.content.node.unitName, ...(replaced ? { replacedDir: replaced } : {}) };
      } catch (error) {
        // A failed restore leaves the running database in place (reopened after a failed swap): the entry goes there.
        try {
          this.host.services()?.audit.append({ actor: user.username, role: user.role, action: 'backup.restore', target: fileNameOf(path), outcome: 'failure', detail: { code: describeFailure(error).errorCode } });
        } catch (auditError) {
          // On a full disk the entry cannot be written either; the job must still name the
          // restore's own cause (磁盘空间不足), not the failed audit write.
          this.host.log(`restore: the failure could not be audited: ${describeFailure(auditError).error}`);
        }
        throw error;
      } finally {
        staged?.databaseKey.fill(0);
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
        try {
          await this.swap(staged, passphrase, job, () => null);
        } finally {
          staged.databaseKey.fill(0);
        }
        if (source.kind === 'upload') await removeUploads(this.host.paths);
        return { records: staged.content.counts.records, nodeId: staged.content.node.nodeId, unitName: staged.content.node.unitName };
      }),
    );
  }

  /**
   * Prepares the staged copy and puts it in place. `replacedTail` is read in the same tick as
   * the running database closes, so no entry can be appended between the two.
   */
  private async swap(staged: StagedRestore, passphrase: string, job: JobControl, replacedTail: () => AuditTail | null): Promise<string | null> {
    const hostSlot = await sealWithHostIfPossible(staged.databaseKey, this.host.keyProtector);
    job.phase('prepare');
    const tail = replacedTail();
    this.host.closeDatabase();
    try {
      await prepareStaged(this.ctx, staged, tail, job.signal);
    } catch (error) {
      await this.host.reopenAfterFailure();
      throw error;
    }
    job.phase('swap');
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
    const settings = readSettings(s.backups, this.host.paths.dataDir);
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
            this.events.record('upload', { fileName, ok: false, message: describeFailure(error).error }, actor, error);
            throw error;
          }
          this.events.recordUploaded(fileName, last, `已上传到容灾备份中心（${formatBytes(last.bytes, IEC_UNITS_ZH)}，SHA-256 已核对）`, actor);
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

  // ---- scheduled run --------------------------------------------------------------------------

  /** Runs the scheduled backup now (tests; the scheduler's timer calls it too). */
  async runScheduledNow(): Promise<string | null> {
    if (this.closed || this.host.state() !== 'ready') return null;
    if (this.jobs.busy()) {
      this.scheduler.postpone();
      return null;
    }
    try {
      // Inside the try: on a full data disk even this note fails, and the schedule must still be re-armed.
      this.services().backups.saveScheduledRun(this.host.now().toISOString());
      return await this.create(SYSTEM_USER, { scheduled: true });
    } catch (error) {
      // Typically the USB drive is not plugged in: the status page and the audit log say so.
      this.events.record('backup', { fileName: null, ok: false, message: describeFailure(error).error }, SYSTEM, error, { scheduled: true });
      this.scheduler.reschedule();
      return null;
    }
  }

  /** The schedule the scheduler arms for: none while the node is not ready or the schedule is off. */
  private dailySchedule(): DailySchedule | null {
    const s = this.host.services();
    if (!s || this.host.state() !== 'ready') return null;
    const settings = readSettings(s.backups, this.host.paths.dataDir);
    if (!settings.schedule.enabled) return null;
    const last = s.backups.lastScheduledRun();
    const created = s.backups.nodeCreatedAt();
    return { time: settings.schedule.time, lastRunAt: last ? new Date(last) : null, nodeCreatedAt: created ? new Date(created) : null };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private services(): BackupNode {
    return requireNode(this.host.services());
  }

  private currentNodeId(): string | null {
    return this.host.services()?.backups.nodeId() ?? null;
  }

  private inBackupFolder(path: string): boolean {
    const s = this.host.services();
    return s !== null && resolve(dirname(path)) === resolve(readSettings(s.backups, this.host.paths.dataDir).folder);
  }

  private resolve(source: BackupSource, where: 'admin' | 'setup'): string {
    const folder = where === 'admin' ? this.settings().folder : defaultSettings(this.host.paths.dataDir).folder;
    const path = resolveSource(source, { folder, paths: this.host.paths, allow: where === 'admin' ? ['folder', 'path'] : ['upload', 'path', 'folder'] });
    if (!existsSync(path)) throw new ApiFailure('NOT_FOUND', source.kind === 'upload' ? '找不到上传的备份文件，请重新选择文件' : `找不到备份文件 ${source.kind === 'folder' ? source.fileName : path}`);
    return path;
  }

  private info(file: BackupFile, fileName: string, extras: { thisNodeId: string | null; authenticated: boolean; uploaded: boolean; verifiedAt?: string | null }): BackupInfo {
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
      manual: isManualBackupName(fileName),
      verifiedAt: extras.verifiedAt ?? null,
      problem,
    };
  }
}

export const SYSTEM_USER = { username: 'system', role: 'system' } as const;

function actorOf(user: SessionUser | typeof SYSTEM_USER): Actor {
  return { actor: user.username, role: user.role };
}

function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
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
    manual: isManualBackupName(fileName),
    verifiedAt: null,
    problem: describeFailure(error).error,
  };
}
