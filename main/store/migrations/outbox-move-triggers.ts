import { CST_DAY } from '../cst-day';

/**
 * The two triggers that count outbox moves row by row (queue counts, and the day's delivered
 * and rejected per resource), for every move except `bulkMove` — a condition on OLD.state and
 * NEW.state naming the moves SyncRepo counts itself, once per batch. Migrations 010 and 011
 * each drop and remake them with their own exemption. The text must not change: a migration
 * that has run stays what it was.
 */
export function outboxMoveTriggers(bulkMove: string): string {
  return `
      DROP TRIGGER outbox_count_move;
      CREATE TRIGGER outbox_count_move AFTER UPDATE OF state ON outbox
        WHEN OLD.state IS NOT NEW.state AND NOT (${bulkMove}) BEGIN
        UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
        UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
      END;

      DROP TRIGGER stats_on_settle;
      CREATE TRIGGER stats_on_settle AFTER UPDATE OF state ON outbox
        WHEN NEW.state IN ('acknowledged', 'rejected') AND OLD.state IS NOT NEW.state AND NOT (${bulkMove}) BEGIN
        INSERT INTO stats_daily (day, resource_code, delivered, rejected)
        VALUES (${CST_DAY('NEW.settled_at')},
                coalesce((SELECT resource_code FROM records WHERE id = NEW.record_id), ''),
                NEW.state = 'acknowledged', NEW.state = 'rejected')
        ON CONFLICT (day, resource_code) DO UPDATE SET
          delivered = delivered + excluded.delivered,
          rejected = rejected + excluded.rejected;
      END;
    `;
}
