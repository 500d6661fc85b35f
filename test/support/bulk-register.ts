// Registers many records fast for the sync reliability tests: the real records service
// (catalog validation, duplicate check, version + outbox + audit rows) on a second,
// real encrypted connection, inside big transactions instead of one fsync per record.
// What ends up in the database is exactly what clerks registering one by one would leave.
import { buildNodeParts } from '../../main/core/services';
import { SessionStore } from '../../main/auth/sessions';
import type { SessionUser } from '../../common/contract';
import { BENCH_RESOURCE, recordAt } from '../../bench/generate-records';
import { openRawDatabase } from './raw-database';

export const BULK_CLERK: SessionUser = { username: 'clerk', displayName: '测试clerk', role: 'clerk', unit: '扶贫办' };

/** Registers `count` distinct 贫困户 records (bench generator, indices from `first`); returns their ids. */
/** `at(i)`: when record i is registered (default: now) — a bench spreads a year of registrations. */
export async function bulkRegister(dataDir: string, keyFile: string, count: number, options: { first?: number; chunk?: number; at?: (i: number) => Date } = {}): Promise<string[]> {
  const db = await openRawDatabase(dataDir, keyFile);
  const ids: string[] = [];
  try {
    let current = 0; // the record being registered, for the clock below
    const now = () => options.at?.(current) ?? new Date();
    const { services } = buildNodeParts(db, new SessionStore(now), now, 'bulk', { automatic: false });
    const first = options.first ?? 0;
    const chunk = options.chunk ?? 5_000;
    for (let start = 0; start < count; start += chunk) {
      db.transaction(() => {
        for (let i = start; i < Math.min(count, start + chunk); i++) {
          current = i;
          ids.push(services.records.create(BULK_CLERK, BENCH_RESOURCE, recordAt(first + i)).id);
        }
      }).immediate();
    }
  } finally {
    db.close();
  }
  return ids;
}
