// What a restored database needs before it becomes the node's database — done on the
// restored copy, before the swap, so a crash at any point leaves either the old database or
// a fully prepared new one:
//
// - a provisional new epoch: records registered after the restore get outbox rows in it, and
//   nothing is sent until the node has fetched the exchange's high-water marks and settled on
//   the final epoch (reconcile.ts);
// - rows left in flight at backup time go back to pending (their receipts may never have been
//   stored here);
// - the engine's failure counters start from zero;
// - the restore itself goes into the audit log, continuing the backup's hash chain;
// - when the backup's chain ends before the replaced one did, a gap entry names the entries
//   no longer on the node and carries the old tail forward (seq, HMAC, public link), the
//   admin's dashboard raises an alarm, and the next heartbeat tells the exchange (public-chain.ts).
import { AuditLog } from '../audit/audit-log';
import type { AuditTail } from '../audit/public-chain';
import type { AuditRepo } from '../store/audit-repo';
import type { RestoreRepo } from '../store/backup-restore-repo';

/** The restored copy, as the worker opened it: its restore bookkeeping and its audit log. */
export interface RestoredCopy {
  restore: RestoreRepo;
  audit: AuditRepo;
}

export interface PrepareRestoreInput {
  /** When the restore happens (ISO). */
  at: string;
  actor: string;
  role: string;
  backupCreatedAt: string;
  fileName: string;
  /** The backup belongs to another node and the admin confirmed the migration. */
  migration: boolean;
  /** The node this one was before the restore; null on a fresh install. */
  replacedNodeId: string | null;
  /** The end of the replaced database's audit chain, read before the swap; null on a fresh install. */
  replacedAuditTail?: AuditTail | null;
}

export function prepareRestoredDatabase(copy: RestoredCopy, input: PrepareRestoreInput): { provisionalEpoch: number } {
  const repo = copy.restore;
  return repo.immediateTransaction(() => {
    const previous = repo.reconcileState();
    const provisionalEpoch = Math.max(repo.epoch(), repo.highestOutboxEpoch(), ...(previous?.provisionalEpochs ?? [])) + 1;
    repo.setEpoch(provisionalEpoch);
    repo.saveReconcileState({ restoredAt: input.at, backupCreatedAt: input.backupCreatedAt, provisionalEpochs: [...(previous?.provisionalEpochs ?? []), provisionalEpoch] });
    repo.requeueInFlight();
    repo.clearSyncFailures();
    const chainKey = repo.auditChainKey();
    if (!chainKey) throw new Error('the restored database has no audit chain key');
    // The restore's own entry continues the backup's chain, dated when the restore happens.
    const audit = new AuditLog(copy.audit, Buffer.from(chainKey, 'hex'), () => new Date(input.at));
    const restoredSeq = audit.head().seq;
    audit.append({
      actor: input.actor,
      role: input.role,
      action: 'backup.restore',
      target: repo.nodeId() ?? '',
      outcome: 'success',
      detail: {
        file: input.fileName,
        backupCreatedAt: input.backupCreatedAt,
        migration: input.migration,
        replacedNode: input.replacedNodeId ?? '-',
        provisionalEpoch,
      },
    });
    // Only the same node's chain: a migrated node's old log was another chain altogether.
    audit.publicChain.prepareRestored(restoredSeq, input.migration ? null : (input.replacedAuditTail ?? null), input.at);
    return { provisionalEpoch };
  });
}
