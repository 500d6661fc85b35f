// The backup's own connections, in its worker thread: to a snapshot of the live database, or
// to a decrypted backup being checked or restored. Opened with the node's cipher settings
// (applyCipher, database.ts) and its raw key, but no journal-mode change, so a file is read
// exactly as it was written. Also every query the worker runs on them: the snapshot itself,
// SQLite's integrity check, and what a backup says about its database (counts, identity, versions).
import Database from 'better-sqlite3-multiple-ciphers';
import type { BackupContent, BackupCounts } from '../../formats/backup';
import { applyCipher } from './database';

export type RawDb = Database.Database;

export class UnreadableDatabaseError extends Error {
  override name = 'UnreadableDatabaseError';
}

/**
 * `cacheMiB`: a larger page cache for one-pass checks: SQLCipher decrypts a page each time it
 * is read into the cache, and integrity_check followed by the counts reads many pages twice.
 * Bounded, whatever the database size.
 */
export function openDatabaseFile(file: string, key: Buffer, options: { readonly?: boolean; cacheMiB?: number } = {}): RawDb {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
  try {
    applyCipher(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new UnreadableDatabaseError('数据库密钥不正确，或数据库文件已损坏');
    }
    db.pragma('busy_timeout = 5000');
    if (options.cacheMiB) db.pragma(`cache_size = -${Math.round(options.cacheMiB * 1024)}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A consistent copy of the database into `output`: VACUUM INTO runs inside one read
 * transaction on this connection (WAL: the node's writer carries on), and writes the copy
 * encrypted with the same key — SQLite3 Multiple Ciphers encrypts the VACUUM INTO target like
 * its source.
 */
export function vacuumInto(db: RawDb, output: string): void {
  db.prepare('VACUUM INTO ?').run(output);
}

const n = (db: RawDb, sql: string) => (db.prepare(sql).get() as { n: number }).n;
const meta = (db: RawDb, key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

export function countRows(db: RawDb): BackupCounts {
  return {
    records: n(db, 'SELECT count(*) AS n FROM records'),
    recordVersions: n(db, 'SELECT count(*) AS n FROM record_versions'),
    outbox: n(db, 'SELECT count(*) AS n FROM outbox'),
    outboxPending: n(db, `SELECT count(*) AS n FROM outbox WHERE state IN ('pending','in_flight')`),
    outboxRejected: n(db, `SELECT count(*) AS n FROM outbox WHERE state = 'rejected'`),
    receipts: n(db, 'SELECT count(*) AS n FROM receipts'),
    auditLog: n(db, 'SELECT count(*) AS n FROM audit_log'),
    users: n(db, 'SELECT count(*) AS n FROM users'),
  };
}

/** What the header of a backup of this database says, apart from its creation time and app version. */
export function describeDatabase(db: RawDb): Omit<BackupContent, 'createdAt' | 'appVersion'> {
  const [seq, hash] = (meta(db, 'audit_head') ?? '0:').split(':');
  return {
    node: {
      nodeId: meta(db, 'node_id') ?? '',
      unitName: meta(db, 'unit_name') ?? '',
      creditCode: meta(db, 'credit_code') ?? '',
      divisionCode: meta(db, 'division_code') ?? '',
    },
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    epoch: Number(meta(db, 'epoch') ?? '1'),
    counts: countRows(db),
    auditHead: { seq: Number(seq) || 0, hash: hash ?? '' },
  };
}

/** SQLite's full integrity check; the first problems it names, or an empty list. */
export function integrityProblems(db: RawDb, max = 10): string[] {
  const rows = db.prepare(`PRAGMA integrity_check(${max})`).all() as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  const foreign = db.prepare('PRAGMA foreign_key_check').all();
  if (foreign.length > 0) problems.push(`${foreign.length} 处外键引用不存在`);
  return problems;
}
