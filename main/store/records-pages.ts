// Keyset paging over the current records of one unit, newest first: a page is "the N rows
// just older (or newer) than the row (updated_at, id)", one range read of an index whose
// order is the list's order. It costs the same on the first page and on the last of a
// million records, where OFFSET read and threw away every row before the page (1.2 s).
//
// The index is chosen here, explicitly, as the audit log's pages do (audit-repo.ts): a
// planner without statistics could otherwise walk the unit's time index for a filter that
// matches rarely. Migration 009 adds the withdrawn records' partial indexes for the status
// filter; they hold only withdrawn rows, so registering a new (active) record writes nothing
// to them.
import { sql, type Db } from './database';
import type { RecordStatus } from '../../common/contract';
import type { HeadRow } from './records-repo';

/** A row's place in the list's order. */
export interface ListEdge {
  updatedAt: string;
  id: string;
}

/** The newest page, the oldest, or the page just older / just newer than a row. */
export type ListPosition =
  | { to: 'first' }
  | { to: 'last' }
  | { to: 'older'; after: ListEdge }
  | { to: 'newer'; before: ListEdge };

export interface ListScope {
  unit: string;
  resourceCode?: string | undefined;
  status?: RecordStatus | undefined;
}

export interface ListPage {
  /** Newest first, whichever way the page was read. */
  rows: HeadRow[];
  /** Rows newer than the page's first row exist (there is a previous page). */
  hasNewer: boolean;
  /** Rows older than the page's last row exist (there is a next page). */
  hasOlder: boolean;
}

/** One page at `position`, at most `limit` rows. */
export function readListPage(db: Db, scope: ListScope, position: ListPosition, limit: number): ListPage {
  const size = Math.max(1, Math.trunc(limit));
  switch (position.to) {
    case 'first': {
      const rows = read(db, scope, 'older', undefined, size + 1);
      return { rows: rows.slice(0, size), hasNewer: false, hasOlder: rows.length > size };
    }
    case 'last': {
      const rows = read(db, scope, 'newer', undefined, size + 1);
      return { rows: rows.slice(0, size).reverse(), hasNewer: rows.length > size, hasOlder: false };
    }
    case 'older': {
      const rows = read(db, scope, 'older', position.after, size + 1);
      const page = rows.slice(0, size);
      const newest = page[0] ? edgeOf(page[0]) : position.after;
      return { rows: page, hasNewer: exists(db, scope, 'newer', newest), hasOlder: rows.length > size };
    }
    case 'newer': {
      // Near the top this page may be short: it holds exactly the rows above the edge, so a
      // walk upwards shows each row once (a screen may then prefer the first page, whole).
      const rows = read(db, scope, 'newer', position.before, size + 1);
      const page = rows.slice(0, size).reverse();
      const oldest = page[page.length - 1] ? edgeOf(page[page.length - 1]!) : position.before;
      return { rows: page, hasNewer: rows.length > size, hasOlder: exists(db, scope, 'older', oldest) };
    }
  }
}

export function edgeOf(row: HeadRow): ListEdge {
  return { updatedAt: row.updated_at, id: row.id };
}

/**
 * Up to `limit` rows strictly older (newest first) or strictly newer (oldest first) than
 * `edge`; from the end of the list without one. One index range, no sort: the plans are
 * asserted in records-pages.test.ts.
 */
function read(db: Db, scope: ListScope, direction: 'older' | 'newer', edge: ListEdge | undefined, limit: number): HeadRow[] {
  const query = pageQuery(scope, direction, edge !== undefined, limit);
  const params = edge ? [...query.params, edge.updatedAt, edge.id] : query.params;
  return sql(db, query.text).all(...params) as HeadRow[];
}

/** The statement of a page read, and its parameters before the edge's two (exported for the plan test). */
export function pageQuery(scope: ListScope, direction: 'older' | 'newer', fromEdge: boolean, limit: number): { text: string; params: unknown[] } {
  const older = direction === 'older';
  const where = conditions(scope);
  if (fromEdge) where.text.push(older ? '(updated_at, id) < (?, ?)' : '(updated_at, id) > (?, ?)');
  const order = older ? 'DESC' : 'ASC';
  return {
    text: `SELECT * FROM records INDEXED BY ${indexFor(scope)} WHERE ${where.text.join(' AND ')} ORDER BY updated_at ${order}, id ${order} LIMIT ${Math.trunc(limit)}`,
    params: where.params,
  };
}

/** Whether any row of the scope lies beyond `edge` in that direction. */
function exists(db: Db, scope: ListScope, direction: 'older' | 'newer', edge: ListEdge): boolean {
  return read(db, scope, direction, edge, 1).length > 0;
}

function conditions(scope: ListScope): { text: string[]; params: unknown[] } {
  const text = ['unit = ?'];
  const params: unknown[] = [scope.unit];
  if (scope.resourceCode !== undefined) {
    text.push('resource_code = ?');
    params.push(scope.resourceCode);
  }
  // A literal, not a parameter: only then may SQLite read through the withdrawn partial index.
  if (scope.status !== undefined) text.push(scope.status === 'withdrawn' ? `status = 'withdrawn'` : `status = 'active'`);
  return { text, params };
}

/**
 * The index whose order within the scope's equalities is (updated_at, id). Active rows are
 * nearly all rows, so "active" reads the general index and skips the few withdrawn ones.
 */
function indexFor(scope: ListScope): string {
  const byResource = scope.resourceCode !== undefined;
  if (scope.status === 'withdrawn') return byResource ? 'records_withdrawn_by_unit_resource_time' : 'records_withdrawn_by_unit_time';
  return byResource ? 'records_by_unit_resource_time' : 'records_by_unit_time';
}
