import type { Migration } from './migration';

// Migration 006: a workbook's sheet is part of an imported file's identity (issue 11).
// Before, a file was identified by its content hash, resource and unit only, so importing
// the second sheet of a workbook already imported from its first sheet found "already
// imported" and imported nothing. Now intake_files has `sheet` ('' for CSV and JSON) and
// one row per (content, sheet, resource, unit).
//
// SQLite cannot change a table's UNIQUE constraint in place, so both intake tables are
// rebuilt (intake_errors references intake_files): new tables, rows copied with their ids,
// old tables dropped, new ones renamed — inside the migration's transaction, with foreign
// keys on throughout (the children are copied before any parent is dropped).
//
// The sheet of an import recorded before: a finished one names it in its stored report; an
// unfinished one (a crash or a removal mid-way) has no report, so its sheet stays '' and
// IntakeRepo.find takes it for the workbook's first sheet — the one read when no sheet is
// chosen, and always by watch folders — so that it resumes rather than importing twice.
export const intakeSheet: Migration = {
  version: 6,
  name: 'intake-sheet',
  up(db) {
    db.exec(`
      CREATE TABLE intake_files_v5 (
        id                INTEGER PRIMARY KEY,
        content_hash      TEXT NOT NULL,
        sheet             TEXT NOT NULL DEFAULT '',
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
        UNIQUE (content_hash, sheet, resource_code, unit)
      ) STRICT;

      INSERT INTO intake_files_v5 (id, content_hash, sheet, resource_code, unit, file_name, source, actor, state, committed_through, total_rows,
                                   imported, rejected, duplicates, empty_rows, errors_not_listed, report, started_at, finished_at, delivered_at)
      SELECT id, content_hash,
             CASE WHEN report IS NOT NULL AND json_valid(report) THEN coalesce(json_extract(report, '$.sheet'), '') ELSE '' END,
             resource_code, unit, file_name, source, actor, state, committed_through, total_rows,
             imported, rejected, duplicates, empty_rows, errors_not_listed, report, started_at, finished_at, delivered_at
      FROM intake_files;

      CREATE TABLE intake_errors_v5 (
        file_id  INTEGER NOT NULL REFERENCES intake_files_v5 (id),
        seq      INTEGER NOT NULL,
        row      INTEGER NOT NULL,
        col      TEXT,
        value    TEXT,
        reason   TEXT NOT NULL,
        PRIMARY KEY (file_id, seq)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO intake_errors_v5 (file_id, seq, row, col, value, reason) SELECT file_id, seq, row, col, value, reason FROM intake_errors;

      DROP TABLE intake_errors;
      DROP TABLE intake_files;
      -- Renaming also rewrites intake_errors_v5's reference to the new name.
      ALTER TABLE intake_files_v5 RENAME TO intake_files;
      ALTER TABLE intake_errors_v5 RENAME TO intake_errors;
    `);
  },
};
