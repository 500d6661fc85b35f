import type { Migration } from './migration';

// Migration 003: what issue 5 (bulk import and watch folders) needs to import each file
// exactly once, even across a crash or a restart.
//
// - intake_files: one row per file content (SHA-256) imported for a resource into a unit.
//   It is created with the first committed chunk and updated in the same transaction as
//   every later chunk, so `committed_through` (the last source row whose outcome is
//   committed) and the counts always agree with the records actually written. A file
//   dropped again resumes after that row (state 'partial') or imports nothing ('done').
//   `delivered_at` is set once a watch-folder file has been moved and its report written:
//   a file found 'done' but not delivered (the node stopped in between) is only moved.
// - intake_errors: the row errors listed in the report (capped by the importer), written
//   with the chunk they belong to. Values of ID numbers and credit codes are masked.
export const intake: Migration = {
  version: 3,
  name: 'intake',
  up(db) {
    db.exec(`
      CREATE TABLE intake_files (
        id                INTEGER PRIMARY KEY,
        content_hash      TEXT NOT NULL,
        resource_code     TEXT NOT NULL,
        unit              TEXT NOT NULL,
        file_name         TEXT NOT NULL,
        source            TEXT NOT NULL CHECK (source IN ('upload', 'cli', 'watch')),
        actor             TEXT NOT NULL,
        state             TEXT NOT NULL DEFAULT 'partial' CHECK (state IN ('partial', 'done')),
        committed_through INTEGER NOT NULL DEFAULT 0,
        total_rows        INTEGER NOT NULL DEFAULT 0,
        imported          INTEGER NOT NULL DEFAULT 0,
        rejected          INTEGER NOT NULL DEFAULT 0,
        duplicates        INTEGER NOT NULL DEFAULT 0,
        empty_rows        INTEGER NOT NULL DEFAULT 0,
        errors_not_listed INTEGER NOT NULL DEFAULT 0,
        report            TEXT,
        started_at        TEXT NOT NULL,
        finished_at       TEXT,
        delivered_at      TEXT,
        UNIQUE (content_hash, resource_code, unit)
      ) STRICT;

      CREATE TABLE intake_errors (
        file_id  INTEGER NOT NULL REFERENCES intake_files (id),
        seq      INTEGER NOT NULL,
        row      INTEGER NOT NULL,
        col      TEXT,
        value    TEXT,
        reason   TEXT NOT NULL,
        PRIMARY KEY (file_id, seq)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
