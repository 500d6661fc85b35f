import type { Migration } from './migration';

// Migration 009: the record list's status filter "withdrawn" (已撤回) read through an index.
// The list pages by keyset on (updated_at, id) (main/store/records-pages.ts); without these,
// a page of withdrawn records walks the unit's time index until it has found N of them —
// every row of the unit when few are withdrawn. Partial indexes hold the withdrawn rows only:
// registering a record (always active) writes nothing to them, so registration stays as
// cheap as before; a withdrawal adds one entry to each.
export const recordsWithdrawnIndexes: Migration = {
  version: 9,
  name: 'records withdrawn indexes',
  up(db) {
    db.exec(`
      CREATE INDEX records_withdrawn_by_unit_time ON records (unit, updated_at, id) WHERE status = 'withdrawn';
      CREATE INDEX records_withdrawn_by_unit_resource_time ON records (unit, resource_code, updated_at, id) WHERE status = 'withdrawn';
    `);
  },
};
