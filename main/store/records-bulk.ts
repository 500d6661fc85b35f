// The bulk path of a file import (main/intake through RecordsService.createMany): many NEW
// records, version 1, in the caller's transaction. It writes exactly what RecordsRepo.writeVersion
// writes for a new record — the version row, the current row, the counter, the outbox entry
// with its payload hash — but with multi-row INSERTs and one counter update per call, because
// on an encrypted database the per-statement cost, not the bytes, is most of an import's time.
// The triggers on these tables (daily statistics, outbox state counts) still fire per row.
import type Database from 'better-sqlite3-multiple-ciphers';
import { sql, type Db } from './database';
import { fieldsText, payloadHashWithFields } from '../../sync/protocol/payload-hash';
import { requireMeta } from './meta';

export interface NewRecord {
  id: string;
  resourceCode: string;
  fields: Record<string, string>;
  unit: string;
  author: string;
  at: string;
  keyValue: string | null;
  title: string;
  /** False for negative-list (不予共享) resources: they never get an outbox entry. */
  shareable: boolean;
}

/** Rows per multi-row INSERT: 32 × 10 parameters stays far below SQLite's limit of 32,766. */
const GROUP = 32;

const VERSION_COLUMNS = '(record_id, version, resource_code, status, fields, unit, author, created_at, reason)';
const VERSION_VALUES = "(?, 1, ?, 'active', ?, ?, ?, ?, NULL)";
const RECORD_COLUMNS = '(id, resource_code, version, status, unit, key_value, title, created_at, updated_at, updated_by)';
const RECORD_VALUES = "(?, ?, 1, 'active', ?, ?, ?, ?, ?, ?)";
const OUTBOX_COLUMNS = '(epoch, record_id, version, payload_hash, created_at)';
const OUTBOX_VALUES = '(?, ?, 1, ?, ?)';

function insertOf(db: Db, table: string, columns: string, values: string, rows: number): Database.Statement {
  return sql(db, `INSERT INTO ${table} ${columns} VALUES ${Array.from({ length: rows }, () => values).join(', ')}`);
}

/**
 * Writes new records (version 1, active) and their outbox entries. Call inside a
 * transaction; ids must be new (uuid7Many, uuid7.ts).
 */
export function insertNewRecords(db: Db, rows: readonly NewRecord[]): void {
  if (rows.length === 0) return;
  const epoch = Number(requireMeta(db, 'epoch'));
  const versionArgs: unknown[] = [];
  const recordArgs: unknown[] = [];
  const outboxArgs: unknown[] = [];
  const counts = new Map<string, { resourceCode: string; unit: string; n: number }>();
  for (let at = 0; at < rows.length; at += GROUP) {
    const group = rows.slice(at, at + GROUP);
    versionArgs.length = 0;
    recordArgs.length = 0;
    outboxArgs.length = 0;
    for (const r of group) {
      const fields = fieldsText(r.fields);
      versionArgs.push(r.id, r.resourceCode, fields, r.unit, r.author, r.at);
      recordArgs.push(r.id, r.resourceCode, r.unit, r.keyValue, r.title, r.at, r.at, r.author);
      if (r.shareable) outboxArgs.push(epoch, r.id, versionOneHash(r, fields), r.at);
      const countKey = `${r.resourceCode}\u0000${r.unit}`;
      const count = counts.get(countKey);
      if (count) count.n++;
      else counts.set(countKey, { resourceCode: r.resourceCode, unit: r.unit, n: 1 });
    }
    insertOf(db, 'record_versions', VERSION_COLUMNS, VERSION_VALUES, group.length).run(versionArgs);
    insertOf(db, 'records', RECORD_COLUMNS, RECORD_VALUES, group.length).run(recordArgs);
    if (outboxArgs.length > 0) insertOf(db, 'outbox', OUTBOX_COLUMNS, OUTBOX_VALUES, outboxArgs.length / 4).run(outboxArgs);
  }
  for (const c of counts.values()) {
    sql(
      db,
      `INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, 'active', ?)
       ON CONFLICT (resource_code, unit, status) DO UPDATE SET n = n + excluded.n`,
    ).run(c.resourceCode, c.unit, c.n);
  }
}

/**
 * The same digest RecordsRepo's outbox entry carries for version 1 of a record, around the
 * fields text the version row stores (payload-hash.ts; payload-hash.test.ts holds the text
 * to canonicalJson byte for byte).
 */
function versionOneHash(r: NewRecord, fields: string): string {
  return payloadHashWithFields({ recordId: r.id, version: 1, resourceCode: r.resourceCode, status: 'active', registeredAt: r.at }, fields);
}

/**
 * Active records of `unit` and `resourceCode` whose key is one of `keys`: key → record id.
 * One query for a whole chunk instead of one per row.
 */
export function activeIdsByKey(db: Db, unit: string, resourceCode: string, keys: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const rows = sql(
    db,
    `SELECT key_value AS key, id FROM records INDEXED BY records_by_key
     WHERE key_value IN (SELECT value FROM json_each(?)) AND unit = ? AND resource_code = ? AND status = 'active'
     ORDER BY updated_at DESC`,
  ).all(JSON.stringify(keys), unit, resourceCode) as { key: string; id: string }[];
  for (const row of rows) if (!found.has(row.key)) found.set(row.key, row.id);
  return found;
}

/** SQLite's own page cache size (2 MiB, as PRAGMA cache_size counts it: negative KiB). */
const IMPORT_PAGE_CACHE = -2000;

/**
 * Holds the connection's page cache at SQLite's default until the returned function is
 * called, which puts back what was set before. A large file's import fills any cache with
 * `records_by_key` pages it touches once per transaction (the key index is written at random
 * places), which counts against the import's memory budget: with 32 MiB a 100k import was
 * about 20 % faster, but the 1,000,000-row import peaked at 211 MB (budget 200; docs/intake.md).
 */
export function holdImportPageCache(db: Db): () => void {
  const before = Number(db.pragma('cache_size', { simple: true }));
  if (!Number.isFinite(before) || before === IMPORT_PAGE_CACHE) return () => {};
  db.pragma(`cache_size = ${IMPORT_PAGE_CACHE}`);
  // A node closing under a running import may have closed the connection first: nothing to restore then.
  return () => {
    if (db.open) db.pragma(`cache_size = ${Math.trunc(before)}`);
  };
}
