// The benches' setup (not measured): a closed node's encrypted database filled straight
// through RecordsRepo.writeVersion — the same rows, indexes, counters and outbox entries
// records.create writes, minus the audit entries — in transactions of CHUNK records, every
// WITHDRAW_EVERYth record also withdrawn. One copy, so lookup.bench.ts and backup.bench.ts
// measure the same database.
import { openEncryptedDatabase } from '../main/store/database';
import { RecordsRepo } from '../main/store/records-repo';
import { uuid7 } from '../main/store/uuid7';
import { BENCH_RESOURCE, recordAt } from './generate-records';

export const CHUNK = 20_000;
export const WITHDRAW_EVERY = 1000;
/** The clerk and unit of test/support/test-node.ts, who "registered" the records. */
export const BENCH_CLERK = 'clerk';
export const BENCH_UNIT = '扶贫办';

const BASE_MS = Date.UTC(2023, 0, 1);
/** Registration time of record i: one a minute from 2023-01-01, so every updated_at is distinct. */
export const registeredAt = (i: number): number => BASE_MS + i * 60_000;

/**
 * Writes records 0…count-1 of the seeded generator into the database file. `progress` hears
 * after every transaction how many are written and how long it took so far.
 */
export function writeRecordsDirectly(file: string, key: Buffer, options: { count: number; seed: number; progress(written: number, elapsedMs: number): void }): void {
  const { count, seed } = options;
  const db = openEncryptedDatabase(file, key);
  try {
    // This setup connection only: a 512 MiB page cache and no fsync (a crash would only
    // mean running the bench again). The node itself keeps its own settings.
    db.pragma('cache_size = -524288');
    db.pragma('synchronous = OFF');
    const repo = new RecordsRepo(db);
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const fields = recordAt(i, seed);
        const atMs = registeredAt(i);
        const at = new Date(atMs).toISOString();
        const row = { id: uuid7(atMs), resourceCode: BENCH_RESOURCE, fields, unit: BENCH_UNIT, author: BENCH_CLERK, keyValue: fields.householder_id_number, title: fields.householder_name, shareable: true };
        repo.writeVersion({ ...row, version: 1, status: 'active', at, reason: null });
        if (i % WITHDRAW_EVERY === WITHDRAW_EVERY - 1) repo.writeVersion({ ...row, version: 2, status: 'withdrawn', at: new Date(atMs + 30_000).toISOString(), reason: '户主已迁出本乡镇' });
      }
    });
    const t0 = performance.now();
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      chunk.immediate(from, to);
      options.progress(to, performance.now() - t0);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
