import type { Migration } from './migration';
import { GENESIS_LINK, nextLink } from '../../../sync/protocol/audit-chain';

// Migration 007: the keyless public chain beside the audit log (issue 10, "an audit trail
// the admin cannot rewrite"). One link per entry, link_i = sha256(link_{i-1} ‖ hmac_i)
// (sync/protocol/audit-chain.ts), so that a heartbeat can carry a signed link at any seq
// and the HMACs between two reported heads as proof that the newer extends the older.
//
// A table of its own rather than a column of audit_log: audit_log is append-only by trigger
// and its rows are what the HMAC covers; a link is derived data, recomputable from the HMACs.
// Existing entries get their links here, in chain order.
export const auditLinks: Migration = {
  version: 7,
  name: 'audit-links',
  up(db) {
    db.exec(`
      CREATE TABLE audit_links (
        seq  INTEGER PRIMARY KEY,
        link TEXT NOT NULL
      ) STRICT;
    `);
    const insert = db.prepare('INSERT INTO audit_links (seq, link) VALUES (?, ?)');
    // Pages by seq: a connection cannot write while a read of the same connection is open.
    const page = db.prepare('SELECT seq, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 10000');
    let link = GENESIS_LINK;
    let after = 0;
    for (let rows = page.all(after) as { seq: number; hash: string }[]; rows.length > 0; rows = page.all(after) as { seq: number; hash: string }[]) {
      for (const row of rows) {
        link = nextLink(link, row.hash);
        insert.run(row.seq, link);
      }
      after = rows[rows.length - 1]!.seq;
    }
  },
};
