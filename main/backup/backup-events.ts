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

/** A failure whose outcome and audit entry could not be written (the database's disk was full). */
interface UnwrittenFailure {
  kind: BackupOutcomeKind;
  outcome: BackupOutcome;
  actor: Actor;
  detail: Record<string, string | number | boolean>;
}

/**
 * Unwritten failures kept at most: a schedule retrying every 10 minutes on a full disk would
 * otherwise grow the list all weekend; the oldest go first (the newest says what is wrong).
 */
const MAX_UNWRITTEN = 20;

export class BackupEvents {
  constructor(
    /** The ready node, or null while it is locked or being restored. */
    private readonly node: () => BackupNode | null,
    private readonly now: () => Date,
  ) {}

  /**
   * Failures that could not be written (the disk holding the database was full), oldest first:
   * shown on the status page, so it does not go on showing the previous day's 备份完成, and
   * written to the audit log — each with the time it happened — by the next outcome that can
   * be written. Kept in memory only: a restart before then loses them.
   */
  private unwritten: UnwrittenFailure[] = [];

  /** The last outcome of a kind; null when there was none, or the node is not ready. */
  last(kind: BackupOutcomeKind): BackupOutcome | null {
    const s = this.node();
    if (!s) return null;
    const stored = s.backups.lastOutcome(kind);
    const kept = this.unwritten.findLast((f) => f.kind === kind)?.outcome;
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
    const full = error ? { ...detail, code: describeFailure(error).errorCode } : detail;
    try {
      s.backups.transaction(() => {
        // First what could not be written before, as it happened then (occurredAt).
        for (const f of this.unwritten) this.appendAudit(s, f.kind, f.outcome, f.actor, { ...f.detail, occurredAt: f.outcome.at });
        s.backups.saveOutcome(kind, { at, ...outcome });
        this.appendAudit(s, kind, outcome, actor, full);
      });
      this.unwritten = [];
    } catch (writeError) {
      if (outcome.ok || !isDiskFull(writeError)) throw writeError;
      this.unwritten = [...this.unwritten, { kind, outcome: { at, ...outcome }, actor, detail: full }].slice(-MAX_UNWRITTEN);
    }
  }

  private appendAudit(s: BackupNode, kind: BackupOutcomeKind, outcome: Omit<BackupOutcome, 'at'>, actor: Actor, detail: Record<string, string | number | boolean>): void {
    s.audit.append({ actor: actor.actor, role: actor.role, action: ACTION[kind], target: outcome.fileName ?? '-', outcome: outcome.ok ? 'success' : 'failure', detail });
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
