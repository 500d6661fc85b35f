// Epoch reconciliation after a restore (docs/protocol.md, "Epochs after a restore"). The
// restored outbox is behind what the exchange has seen: rows registered after the backup may
// have been delivered under sequence numbers this node will hand out again. So a restored
// node sends nothing until it has fetched its high-water marks; then, in one transaction:
//
// - the final epoch E is above every epoch the exchange reports and every provisional epoch
//   used since the restore; new registrations get E from now on;
// - a pending row whose key (epoch, seq) the exchange has already processed (seq at or below
//   that epoch's high-water mark) keeps its key: the exchange answers it from its record of
//   that very key ('duplicate' — applied once, never twice — or its rejection again);
// - every other pending row — keys the exchange never saw, and every row registered after
//   the restore — moves into E (same seq, new epoch), so no key can ever carry two contents.
//
// The rows sent again cost bandwidth for at most what was registered between the backup and
// the loss; the exchange applies each record version exactly once whichever key carries it.
import type { Db as Database } from '../store/database';
import type { AuditLog } from '../audit/audit-log';
import { getMeta, setMeta } from '../store/meta';

export const RECONCILE_META = 'restore_reconcile';

export interface ReconcileState {
  restoredAt: string;
  backupCreatedAt: string;
  /** Epochs used since the restore (before the exchange was asked): always renumbered. */
  provisionalEpochs: number[];
}

export function readReconcileState(db: Database): ReconcileState | null {
  const raw = getMeta(db, RECONCILE_META);
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

export function reconcilePending(db: Database): boolean {
  return getMeta(db, RECONCILE_META) !== undefined;
}

export interface ReconcileResult {
  epoch: number;
  /** Pending rows that keep their key (the exchange processed it). */
  kept: number;
  /** Pending rows moved into the new epoch. */
  moved: number;
}

/** Applies the exchange's high-water marks (already verified) in one transaction. */
export function applyReconciliation(db: Database, audit: AuditLog, epochs: Record<string, number>): ReconcileResult | null {
  return db.transaction(() => {
    const state = readReconcileState(db);
    if (!state) return null;
    const marks = new Map<number, number>();
    for (const [epoch, seq] of Object.entries(epochs)) {
      const e = Number(epoch);
      if (Number.isInteger(e) && e >= 1 && Number.isInteger(seq) && seq >= 0) marks.set(e, seq);
    }
    const exchangeMax = Math.max(0, ...marks.keys());
    const provisional = new Set(state.provisionalEpochs);
    const epoch = Math.max(Number(getMeta(db, 'epoch') ?? '1'), ...provisional, exchangeMax + 1);

    let kept = 0;
    let moved = 0;
    const pendingEpochs = db.prepare(`SELECT DISTINCT epoch FROM outbox WHERE state IN ('pending','in_flight')`).all() as { epoch: number }[];
    const moveAll = db.prepare(`UPDATE outbox SET epoch = ?, batch_id = NULL WHERE state IN ('pending','in_flight') AND epoch = ?`);
    const moveAbove = db.prepare(`UPDATE outbox SET epoch = ?, batch_id = NULL WHERE state IN ('pending','in_flight') AND epoch = ? AND seq > ?`);
    const countAtOrBelow = db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('pending','in_flight') AND epoch = ? AND seq <= ?`);
    for (const { epoch: e } of pendingEpochs) {
      if (e === epoch) continue;
      if (provisional.has(e) || !marks.has(e)) {
        moved += moveAll.run(epoch, e).changes;
      } else {
        const mark = marks.get(e)!;
        moved += moveAbove.run(epoch, e, mark).changes;
        kept += (countAtOrBelow.get(e, mark) as { n: number }).n;
      }
    }
    setMeta(db, 'epoch', String(epoch));
    db.prepare(`DELETE FROM meta WHERE key = ?`).run(RECONCILE_META);
    db.prepare('UPDATE sync_state SET high_water_mark = ? WHERE id = 1').run(marks.get(epoch) ?? 0);
    audit.append({
      actor: 'system',
      role: 'system',
      action: 'sync.reconcile',
      target: String(epoch),
      outcome: 'success',
      detail: { epoch, kept, moved, exchangeEpochs: marks.size, restoredAt: state.restoredAt },
    });
    return { epoch, kept, moved };
  }).immediate();
}
