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
import type { AuditLog } from '../audit/audit-log';
import type { RestoreRepo } from '../store/backup-restore-repo';

export interface ReconcileResult {
  epoch: number;
  /** Pending rows that keep their key (the exchange processed it). */
  kept: number;
  /** Pending rows moved into the new epoch. */
  moved: number;
}

/** Applies the exchange's high-water marks (already verified) in one transaction. */
export function applyReconciliation(repo: RestoreRepo, audit: AuditLog, epochs: Record<string, number>): ReconcileResult | null {
  return repo.immediateTransaction(() => {
    const state = repo.reconcileState();
    if (!state) return null;
    const marks = new Map<number, number>();
    for (const [epoch, seq] of Object.entries(epochs)) {
      const e = Number(epoch);
      if (Number.isInteger(e) && e >= 1 && Number.isInteger(seq) && seq >= 0) marks.set(e, seq);
    }
    const exchangeMax = Math.max(0, ...marks.keys());
    const provisional = new Set(state.provisionalEpochs);
    const epoch = Math.max(repo.epoch(), ...provisional, exchangeMax + 1);

    let kept = 0;
    let moved = 0;
    for (const e of repo.pendingEpochs()) {
      if (e === epoch) continue;
      if (provisional.has(e) || !marks.has(e)) {
        moved += repo.movePending(e, epoch);
      } else {
        const mark = marks.get(e)!;
        moved += repo.movePendingAbove(e, mark, epoch);
        kept += repo.countPendingAtOrBelow(e, mark);
      }
    }
    repo.setEpoch(epoch);
    repo.clearReconcileState();
    repo.setHighWaterMark(marks.get(epoch) ?? 0);
    audit.append({
      actor: 'system',
      role: 'system',
      action: 'sync.reconcile',
      target: String(epoch),
      outcome: 'success',
      detail: { epoch, kept, moved, exchangeEpochs: marks.size, restoredAt: state.restoredAt },
    });
    return { epoch, kept, moved };
  });
}
