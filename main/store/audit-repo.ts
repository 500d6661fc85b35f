// All SQL of the audit log (table `audit_log`, append-only by trigger) and of its chain
// head, kept in meta as `seq:hash` so that cutting off the newest entries is detected too.
// The row and the head move together: append() writes both in one transaction.
import { sql, type Db } from './database';
import type { AuditEntryView } from '../../common/contract';
import { getMeta, setMeta } from './meta';

/** One row of `audit_log`, as stored (detail is canonical JSON). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  outcome: 'success' | 'failure';
  detail: string;
  hash: string;
}

/** The head as recorded beside the log; `hash` is absent only in a damaged value. */
export interface RecordedAuditHead {
  seq: number;
  hash: string | undefined;
}

const HEAD_KEY = 'audit_head';

export class AuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * Inserts the entry `next` builds (from the head it reads) and records it as the new head.
   * Inside the caller's transaction it joins it, so the entry commits or rolls back with the
   * action it records; on its own it runs in its own transaction, so the row and the recorded
   * head never disagree.
   */
  append(next: () => AuditRow): void {
    if (this.db.inTransaction) this.appendNow(next);
    else this.db.transaction(() => this.appendNow(next))();
  }

  private appendNow(next: () => AuditRow): void {
    const row = next();
    sql(this.db,
        `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash)
         VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @hash)`,
      )
      .run(row);
    setMeta(this.db, HEAD_KEY, `${row.seq}:${row.hash}`);
  }

  /** The recorded head, or undefined before the first entry. */
  head(): RecordedAuditHead | undefined {
    const value = getMeta(this.db, HEAD_KEY);
    if (!value) return undefined;
    const [seq, hash] = value.split(':');
    return { seq: Number(seq), hash };
  }

  count(): number {
    return (sql(this.db, 'SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /** One page of entries, newest first. */
  newestFirst(limit: number, offset: number): AuditEntryView[] {
    return sql(this.db, 'SELECT seq, at, actor, role, action, target, outcome, detail FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?')
      .all(limit, offset) as AuditEntryView[];
  }

  /** Every entry in chain order, streamed (the log may be large). */
  inChainOrder(): IterableIterator<AuditRow> {
    return sql(this.db, 'SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }
}
