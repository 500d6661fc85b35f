// The outcomes of backups, verify drills and DR uploads, recorded where each is needed: the
// last one of each kind for the status page, a status event for the quarterly report, and an
// audit entry — all three in one transaction, so they never disagree. Also which files the DR
// centre confirmed it holds (the backup list shows them; a scheduled run retries the others),
// and which files of the folder passed a verify drill (so that "last verified restore" can
// name a file that is still there, and retention's deletions are forgotten with the files).
import type { BackupNode } from './backup-node';
import { requireNode } from './backup-node';
import { describeFailure, isDiskFull } from './jobs';
import type { BackupOutcome, BackupOutcomeKind } from '../store/backup-repo';
import type { AuditAction } from '../../common/contract';

/** Who the audit log names: a signed-in user, or the node itself (the schedule). */
export interface Actor {
  actor: string;
  role: string;
}

/** The audit action of each kind of outcome. */
const ACTION: Record<BackupOutcomeKind, AuditAction> = { backup: 'backup.create', verify: 'backup.verify', upload: 'backup.upload' };

export class BackupEvents {
  constructor(
    /** The ready node, or null while it is locked or being restored. */
    private readonly node: () => BackupNode | null,
    private readonly now: () => Date,
  ) {}

  /**
   * Failures that could not be written (the disk holding the database was full): kept for the
   * status page until an outcome of their kind is written, so it does not go on showing the
   * previous day's 备份完成. Their audit entries could not be written either.
   */
  private readonly unwritten = new Map<BackupOutcomeKind, BackupOutcome>();

  /** The last outcome of a kind; null when there was none, or the node is not ready. */
  last(kind: BackupOutcomeKind): BackupOutcome | null {
    const s = this.node();
    if (!s) return null;
    const stored = s.backups.lastOutcome(kind);
    const kept = this.unwritten.get(kind);
    return kept && (!stored || kept.at > stored.at) ? kept : stored;
  }

  /**
   * Remembers the outcome and writes its audit entry; `error` (a failure) adds its code to the
   * detail. Nothing is recorded while the node is not ready: its database is being replaced.
   * A success that cannot be written throws (its job fails and says why); a failure that cannot
   * be written for a full disk does not, so that the caller reports the failure's own cause, and
   * is kept in memory for the status page.
   */
  record(kind: BackupOutcomeKind, outcome: Omit<BackupOutcome, 'at'>, actor: Actor, error: unknown, detail: Record<string, string | number | boolean> = {}): void {
    const s = this.node();
    if (!s) return;
    const at = this.now().toISOString();
    try {
      s.backups.transaction(() => {
        s.backups.saveOutcome(kind, { at, ...outcome });
        s.audit.append({
          actor: actor.actor,
          role: actor.role,
          action: ACTION[kind],
          target: outcome.fileName ?? '-',
          outcome: outcome.ok ? 'success' : 'failure',
          detail: error ? { ...detail, code: describeFailure(error).errorCode } : detail,
        });
      });
      this.unwritten.delete(kind);
    } catch (writeError) {
      if (outcome.ok || !isDiskFull(writeError)) throw writeError;
      this.unwritten.set(kind, { at, ...outcome });
    }
  }

  /** A file the DR centre confirmed (its receipt): added to the uploaded files with its outcome, in one transaction. */
  recordUploaded(fileName: string, receipt: { sha256: string; storedAt: string; bytes: number }, message: string, actor: Actor): void {
    const s = requireNode(this.node());
    const uploaded = s.backups.uploadedFiles();
    uploaded[fileName] = { sha256: receipt.sha256, at: receipt.storedAt };
    s.backups.transaction(() => {
      s.backups.saveUploadedFiles(uploaded);
      this.record('upload', { fileName, ok: true, message }, actor, null, { file: fileName, bytes: receipt.bytes });
    });
  }

  /** A passed verify drill of a file in the backup folder: remembered with its outcome, in one transaction. */
  recordVerified(fileName: string, message: string, actor: Actor, detail: Record<string, string | number | boolean>): void {
    const s = requireNode(this.node());
    const verified = s.backups.verifiedFiles();
    verified[fileName] = this.now().toISOString();
    s.backups.transaction(() => {
      s.backups.saveVerifiedFiles(newest(verified, MAX_VERIFIED));
      this.record('verify', { fileName, ok: true, message }, actor, null, detail);
    });
  }

  /** Files of the folder that passed a drill: file name → when (none while the node is not ready). */
  verifiedFiles(): Record<string, string> {
    return this.node()?.backups.verifiedFiles() ?? {};
  }

  /** Retention deleted these files: a drill of them can no longer vouch for anything. */
  forgetVerified(fileNames: readonly string[]): void {
    const s = this.node();
    if (!s || fileNames.length === 0) return;
    const verified = s.backups.verifiedFiles();
    for (const name of fileNames) delete verified[name];
    s.backups.saveVerifiedFiles(verified);
  }

  /** Names of the files the DR centre holds (none while the node is not ready). */
  uploadedFiles(): Set<string> {
    return new Set(Object.keys(this.node()?.backups.uploadedFiles() ?? {}));
  }
}

/** Bounded: the folder holds a few dozen files; a drill of a file long gone need not be kept. */
const MAX_VERIFIED = 200;

function newest(entries: Record<string, string>, limit: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries)
      .sort((a, b) => b[1].localeCompare(a[1]))
      .slice(0, limit),
  );
}
