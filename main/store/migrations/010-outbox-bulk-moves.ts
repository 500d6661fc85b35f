import type { Migration } from './migration';
import { outboxMoveTriggers } from './outbox-move-triggers';

// Migration 010: the sync engine's two bulk moves of outbox rows keep their counters with one
// statement per batch instead of a trigger run per row (issue 13: with the triggers of
// migration 004, settling a batch of 500 cost twice what moving its rows did).
// - pending → in_flight (a batch put on the wire: SyncRepo.markInFlight) and
//   in_flight → acknowledged (its receipt settled: SyncRepo.settleBatch) no longer fire
//   outbox_count_move nor stats_on_settle; both statements adjust outbox_state_counts and
//   stats_daily themselves, in the same transaction, by the rows they changed.
// - Every other move (local rejections, a failed batch released, a rejection retried, a
//   restore or a repair by hand) still counts row by row, as before: they are rare, and a
//   path that forgets a counter cannot exist for them.
// The counters' meaning is unchanged, so nothing is recounted.
const BULK_MOVE = `(OLD.state = 'pending' AND NEW.state = 'in_flight') OR (OLD.state = 'in_flight' AND NEW.state = 'acknowledged')`;

export const outboxBulkMoves: Migration = {
  version: 10,
  name: 'outbox bulk moves',
  up(db) {
    db.exec(outboxMoveTriggers(BULK_MOVE));
  },
};
