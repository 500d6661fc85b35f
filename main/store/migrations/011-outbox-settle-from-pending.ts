import type { Migration } from './migration';
import { outboxMoveTriggers } from './outbox-move-triggers';

// Migration 011: a batch on the wire no longer marks its rows in the database (issue 13).
// The engine keeps which rows are on the wire in memory, and the rows stay 'pending' until
// their receipt settles them: one durable write (and one fsync) per batch instead of two.
// Resending after a crash is harmless, as it always was: the exchange keys items on
// (node, epoch, seq). So the receipt's bulk move is now pending → acknowledged, and it keeps
// its counters itself (SyncRepo.settleBatch) like the moves of migration 010; that migration's
// two moves stay exempt, for rows an older version left in flight.
// Every other move still counts row by row. The counters' meaning is unchanged.
const BULK_MOVE = `(OLD.state = 'pending' AND NEW.state IN ('in_flight', 'acknowledged')) OR (OLD.state = 'in_flight' AND NEW.state = 'acknowledged')`;

export const outboxSettleFromPending: Migration = {
  version: 11,
  name: 'outbox settle from pending',
  up(db) {
    db.exec(outboxMoveTriggers(BULK_MOVE));
  },
};
