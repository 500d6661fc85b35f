// The benches' setup (not measured): a closed node's encrypted database filled straight
// through the records repository — the same rows, indexes, counters, statistics and outbox
// entries records.create writes, minus the audit entries (direct-records.test.ts compares the
// two) — every WITHDRAW_EVERYth record also withdrawn. One copy, so lookup.bench.ts,
// list-pages.bench.ts and backup.bench.ts measure the same database.
//
// Fast because it is set-up: new records go in through the import's multi-row path
// (RecordsRepo.insertNew), CHUNK records per transaction on a connection without fsync, and
// the secondary indexes of the three record tables are dropped first and built once at the
// end from their own CREATE statements (an index built from sorted keys is one pass; kept
// during the load, the ID-number index alone took a random B-tree insert per record). The
// withdrawals go through RecordsRepo.writeVersion in the order a clerk would make them.
import { randomBytes } from 'node:crypto';
import { openEncryptedDatabase, type Db } from '../main/store/database';
import { RecordsRepo } from '../main/store/records-repo';
import type { NewRecord } from '../main/store/records-bulk';
import { BENCH_RESOURCE, recordAt } from './generate-records';

export const CHUNK = 50_000;
export const WITHDRAW_EVERY = 1000;
/** The clerk and unit of test/support/test-node.ts, who "registered" the records. */
export const BENCH_CLERK = 'clerk';
export const BENCH_UNIT = '扶贫办';
export const WITHDRAW_REASON = '户主已迁出本乡镇';
/** How long after its registration a withdrawn record was withdrawn. */
export const WITHDRAWN_AFTER_MS = 30_000;

const BASE_MS = Date.UTC(2023, 0, 1);
/** Registration time of record i: one a minute from 2023-01-01, so every updated_at is distinct. */
export const registeredAt = (i: number): number => BASE_MS + i * 60_000;
/** Whether record i is withdrawn after its registration (every `every`th record). */
export const isWithdrawn = (i: number, every = WITHDRAW_EVERY): boolean => i % every === every - 1;

/** The tables the fill writes whose secondary indexes are built after the load. */
const LOADED_TABLES = ['records', 'record_versions', 'outbox'];

/**
 * Writes records 0…count-1 of the seeded generator into the database file. `progress` hears
 * after every transaction how many are written and how long it took so far.
 */
export function writeRecordsDirectly(
  file: string,
  key: Buffer,
  options: { count: number; seed: number; withdrawEvery?: number; progress(written: number, elapsedMs: number): void },
): void {
  const { count, seed, withdrawEvery = WITHDRAW_EVERY } = options;
  const db = openEncryptedDatabase(file, key);
  try {
    // This setup connection only: a 512 MiB page cache and no fsync (a crash would only
    // mean running the bench again). The node itself keeps its own settings.
    db.pragma('cache_size = -524288');
    db.pragma('synchronous = OFF');
    const repo = new RecordsRepo(db);
    const indexes = dropSecondaryIndexes(db);
    const chunk = db.transaction((from: number, to: number) => {
      const ids = new RecordIds(to - from);
      let run: NewRecord[] = [];
      for (let i = from; i < to; i++) {
        const row = recordRow(i, seed, ids);
        run.push(row);
        if (!isWithdrawn(i, withdrawEvery)) continue;
        repo.insertNew(run);
        run = [];
        const at = new Date(registeredAt(i) + WITHDRAWN_AFTER_MS).toISOString();
        repo.writeVersion({ ...row, version: 2, status: 'withdrawn', at, reason: WITHDRAW_REASON });
      }
      repo.insertNew(run);
    });
    const t0 = performance.now();
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      chunk.immediate(from, to);
      options.progress(to, performance.now() - t0);
    }
    db.transaction(() => {
      for (const statement of indexes) db.exec(statement);
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Record i as registered by the bench clerk, version 1, with the id `ids` gives it. */
function recordRow(i: number, seed: number, ids: RecordIds): NewRecord {
  const fields = recordAt(i, seed);
  const atMs = registeredAt(i);
  return { id: ids.next(atMs), resourceCode: BENCH_RESOURCE, fields, unit: BENCH_UNIT, author: BENCH_CLERK, at: new Date(atMs).toISOString(), keyValue: fields.householder_id_number!, title: fields.householder_name!, shareable: true };
}

/** Drops the loaded tables' own indexes (not the primary keys) and returns the statements that recreate them. */
function dropSecondaryIndexes(db: Db): string[] {
  const marks = LOADED_TABLES.map(() => '?').join(', ');
  const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${marks}) ORDER BY name`).all(...LOADED_TABLES) as { name: string; sql: string }[];
  db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  }).immediate();
  return indexes.map((index) => index.sql);
}

/**
 * UUIDv7 ids as main/store/uuid7.ts makes them (48-bit milliseconds, version 7, RFC 4122
 * variant, random bits), with the random bits of a whole transaction drawn at once: one
 * call for random bytes per id was a sixth of the fill.
 */
class RecordIds {
  private readonly random: Buffer;
  private used = 0;

  constructor(count: number) {
    this.random = randomBytes(16 * count);
  }

  next(atMs: number): string {
    const bytes = this.random.subarray(16 * this.used, 16 * ++this.used);
    if (bytes.length < 16) throw new Error('more ids asked for than the transaction holds');
    bytes.writeUIntBE(atMs, 0, 6);
    bytes[6] = 0x70 | (bytes[6]! & 0x0f);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
