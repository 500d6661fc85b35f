// All SQL of a restore's epoch bookkeeping (docs/protocol.md, "Epochs after a restore"): on
// the restored copy before the swap (a provisional epoch, in-flight rows back to pending, the
// engine's failure counters cleared) and on the live node once the exchange has answered
// (pending rows keep or change their epoch). The rules themselves are in main/backup
// (restore-prepare.ts, reconcile.ts); this file only reads and writes.
import { sql, type Db } from './database';
import { getMeta, setMeta } from './meta';

/** What a restore leaves for reconciliation (meta 'restore_reconcile'). */
export interface ReconcileState {
  restoredAt: string;
  backupCreatedAt: string;
  /** Epochs used since the restore (before the exchange was asked): always renumbered. */
  provisionalEpochs: number[];
}

const RECONCILE = 'restore_reconcile';

export class RestoreRepo {
  constructor(private readonly db: Db) {}

  /**
   * Runs `work` as one IMMEDIATE transaction: it reads the epochs and rows it then rewrites,
   * so the write lock is taken at BEGIN and no other writer can change them in between.
   */
  immediateTransaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  reconcilePending(): boolean {
    return getMeta(this.db, RECONCILE) !== undefined;
  }

  /** null: nothing to reconcile; an unreadable value reads as an empty state (still pending). */
  reconcileState(): ReconcileState | null {
    const raw = getMeta(this.db, RECONCILE);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<ReconcileState>;
      return {
        restoredAt: String(value.restoredAt ?? ''),
        backupCreatedAt: String(value.backupCreatedAt ?? ''),
        provisionalEpochs: Array.isArray(value.provisionalEpochs) ? value.provisionalEpochs.filter((e): e is number => Number.isInteger(e)) : [],
      };
    } catch {
      return { restoredAt: '', backupCreatedAt: '', provisionalEpochs: [] };
    }
  }

  saveReconcileState(state: ReconcileState): void {
    setMeta(this.db, RECONCILE, JSON.stringify({ restoredAt: state.restoredAt, backupCreatedAt: state.backupCreatedAt, provisionalEpochs: state.provisionalEpochs }));
  }

  clearReconcileState(): void {
    sql(this.db, 'DELETE FROM meta WHERE key = ?').run(RECONCILE);
  }

  /** The epoch new registrations get. */
  epoch(): number {
    return Number(getMeta(this.db, 'epoch') ?? '1');
  }

  setEpoch(epoch: number): void {
    setMeta(this.db, 'epoch', String(epoch));
  }

  /** The highest epoch any outbox row has (0: no rows). */
  highestOutboxEpoch(): number {
    return (sql(this.db, 'SELECT coalesce(max(epoch), 0) AS e FROM outbox').get() as { e: number }).e;
  }

  /** The epochs of rows not yet acknowledged (pending or in flight). */
  pendingEpochs(): number[] {
    return (sql(this.db, `SELECT DISTINCT epoch FROM outbox WHERE state IN ('pending','in_flight')`).all() as { epoch: number }[]).map((r) => r.epoch);
  }

  /** Moves every unacknowledged row of epoch `from` into `to` (same seq, no batch); returns how many. */
  movePending(from: number, to: number): number {
    return sql(this.db, `UPDATE outbox SET epoch = ?, batch_id = NULL WHERE state IN ('pending','in_flight') AND epoch = ?`).run(to, from).changes;
  }

  /** Moves the unacknowledged rows of epoch `from` with seq above `seq` into `to`; returns how many. */
  movePendingAbove(from: number, seq: number, to: number): number {
    return sql(this.db, `UPDATE outbox SET epoch = ?, batch_id = NULL WHERE state IN ('pending','in_flight') AND epoch = ? AND seq > ?`).run(to, from, seq).changes;
  }

  /** Unacknowledged rows of `epoch` at or below `seq`. */
  countPendingAtOrBelow(epoch: number, seq: number): number {
    return (sql(this.db, `SELECT count(*) AS n FROM outbox WHERE state IN ('pending','in_flight') AND epoch = ? AND seq <= ?`).get(epoch, seq) as { n: number }).n;
  }

  setHighWaterMark(seq: number): void {
    sql(this.db, 'UPDATE sync_state SET high_water_mark = ? WHERE id = 1').run(seq);
  }

  /** Rows left in flight at backup time go back to pending (their receipts may never have been stored). */
  requeueInFlight(): void {
    sql(this.db, `UPDATE outbox SET state = 'pending', batch_id = NULL WHERE state = 'in_flight'`).run();
  }

  /** The sync engine starts over: no failures counted, no retry waited for, no problem shown. */
  clearSyncFailures(): void {
    sql(this.db, 'UPDATE sync_state SET consecutive_failures = 0, next_attempt_at = NULL, problem = NULL WHERE id = 1').run();
  }

  /** The audit chain key (hex) the restored log continues with; undefined if the copy lacks it. */
  auditChainKey(): string | undefined {
    return getMeta(this.db, 'audit_key');
  }

  nodeId(): string | undefined {
    return getMeta(this.db, 'node_id');
  }
}
