import type { Migration } from './migration';
import { CST_DAY } from '../cst-day';

// Migration 004: what issue 6 (the officials' dashboard, heartbeat and quarterly report)
// needs so that no refresh has to scan the records.
//
// - stats_daily: per day (China Standard Time, UTC+8 without daylight saving — the offices'
//   calendar) and resource, how many versions were registered, corrected and withdrawn,
//   queued for the exchange, delivered (accepted) and rejected. Maintained by triggers in
//   the same transaction as the write they count, so every path (the form, imports, a
//   restore's own database) keeps it right without remembering to. Existing data is counted
//   once here.
// - queue_samples: the sync queue's depth, sampled on a timer, for the "queue over time" chart.
// - link_events: every change of the link state (online, offline, certificate...), for the
//   outages in the quarterly report. Written by a trigger on sync_state.
// - status_events: backups made, verified restores and DR uploads, with their outcome, for
//   the quarterly report (the backup status keeps only the last of each).
// - outbox_state_counts: how many outbox rows are in each state, maintained by triggers, so
//   the queue depth is one row read instead of counting half a million pending rows.
// - sync_state gains the last request's round trip and when the catalog was last checked.

export const status: Migration = {
  version: 4,
  name: 'status',
  up(db) {
    db.exec(`
      CREATE TABLE stats_daily (
        day           TEXT NOT NULL,
        resource_code TEXT NOT NULL,
        registered    INTEGER NOT NULL DEFAULT 0,
        corrected     INTEGER NOT NULL DEFAULT 0,
        withdrawn     INTEGER NOT NULL DEFAULT 0,
        queued        INTEGER NOT NULL DEFAULT 0,
        delivered     INTEGER NOT NULL DEFAULT 0,
        rejected      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, resource_code)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER stats_on_version AFTER INSERT ON record_versions BEGIN
        INSERT INTO stats_daily (day, resource_code, registered, corrected, withdrawn)
        VALUES (${CST_DAY('NEW.created_at')}, NEW.resource_code,
                NEW.version = 1, NEW.version > 1 AND NEW.status = 'active', NEW.status = 'withdrawn')
        ON CONFLICT (day, resource_code) DO UPDATE SET
          registered = registered + excluded.registered,
          corrected = corrected + excluded.corrected,
          withdrawn = withdrawn + excluded.withdrawn;
      END;

      CREATE TRIGGER stats_on_queue AFTER INSERT ON outbox BEGIN
        INSERT INTO stats_daily (day, resource_code, queued)
        VALUES (${CST_DAY('NEW.created_at')}, coalesce((SELECT resource_code FROM records WHERE id = NEW.record_id), ''), 1)
        ON CONFLICT (day, resource_code) DO UPDATE SET queued = queued + 1;
      END;

      CREATE TRIGGER stats_on_settle AFTER UPDATE OF state ON outbox
        WHEN NEW.state IN ('acknowledged', 'rejected') AND OLD.state IS NOT NEW.state BEGIN
        INSERT INTO stats_daily (day, resource_code, delivered, rejected)
        VALUES (${CST_DAY('NEW.settled_at')},
                coalesce((SELECT resource_code FROM records WHERE id = NEW.record_id), ''),
                NEW.state = 'acknowledged', NEW.state = 'rejected')
        ON CONFLICT (day, resource_code) DO UPDATE SET
          delivered = delivered + excluded.delivered,
          rejected = rejected + excluded.rejected;
      END;

      CREATE TABLE queue_samples (
        at    TEXT PRIMARY KEY,
        depth INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE link_events (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        link    TEXT NOT NULL,
        problem TEXT
      ) STRICT;
      CREATE INDEX link_events_by_time ON link_events (at);
      -- The time of the change is the attempt that found it (or the success that ended it).
      CREATE TRIGGER link_change AFTER UPDATE OF link ON sync_state WHEN NEW.link IS NOT OLD.link BEGIN
        INSERT INTO link_events (at, link, problem)
        VALUES (coalesce(CASE WHEN NEW.link = 'online' THEN NEW.last_success_at ELSE NEW.last_attempt_at END,
                         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                NEW.link, NEW.problem);
      END;

      CREATE TABLE status_events (
        id   INTEGER PRIMARY KEY,
        at   TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('backup', 'verify', 'upload')),
        ok   INTEGER NOT NULL CHECK (ok IN (0, 1))
      ) STRICT;
      CREATE INDEX status_events_by_time ON status_events (at);

      CREATE TABLE outbox_state_counts (
        state TEXT PRIMARY KEY CHECK (state IN ('pending','in_flight','acknowledged','rejected')),
        n     INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO outbox_state_counts (state, n)
        SELECT s.state, (SELECT count(*) FROM outbox WHERE state = s.state)
        FROM (SELECT 'pending' AS state UNION ALL SELECT 'in_flight' UNION ALL SELECT 'acknowledged' UNION ALL SELECT 'rejected') s;
      CREATE TRIGGER outbox_count_insert AFTER INSERT ON outbox BEGIN
        UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
      END;
      CREATE TRIGGER outbox_count_move AFTER UPDATE OF state ON outbox WHEN OLD.state IS NOT NEW.state BEGIN
        UPDATE outbox_state_counts SET n = n - 1 WHERE state = OLD.state;
        UPDATE outbox_state_counts SET n = n + 1 WHERE state = NEW.state;
      END;

      ALTER TABLE sync_state ADD COLUMN last_latency_ms INTEGER;
      ALTER TABLE sync_state ADD COLUMN catalog_checked_at TEXT;

      -- What was there before this version, counted once.
      INSERT INTO stats_daily (day, resource_code, registered, corrected, withdrawn)
        SELECT ${CST_DAY('created_at')}, resource_code,
               sum(version = 1), sum(version > 1 AND status = 'active'), sum(status = 'withdrawn')
        FROM record_versions GROUP BY 1, 2;
      INSERT INTO stats_daily (day, resource_code, queued)
        SELECT ${CST_DAY('o.created_at')}, coalesce(r.resource_code, ''), count(*)
        FROM outbox o LEFT JOIN records r ON r.id = o.record_id WHERE true GROUP BY 1, 2
        ON CONFLICT (day, resource_code) DO UPDATE SET queued = excluded.queued;
      INSERT INTO stats_daily (day, resource_code, delivered, rejected)
        SELECT ${CST_DAY('coalesce(o.settled_at, o.created_at)')}, coalesce(r.resource_code, ''),
               sum(o.state = 'acknowledged'), sum(o.state = 'rejected')
        FROM outbox o LEFT JOIN records r ON r.id = o.record_id
        WHERE o.state IN ('acknowledged', 'rejected') GROUP BY 1, 2
        ON CONFLICT (day, resource_code) DO UPDATE SET delivered = excluded.delivered, rejected = excluded.rejected;
    `);
  },
};
