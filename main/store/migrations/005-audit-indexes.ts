import type { Migration } from './migration';

// Migration 005: indexes that let the auditor filter a log of a million entries (issue 12).
// Paging itself needs none: pages are keyed on seq, the table's rowid. Without these, a
// filter that matches rarely (one person, one action, failures, one week two years ago)
// reads every row until a page fills — over a second at a million entries — and counting
// the matches always does.
//
// - by actor and by action: an index on one column keeps its rows in rowid order within
//   each value, so "this person's (or action's) entries older than seq N" is a range read
//   that needs no sort. A kind (several actions) is the merge of one such read per action.
// - failures: a small partial index, since failures are the rare outcome worth looking for.
// - by time, covering the other filter columns: a day range is read from the index alone,
//   whatever else is filtered, and only the page's own rows are then read from the table.
export const auditIndexes: Migration = {
  version: 5,
  name: 'audit indexes',
  up(db) {
    db.exec(`
      CREATE INDEX audit_log_by_actor ON audit_log (actor);
      CREATE INDEX audit_log_by_action ON audit_log (action);
      CREATE INDEX audit_log_failures ON audit_log (seq) WHERE outcome = 'failure';
      CREATE INDEX audit_log_by_time ON audit_log (at, actor, action, outcome);
    `);
  },
};
