// All SQL of the audit log (table `audit_log`, append-only by trigger) and of its chain
// head, kept in meta as `seq:hash` so that cutting off the newest entries is detected too.
// The row and the head move together: append() writes both in one transaction.
//
// Reading is keyset paging on seq (the rowid): a page is "the next N entries older (or
// newer) than seq X", a range read that costs the same on the first page and the last, and
// that neither skips nor repeats entries when new ones are appended meanwhile. Which index a
// filtered read goes through is chosen here, explicitly (migration 005 says why each exists),
// so that a rare match does not turn a page into a read of the whole log.
//
// Beside it, `audit_links` holds the keyless public chain (migration 007,
// sync/protocol/audit-chain.ts), written in the same transaction as each row; and meta holds
// what the exchange was last told (`audit_reported`) and a gap a restore left to report
// (`audit_gap`).
import { sql, type Db } from './database';
import { getMeta, setMeta } from './meta';
import { GENESIS_LINK, nextLink } from '../../sync/protocol/audit-chain';

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

/** A row as read for display: everything but the chain hash. */
export type AuditRecord = Omit<AuditRow, 'hash'>;

/** The head as recorded beside the log; `hash` is absent only in a damaged value. */
export interface RecordedAuditHead {
  seq: number;
  hash: string | undefined;
}

/** Which entries to read: every given condition must hold. */
export interface AuditQuery {
  /** The stored actor, exactly. */
  actor?: string | undefined;
  /** Any of these actions (a kind is several). An empty list matches nothing. */
  actions?: readonly string[] | undefined;
  /** ISO UTC, inclusive. */
  fromAt?: string | undefined;
  /** ISO UTC, exclusive. */
  toAt?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
}

/** Older: seq below `seq`, newest first. Newer: seq above `seq`, oldest first. */
export type AuditScan = { direction: 'older' | 'newer'; seq: number };

/** A head of the public chain: the link at seq (seq 0: the genesis link). */
export interface PublicAuditHead {
  seq: number;
  link: string;
}

/** A gap a restore to an older backup left in the chain, until the exchange has heard of it. */
export interface RecordedAuditGap {
  entrySeq: number;
  lostFrom: number;
  lostTo: number;
  reported: PublicAuditHead;
}

const HEAD_KEY = 'audit_head';
const REPORTED_KEY = 'audit_reported';
const GAP_KEY = 'audit_gap';
const ALARM_KEY = 'audit_gap_alarm';
const RESTORED_KEY = 'audit_restored_end';

/** The admin's alarm after a restore lost entries: which, and when the restore happened. */
export interface AuditGapAlarm {
  lostFrom: number;
  lostTo: number;
  restoredAt: string;
}
const COLUMNS = 'seq, at, actor, role, action, target, outcome, detail';
/** The recorded head (`seq:hash`) and the public link at its seq, read together. */
const HEAD_WITH_LINK = `SELECT m.value AS head, l.link AS link FROM meta m
  LEFT JOIN audit_links l ON l.seq = CAST(substr(m.value, 1, instr(m.value, ':') - 1) AS INTEGER)
  WHERE m.key = ?`;

/** Builds the next entry on the recorded head (undefined before the first entry). */
type NextEntry = (head: RecordedAuditHead | undefined) => AuditRow;

/** A WHERE clause with its parameters. */
interface Condition {
  text: string;
  params: unknown[];
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * Inserts the entry `next` builds (from the head it reads) and records it as the new head.
   * Inside the caller's transaction it joins it, so the entry commits or rolls back with the
   * action it records; on its own it runs in its own transaction, so the row and the recorded
   * head never disagree.
   */
  append(next: NextEntry): void {
    if (this.db.inTransaction) this.appendNow(next);
    // Its own transaction, made once: every audited read of personal data comes through here.
    else (this.appendAlone ??= this.db.transaction((n: NextEntry) => this.appendNow(n)))(next);
  }

  private appendAlone: ((next: NextEntry) => void) | undefined;

  private appendNow(next: NextEntry): void {
    // The head and its public link in one read, inside the append's transaction.
    const current = sql(this.db, HEAD_WITH_LINK).get(HEAD_KEY) as { head: string; link: string | null } | undefined;
    const head = current?.head ? parseHead(current.head) : undefined;
    const row = next(head);
    sql(this.db,
        `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash)
         VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @hash)`,
      )
      .run(row);
    // The entry follows the head it was built on, whose link was read with it.
    const previousLink = head !== undefined && row.seq === head.seq + 1 && current?.link ? current.link : this.linkAt(row.seq - 1);
    sql(this.db, 'INSERT INTO audit_links (seq, link) VALUES (?, ?)').run(row.seq, nextLink(previousLink ?? GENESIS_LINK, row.hash));
    setMeta(this.db, HEAD_KEY, `${row.seq}:${row.hash}`);
  }

