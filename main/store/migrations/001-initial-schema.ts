import type { Migration } from './migration';

// The foundation schema: node identity (meta), accounts, records as immutable versions plus
// a current-version row for fast lists and lookups, the sync outbox, per-resource counters
// that keep status pages off full scans, and the append-only audit log.
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('clerk','operator','admin','auditor','official')),
        unit          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until  TEXT,
        created_at    TEXT NOT NULL,
        last_login_at TEXT
      ) STRICT;

      -- Every version of every record, never updated: a correction or a withdrawal adds a row.
      CREATE TABLE record_versions (
        record_id     TEXT NOT NULL,
        version       INTEGER NOT NULL,
        resource_code TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('active','withdrawn')),
        fields        TEXT NOT NULL,
        unit          TEXT NOT NULL,
        author        TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        reason        TEXT,
        PRIMARY KEY (record_id, version)
      ) STRICT, WITHOUT ROWID;

      -- The current version of each record, with what lists and lookups need.
      CREATE TABLE records (
        id            TEXT PRIMARY KEY,
        resource_code TEXT NOT NULL,
        version       INTEGER NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('active','withdrawn')),
        unit          TEXT NOT NULL,
        key_value     TEXT,
        title         TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        updated_by    TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      -- Ascending, so new rows append at the index's end; lists read them backwards.
      CREATE INDEX records_by_unit_time ON records (unit, updated_at, id);
      CREATE INDEX records_by_unit_resource_time ON records (unit, resource_code, updated_at, id);
      -- updated_at included so a key lookup needs no sort and the planner prefers this index.
      CREATE INDEX records_by_key ON records (key_value, unit, updated_at);

      CREATE TABLE record_counts (
        resource_code TEXT NOT NULL,
        unit          TEXT NOT NULL,
        status        TEXT NOT NULL,
        n             INTEGER NOT NULL,
        PRIMARY KEY (resource_code, unit, status)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE outbox (
        -- seq is part of the idempotency key (node, epoch, seq) and must never be reused: rows
        -- are never deleted (trigger below), so rowid order alone keeps it increasing without
        -- AUTOINCREMENT's extra write per row.
        seq             INTEGER PRIMARY KEY,
        epoch           INTEGER NOT NULL,
        record_id       TEXT NOT NULL,
        version         INTEGER NOT NULL,
        payload_hash    TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending','in_flight','acknowledged','rejected')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error      TEXT,
        created_at      TEXT NOT NULL,
        UNIQUE (record_id, version)
      ) STRICT;
      CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
        BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;
      CREATE INDEX outbox_by_state ON outbox (state, seq);

      CREATE TABLE audit_log (
        seq     INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        role    TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('success','failure')),
        detail  TEXT NOT NULL,
        hash    TEXT NOT NULL
      ) STRICT;
      -- Append-only in the schema itself, so no code path can quietly rewrite history.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `);
  },
};
