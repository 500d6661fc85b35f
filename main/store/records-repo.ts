// All SQL about records: immutable versions, the current-version row, counters and the
// outbox entry. Callers run these inside one transaction so a record and its outbox entry
// are saved together or not at all.
import { sql, type Db } from './database';
import type { RecordStatus, RecordSummary, RecordView } from '../../common/contract';
import { fieldsText, payloadHashWithFields } from '../../sync/protocol/payload-hash';
import { requireMeta } from './meta';
import { activeIdsByKey, holdImportPageCache, insertNewRecords, type NewRecord } from './records-bulk';
import { readListPage, type ListPage, type ListPosition, type ListScope } from './records-pages';

export interface VersionToWrite {
  id: string;
  version: number;
  resourceCode: string;
  status: RecordStatus;
  fields: Record<string, string>;
  unit: string;
  author: string;
  at: string;
  reason: string | null;
  keyValue: string | null;
  title: string;
  /** False for negative-list (不予共享) resources: they never get an outbox entry. */
  shareable: boolean;
}

interface VersionRow {
  record_id: string;
  version: number;
  resource_code: string;
  status: RecordStatus;
  fields: string;
  unit: string;
  author: string;
  created_at: string;
  reason: string | null;
}

interface HeadRow {
  id: string;
  resource_code: string;
  version: number;
  status: RecordStatus;
  unit: string;
  key_value: string | null;
  title: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface ListFilter {
  unit: string;
  resourceCode?: string | undefined;
  status?: RecordStatus | undefined;
  limit: number;
  offset: number;
}

export class RecordsRepo {
  constructor(private readonly db: Db) {}