  /** The public chain's link at seq (seq 0: genesis); undefined when the table lacks it. */
  linkAt(seq: number): string | undefined {
    if (seq === 0) return GENESIS_LINK;
    return (sql(this.db, 'SELECT link FROM audit_links WHERE seq = ?').get(seq) as { link: string } | undefined)?.link;
  }

  /** The entries' HMACs with seq in (after, upTo], in chain order: a consistency proof. */
  hmacsBetween(after: number, upTo: number): string[] {
    return (sql(this.db, 'SELECT hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq').all(after, upTo) as { hash: string }[]).map((r) => r.hash);
  }

  /** The public head the exchange last accepted from this node; undefined before the first. */
  reportedHead(): PublicAuditHead | undefined {
    return parseJson<PublicAuditHead>(getMeta(this.db, REPORTED_KEY));
  }

  setReportedHead(head: PublicAuditHead): void {
    setMeta(this.db, REPORTED_KEY, JSON.stringify({ seq: head.seq, link: head.link }));
  }

  /** The gap a restore recorded and the exchange has not yet acknowledged. */
  pendingGap(): RecordedAuditGap | undefined {
    return parseJson<RecordedAuditGap>(getMeta(this.db, GAP_KEY));
  }

  /** The alarm of the newest restore that lost audit entries, if any. */
  gapAlarm(): AuditGapAlarm | undefined {
    return parseJson<AuditGapAlarm>(getMeta(this.db, ALARM_KEY));
  }

  setGapAlarm(alarm: AuditGapAlarm): void {
    setMeta(this.db, ALARM_KEY, JSON.stringify(alarm));
  }

  setPendingGap(gap: RecordedAuditGap | null): void {
    if (gap === null) sql(this.db, 'DELETE FROM meta WHERE key = ?').run(GAP_KEY);
    else setMeta(this.db, GAP_KEY, JSON.stringify(gap));
  }

  /** Runs fn in one transaction (joins the caller's): an entry and the meta that goes with it commit together. */
  together<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  /** Where a restored backup's chain ended, kept until the exchange next accepts a head; undefined otherwise. */
  restoredChainEnd(): number | undefined {
    return parseJson<number>(getMeta(this.db, RESTORED_KEY));
  }

  setRestoredChainEnd(seq: number | null): void {
    if (seq === null) sql(this.db, 'DELETE FROM meta WHERE key = ?').run(RESTORED_KEY);
    else setMeta(this.db, RESTORED_KEY, String(seq));
  }

  /** The recorded head, or undefined before the first entry. */
  head(): RecordedAuditHead | undefined {
    const value = getMeta(this.db, HEAD_KEY);
    return value ? parseHead(value) : undefined;
  }

