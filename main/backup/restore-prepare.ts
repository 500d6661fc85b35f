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
// - the restore itself goes into the audit log, continuing the backup's hash chain.
import type { Db as Database } from '../store/database';
import { AuditLog } from '../audit/audit-log';
import { getMeta, setMeta } from '../store/meta';
import { RECONCILE_META, readReconcileState } from './reconcile';

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
}

export function prepareRestoredDatabase(db: Database, input: PrepareRestoreInput): { provisionalEpoch: number } {
  return db.transaction(() => {
    const previous = readReconcileState(db);
    const metaEpoch = Number(getMeta(db, 'epoch') ?? '1');
    const outboxEpoch = (db.prepare('SELECT coalesce(max(epoch), 0) AS e FROM outbox').get() as { e: number }).e;
    const provisionalEpoch = Math.max(metaEpoch, outboxEpoch, ...(previous?.provisionalEpochs ?? [])) + 1;
    setMeta(db, 'epoch', String(provisionalEpoch));
    setMeta(
      db,
      RECONCILE_META,
      JSON.stringify({ restoredAt: input.at, backupCreatedAt: input.backupCreatedAt, provisionalEpochs: [...(previous?.provisionalEpochs ?? []), provisionalEpoch] }),
    );
    db.prepare(`UPDATE outbox SET state = 'pending', batch_id = NULL WHERE state = 'in_flight'`).run();
    db.prepare('UPDATE sync_state SET consecutive_failures = 0, next_attempt_at = NULL, problem = NULL WHERE id = 1').run();
    const chainKey = getMeta(db, 'audit_key');
    if (!chainKey) throw new Error('the restored database has no audit chain key');
    const audit = new AuditLog(db, Buffer.from(chainKey, 'hex'), () => new Date(input.at));
    audit.append({
      actor: input.actor,
      role: input.role,
      action: 'backup.restore',
      target: getMeta(db, 'node_id') ?? '',
      outcome: 'success',
      detail: {
        file: input.fileName,
        backupCreatedAt: input.backupCreatedAt,
        migration: input.migration,
        replacedNode: input.replacedNodeId ?? '-',
        provisionalEpoch,
      },
    });
    return { provisionalEpoch };
  }).immediate();
}
