// All SQL of backups on the node's live database. What backups remember lives in meta, so it
// is part of every backup and comes back with a restore: the settings, the last outcome of
// each kind (the status page), which files reached the DR centre and which passed a verify
// drill, when the schedule last ran.
// Each outcome is also kept as a status event, which the quarterly report counts.
import { sql, type Db } from './database';
import { getMeta, setMeta } from './meta';
import { StatsRepo, type StatusEventKind } from './stats-repo';
import type { BackupSettings, BackupStatus } from '../../common/contract';

/** The last backup, verify drill or DR upload, as the status page shows it. */
export type BackupOutcome = NonNullable<BackupStatus['lastBackup']>;
export type BackupOutcomeKind = StatusEventKind;

/** A file the DR centre confirmed it holds: the SHA-256 of its receipt and when it stored it. */
export interface UploadedFile {
  sha256: string;
  at: string;
}

const SETTINGS = 'backup_settings';
const LAST_SCHEDULED = 'backup_last_scheduled';
const UPLOADED = 'backup_dr_uploaded';
const VERIFIED = 'backup_verified_files';
const OUTCOME: Record<BackupOutcomeKind, string> = { backup: 'backup_last', verify: 'backup_last_verified', upload: 'backup_last_upload' };

export class BackupRepo {
  constructor(private readonly db: Db) {}

  /** Runs `work` as one transaction: what it writes here and the audit entry it appends commit together. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The stored settings as written (JSON), undefined before the admin saved any. */
  settingsJson(): string | undefined {
    return getMeta(this.db, SETTINGS);
  }

  saveSettings(settings: BackupSettings): void {
    setMeta(this.db, SETTINGS, JSON.stringify(settings));
  }

  /** The last outcome of a kind; null when there was none or the stored value is unreadable. */
  lastOutcome(kind: BackupOutcomeKind): BackupOutcome | null {
    const raw = getMeta(this.db, OUTCOME[kind]);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as BackupOutcome;
    } catch {
      return null;
    }
  }

  /** Remembers the outcome as the last of its kind and counts it as a status event. */
  saveOutcome(kind: BackupOutcomeKind, outcome: BackupOutcome): void {
    setMeta(this.db, OUTCOME[kind], JSON.stringify(outcome));
    new StatsRepo(this.db).recordEvent(kind, outcome.at, outcome.ok);
  }

  /** Files the DR centre holds, by file name; empty when none or unreadable. */
  uploadedFiles(): Record<string, UploadedFile> {
    const raw = getMeta(this.db, UPLOADED);
    try {
      return raw ? (JSON.parse(raw) as Record<string, UploadedFile>) : {};
    } catch {
      return {};
    }
  }

  saveUploadedFiles(files: Record<string, UploadedFile>): void {
    setMeta(this.db, UPLOADED, JSON.stringify(files));
  }

  /** Files of the backup folder that passed a verify drill: file name → when (ISO); empty when none or unreadable. */
  verifiedFiles(): Record<string, string> {
    const raw = getMeta(this.db, VERIFIED);
    try {
      return raw ? (JSON.parse(raw) as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  saveVerifiedFiles(files: Record<string, string>): void {
    setMeta(this.db, VERIFIED, JSON.stringify(files));
  }

  /** When the last scheduled run started (ISO), undefined when none has. */
  lastScheduledRun(): string | undefined {
    return getMeta(this.db, LAST_SCHEDULED);
  }

  saveScheduledRun(at: string): void {
    setMeta(this.db, LAST_SCHEDULED, at);
  }

  /** This node's id: a backup names it, and only its own backups are subject to retention. */
  nodeId(): string | undefined {
    return getMeta(this.db, 'node_id');
  }

  /** When the node was set up (ISO): a schedule cannot have missed a run before that. */
  nodeCreatedAt(): string | undefined {
    return getMeta(this.db, 'created_at');
  }

  /** Every account's name: a restore over the node ends all their sessions. */
  usernames(): string[] {
    return (sql(this.db, 'SELECT username FROM users').all() as { username: string }[]).map((u) => u.username);
  }
}