  /** Every entry in chain order, streamed (the log may be large). */
  inChainOrder(): IterableIterator<AuditRow> {
    return sql(this.db, 'SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }

  /** Up to `limit` matching entries from `scan` on, in the scan's order. */
  scan(query: AuditQuery, scan: AuditScan, limit: number): AuditRecord[] {
    const q = this.narrowed(query);
    if (q.actions?.length === 0) return [];
    const older = scan.direction === 'older';
    const bound: Condition = { text: older ? 'seq < ?' : 'seq > ?', params: [scan.seq] };
    const order = `ORDER BY seq ${older ? 'DESC' : 'ASC'} LIMIT ${Math.trunc(limit)}`;
    const conditions = [...filters(q), bound];
    if (q.fromAt !== undefined || q.toAt !== undefined) {
      // Only seq leaves the covering time index; the page's rows are read by seq afterwards.
      const inner = where(conditions);
      return this.all(`SELECT ${COLUMNS} FROM audit_log WHERE seq IN (SELECT seq FROM audit_log INDEXED BY audit_log_by_time ${inner.text} ${order}) ORDER BY seq ${older ? 'DESC' : 'ASC'}`, inner.params);
    }
    if (q.actor === undefined && q.actions && q.actions.length > 1) {
      // One ordered range read per action, merged: no sort of every match of the kind.
      const rest = [...filters({ ...q, actions: undefined }), bound];
      const arms = q.actions.map((action) => where([{ text: 'action = ?', params: [action] }, ...rest]));
      const text = arms.map((arm) => `SELECT * FROM (SELECT ${COLUMNS} FROM audit_log INDEXED BY audit_log_by_action ${arm.text} ${order})`).join(' UNION ALL ');
      return this.all(`${text} ${order}`, arms.flatMap((arm) => arm.params));
    }
    const w = where(conditions);
    return this.all(`SELECT ${COLUMNS} FROM ${source(q)} ${w.text} ${order}`, w.params);
  }

  /** How many entries match (no filter: the head's sequence number, as entries are numbered 1…n). */
  count(query: AuditQuery): number {
    const q = this.narrowed(query);
    if (q.actions?.length === 0) return 0;
    const conditions = filters(q);
    if (conditions.length === 0) return this.lastSeq();
    if (q.outcome === 'success' && conditions.length === 1) return this.lastSeq() - this.count({ outcome: 'failure' });
    const dated = q.fromAt !== undefined || q.toAt !== undefined;
    const w = where(conditions);
    return (sql(this.db, `SELECT count(*) AS n FROM ${dated ? 'audit_log INDEXED BY audit_log_by_time' : source(q)} ${w.text}`).get(...w.params) as { n: number }).n;
  }

  /** The newest entry's sequence number; 0 for an empty log. */
  lastSeq(): number {
    return (sql(this.db, 'SELECT coalesce(max(seq), 0) AS n FROM audit_log').get() as { n: number }).n;
  }

  /**
   * The query without the day bounds that select nothing out: a range reaching past the
   * oldest or newest entry filters nothing there, and reading it through the time index would
   * cost a read of the whole range.
   */
  private narrowed(query: AuditQuery): AuditQuery {
    if (query.fromAt === undefined && query.toAt === undefined) return query;
    // Two statements: SQLite reads a lone min() or max() off the index's end, but not both at once.
    const first = (sql(this.db, 'SELECT min(at) AS at FROM audit_log').get() as { at: string | null }).at;
    const last = (sql(this.db, 'SELECT max(at) AS at FROM audit_log').get() as { at: string | null }).at;
    if (first === null || last === null) return query;
    return {
      ...query,
      fromAt: query.fromAt !== undefined && query.fromAt > first ? query.fromAt : undefined,
      toAt: query.toAt !== undefined && query.toAt <= last ? query.toAt : undefined,
    };
  }

  private all(text: string, params: unknown[]): AuditRecord[] {
    return sql(this.db, text).all(...params) as AuditRecord[];
  }
}

/** The head as kept in meta, `seq:hash`. */
function parseHead(value: string): RecordedAuditHead {
  const [seq, hash] = value.split(':');
  return { seq: Number(seq), hash };
}

/** A meta value written as JSON by this repository; undefined when absent or unreadable. */
function parseJson<T>(raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** The conditions of a query (without the page bound). */
function filters(q: AuditQuery): Condition[] {
  const out: Condition[] = [];
  if (q.fromAt !== undefined) out.push({ text: 'at >= ?', params: [q.fromAt] });
  if (q.toAt !== undefined) out.push({ text: 'at < ?', params: [q.toAt] });
  if (q.actor !== undefined) out.push({ text: 'actor = ?', params: [q.actor] });
  if (q.actions !== undefined) out.push({ text: `action IN (${q.actions.map(() => '?').join(', ')})`, params: [...q.actions] });
  // A literal, not a parameter: only then may the planner use the failures' partial index.
  if (q.outcome !== undefined) out.push({ text: q.outcome === 'failure' ? `outcome = 'failure'` : `outcome = 'success'`, params: [] });
  return out;
}

function where(conditions: Condition[]): Condition {
  if (conditions.length === 0) return { text: '', params: [] };
  return { text: `WHERE ${conditions.map((c) => c.text).join(' AND ')}`, params: conditions.flatMap((c) => c.params) };
}

/**
 * The table read for a query without day bounds: through the index of its most selective
 * condition, whose entries are in seq order within one value (no sort). With no condition
 * an index could serve, the table itself in seq order; NOT INDEXED keeps the planner from
 * wandering into the time index, and still allows the seq range.
 */
function source(q: AuditQuery): string {
  if (q.actor !== undefined) return 'audit_log INDEXED BY audit_log_by_actor';
  if (q.actions !== undefined) return 'audit_log INDEXED BY audit_log_by_action';
  if (q.outcome === 'failure') return 'audit_log INDEXED BY audit_log_failures';
  return 'audit_log NOT INDEXED';
}
