// The names the audit log's sentences use in place of codes: who an account is, and which
// catalog resource a record belongs to. Read-only, and never a record's contents: only the
// account list and the records' resource codes.
import { sql, type Db } from './database';

export interface AccountName {
  username: string;
  displayName: string;
  role: string;
}

export class AuditNamesRepo {
  constructor(private readonly db: Db) {}

  /** Every account, including disabled ones (they still appear in the log), oldest first. */
  accounts(): AccountName[] {
    return sql(this.db, 'SELECT username, display_name AS displayName, role FROM users ORDER BY id').all() as AccountName[];
  }

  /** Record id → resource code, for the ids given (a page's worth); unknown ids are left out. */
  resourcesOfRecords(ids: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    // Bounded batches keep every statement under SQLite's parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT id, resource_code FROM records WHERE id IN (${batch.map(() => '?').join(', ')})`).all(...batch) as { id: string; resource_code: string }[];
      for (const row of rows) found.set(row.id, row.resource_code);
    }
    return found;
  }
}
