// A queue to test the outbox's counters on (migrations 010 and 011): 12 records of two
// resources (R-A, and R-B for every third), registered on 1 July (China Standard Time), each
// queued once; and the counters beside what a count of the outbox says they should be.
import assert from 'node:assert/strict';
import type { Db } from '../../main/store/database';

export function queueTwelveRecords(db: Db): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', '1')`).run();
  for (let i = 1; i <= 12; i++) {
    const id = `r${String(i).padStart(2, '0')}`;
    const resource = i % 3 === 0 ? 'R-B' : 'R-A';
    const at = `2026-07-01T0${i % 9}:00:00.000Z`;
    db.prepare(`INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at) VALUES (?, 1, ?, 'active', '{}', '扶贫办', 'clerk', ?)`).run(id, resource, at);
    db.prepare(`INSERT INTO records (id, resource_code, version, status, unit, title, created_at, updated_at, updated_by) VALUES (?, ?, 1, 'active', '扶贫办', '-', ?, ?, 'clerk')`).run(id, resource, at, at);
    db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, 1, 'h', ?)`).run(id, at);
  }
}

/** outbox_state_counts, by state. */
export function queueCounters(db: Db): Record<string, number> {
  return Object.fromEntries((db.prepare('SELECT state, n FROM outbox_state_counts ORDER BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
}

/** A count of the outbox by state. */
export function queueByState(db: Db): Record<string, number> {
  const byState: Record<string, number> = { acknowledged: 0, in_flight: 0, pending: 0, rejected: 0 };
  for (const r of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]) byState[r.state] = r.n;
  return byState;
}

/** stats_daily's delivered and rejected per day and resource. */
export function settledCounters(db: Db): unknown[] {
  return db.prepare(`SELECT day, resource_code, delivered, rejected FROM stats_daily WHERE delivered + rejected > 0 ORDER BY 1, 2`).all();
}

/** Both kinds of counter equal a count of the outbox. */
export function assertCountersTrue(db: Db, step: string): void {
  assert.deepEqual(queueCounters(db), queueByState(db), `queue counts after ${step}`);
  const settledActual = db
    .prepare(
      `SELECT date(o.settled_at, '+8 hours') AS day, r.resource_code, sum(o.state = 'acknowledged') AS delivered, sum(o.state = 'rejected') AS rejected
         FROM outbox o JOIN records r ON r.id = o.record_id WHERE o.state IN ('acknowledged', 'rejected') GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
  assert.deepEqual(settledCounters(db), settledActual, `settled counters after ${step}`);
}