  writeVersion(v: VersionToWrite): void {
    // Canonical (keys sorted), and the very text the outbox entry's payload hash covers.
    const fields = fieldsText(v.fields);
    sql(this.db, 
        `INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, v.version, v.resourceCode, v.status, fields, v.unit, v.author, v.at, v.reason);
    const previous = this.head(v.id);
    if (previous) {
      sql(this.db, `UPDATE records SET version = ?, status = ?, key_value = ?, title = ?, updated_at = ?, updated_by = ? WHERE id = ?`)
        .run(v.version, v.status, v.keyValue, v.title, v.at, v.author, v.id);
      if (previous.status !== v.status) {
        this.count(previous.resource_code, previous.unit, previous.status, -1);
        this.count(v.resourceCode, v.unit, v.status, +1);
      }
    } else {
      sql(this.db, 
          `INSERT INTO records (id, resource_code, version, status, unit, key_value, title, created_at, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(v.id, v.resourceCode, v.version, v.status, v.unit, v.keyValue, v.title, v.at, v.at, v.author);
      this.count(v.resourceCode, v.unit, v.status, +1);
    }
    if (v.shareable) this.enqueue(v, fields);
  }

  /** New records of a file import, version 1, in bulk (records-bulk.ts). */
  insertNew(rows: readonly NewRecord[]): void {
    insertNewRecords(this.db, rows);
  }

  /** For a file import's duration: the page cache at SQLite's default (records-bulk.ts); call the result to restore it. */
  holdImportPageCache(): () => void {
    return holdImportPageCache(this.db);
  }

  /** Active records of the unit and resource with one of these keys: key → id (one query for a whole chunk). */
  activeIdsByKey(unit: string, resourceCode: string, keys: readonly string[]): Map<string, string> {
    return activeIdsByKey(this.db, unit, resourceCode, keys);
  }

  head(id: string): HeadRow | undefined {
    return sql(this.db, 'SELECT * FROM records WHERE id = ?').get(id) as HeadRow | undefined;
  }

  current(id: string): RecordView | undefined {
    const head = this.head(id);
    if (!head) return undefined;
    const row = sql(this.db, 'SELECT * FROM record_versions WHERE record_id = ? AND version = ?').get(id, head.version) as VersionRow;
    return toView(row, head);
  }

  history(id: string): RecordView[] {
    const head = this.head(id);
    if (!head) return [];
    const rows = sql(this.db, 'SELECT * FROM record_versions WHERE record_id = ? ORDER BY version DESC').all(id) as VersionRow[];
    return rows.map((row) => toView(row, head));
  }

  /** One keyset page of a unit's current records, newest first (records-pages.ts). */
  page(scope: ListScope, position: ListPosition, limit: number): ListPage {
    return readListPage(this.db, scope, position, limit);
  }

  /**
   * Current records of one unit, newest first, by page number: OFFSET reads and drops every
   * row before the page, so this is for the first pages only; deep pages go by `page()`.
   */
  list(filter: ListFilter): HeadRow[] {
    const where = ['unit = @unit'];
    if (filter.resourceCode) where.push('resource_code = @resourceCode');
    if (filter.status) where.push('status = @status');
    return sql(this.db, `SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...filter, resourceCode: filter.resourceCode ?? null, status: filter.status ?? null }) as HeadRow[];
  }

  /** Total for a list filter, from the maintained counters rather than a scan. */
  total(filter: Omit<ListFilter, 'limit' | 'offset'>): number {
    const where = ['unit = @unit'];
    if (filter.resourceCode) where.push('resource_code = @resourceCode');
    if (filter.status) where.push('status = @status');
    const row = sql(this.db, `SELECT coalesce(sum(n), 0) AS n FROM record_counts WHERE ${where.join(' AND ')}`)
      .get({ ...filter, resourceCode: filter.resourceCode ?? null, status: filter.status ?? null }) as { n: number };
    return row.n;
  }

  findByKey(unit: string, keyValue: string, resourceCode?: string): HeadRow[] {
    // records_by_key covers (key_value, unit, updated_at), so this is a short index range with
    // no sort; the query-plan test in records-repo.test.ts keeps it that way.
    const rows = sql(this.db, 'SELECT * FROM records WHERE key_value = ? AND unit = ? ORDER BY updated_at DESC LIMIT 50').all(keyValue, unit) as HeadRow[];
    return resourceCode ? rows.filter((r) => r.resource_code === resourceCode) : rows;
  }

  countsByResource(): { resourceCode: string; status: RecordStatus; n: number }[] {
    return sql(this.db, 'SELECT resource_code AS resourceCode, status, sum(n) AS n FROM record_counts GROUP BY resource_code, status')
      .all() as { resourceCode: string; status: RecordStatus; n: number }[];
  }

  private count(resourceCode: string, unit: string, status: RecordStatus, delta: number): void {
    sql(this.db, 
        `INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, ?, ?)
         ON CONFLICT (resource_code, unit, status) DO UPDATE SET n = n + excluded.n`,
      )
      .run(resourceCode, unit, status, delta);
  }

  private enqueue(v: VersionToWrite, fields: string): void {
    const payloadHash = payloadHashWithFields({ recordId: v.id, version: v.version, resourceCode: v.resourceCode, status: v.status, registeredAt: v.at }, fields);
    sql(this.db, 'INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(Number(requireMeta(this.db, 'epoch')), v.id, v.version, payloadHash, v.at);
  }
}

export function toSummary(head: HeadRow, maskedKey: string): RecordSummary {
  return {
    id: head.id,
    resourceCode: head.resource_code,
    version: head.version,
    status: head.status,
    title: head.title,
    maskedKey,
    unit: head.unit,
    updatedAt: head.updated_at,
    updatedBy: head.updated_by,
  };
}

export type { HeadRow };

function toView(row: VersionRow, head: HeadRow): RecordView {
  return {
    id: row.record_id,
    resourceCode: row.resource_code,
    version: row.version,
    status: row.status,
    fields: JSON.parse(row.fields) as Record<string, string>,
    unit: row.unit,
    createdAt: head.created_at,
    updatedAt: row.created_at,
    updatedBy: row.author,
    reason: row.reason,
  };
}
