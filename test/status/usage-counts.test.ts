// The usage counts the heartbeat reports ("is this system used at all?"), read through the
// store's status repositories from the maintained summaries of a real (migrated, encrypted)
// database: China-time days, recent logins, records in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEncryptedDatabase } from '../support/raw-database';
import { migrate } from '../../main/store/migrate';
import { StatsRepo } from '../../main/store/stats-repo';
import { StatusRepo } from '../../main/store/status-repo';
import type { StatusStore } from '../../main/status/status-sources';
import { usageCounts } from '../../main/status/heartbeat-status';

type Db = ReturnType<typeof freshEncryptedDatabase>['db'];

/** A migrated database: `db` to plant the summaries, `store` the repositories usageCounts reads. */
function withDatabase(fn: (db: Db, store: Pick<StatusStore, 'stats' | 'status'>) => void): void {
  const fresh = freshEncryptedDatabase();
  try {
    migrate(fresh.db);
    fn(fresh.db, { stats: new StatsRepo(fresh.db), status: new StatusRepo(fresh.db) });
  } finally {
    fresh.cleanup();
  }
}

test('usage counts: registrations in 7 and 30 China-time days, deliveries, active days, recent logins, records in force', () => {
  withDatabase((db, store) => {
    // 2026-11-26 01:00 UTC is 09:00 on the 26th in China: "today" is the 26th.
    const now = new Date('2026-11-26T01:00:00.000Z');
    const day = db.prepare('INSERT INTO stats_daily (day, resource_code, registered, corrected, withdrawn, delivered) VALUES (?, ?, ?, ?, ?, ?)');
    day.run('2026-11-26', 'R1', 2, 0, 0, 1); // today
    day.run('2026-11-20', 'R1', 1, 0, 0, 0); // 6 days ago: within 7
    day.run('2026-11-20', 'R2', 4, 0, 0, 3);
    day.run('2026-11-19', 'R1', 5, 0, 0, 0); // 7 days ago: outside 7, within 30
    day.run('2026-11-10', 'R1', 0, 1, 0, 2); // a correction only: active, not a registration
    day.run('2026-10-28', 'R1', 7, 0, 0, 7); // 29 days ago: the oldest day within 30
    day.run('2026-10-27', 'R1', 50, 0, 0, 50); // 30 days ago: outside
    const user = db.prepare(`INSERT INTO users (username, display_name, role, unit, password_hash, created_at, last_login_at) VALUES (?, '某某', 'clerk', '扶贫办', 'x', '2026-01-01T00:00:00.000Z', ?)`);
    user.run('recent', '2026-11-25T08:00:00.000Z');
    user.run('monthago', '2026-10-20T08:00:00.000Z');
    user.run('never', null);
    const count = db.prepare('INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, ?, ?)');
    count.run('R1', '扶贫办', 'active', 40);
    count.run('R2', '民政办', 'active', 2);
    count.run('R1', '扶贫办', 'withdrawn', 5);

    assert.deepEqual(usageCounts(store, now), {
      registered7d: 2 + 1 + 4,
      registered30d: 2 + 1 + 4 + 5 + 7,
      activeDays30d: 5,
      delivered30d: 1 + 3 + 2 + 7,
      activeUsers30d: 1,
      recordsInForce: 42,
      lastRegistrationDay: '2026-11-26',
    });
  });
});

test('usage counts of a node nobody used are zero, with no last registration', () => {
  withDatabase((_db, store) => {
    assert.deepEqual(usageCounts(store, new Date('2026-11-26T01:00:00.000Z')), {
      registered7d: 0,
      registered30d: 0,
      activeDays30d: 0,
      delivered30d: 0,
      activeUsers30d: 0,
      recordsInForce: 0,
      lastRegistrationDay: null,
    });
  });
});
