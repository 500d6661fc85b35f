// Migration 004: applies on top of version 3 with records and outbox rows in place, counts
// what was there into stats_daily once (per China Standard Time day), and from then on its
// triggers keep the summaries right: registrations, corrections, withdrawals, rows queued,
// acknowledged and rejected, and every change of the link state.
import type { DayTotals } from '../stats-repo';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { intake } from './003-intake';
import { status } from './004-status';
import { migrations } from './index';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

const V3 = [initialSchema, syncAndCertificates, intake];

interface StatsRow extends DayTotals {
  day: string;
  resource_code: string;
}

const ZERO = { registered: 0, corrected: 0, withdrawn: 0, queued: 0, delivered: 0, rejected: 0 };

describe('004 status', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  /** A record version as the records repository writes it: the version row, the head row, the outbox row. */
  const write = (id: string, version: number, resource: string, state: 'active' | 'withdrawn', at: string, queue: boolean) => {
    db.prepare(`INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at) VALUES (?, ?, ?, ?, '{}', '扶贫办', 'clerk', ?)`).run(
      id,
      version,
      resource,
      state,
      at,
    );
    db.prepare(
      `INSERT INTO records (id, resource_code, version, status, unit, title, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, '扶贫办', '-', ?, ?, 'clerk')
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, updated_at = excluded.updated_at`,
    ).run(id, resource, version, state, at, at);
    if (queue) db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, ?, 'h', ?)`).run(id, version, at);
  };
  const stats = () => db.prepare('SELECT * FROM stats_daily ORDER BY day, resource_code').all() as StatsRow[];
  const row = (day: string, resource: string) => stats().find((r) => r.day === day && r.resource_code === resource);

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V3);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', '1')`).run();
    // Before 004: 16:30 UTC on 31 March is 00:30 on 1 April in China — a second-quarter day.
    write('a', 1, 'R1', 'active', '2026-03-31T15:59:59.000Z', true); // 23:59:59 CST, 31 March
    write('b', 1, 'R1', 'active', '2026-03-31T16:30:00.000Z', true); // 00:30 CST, 1 April
    write('b', 2, 'R1', 'active', '2026-04-01T02:00:00.000Z', true); // corrected
    write('b', 3, 'R1', 'withdrawn', '2026-04-01T03:00:00.000Z', true); // withdrawn
    write('c', 1, 'NEG', 'active', '2026-04-01T04:00:00.000Z', false); // negative list: never queued
    db.prepare(`UPDATE outbox SET state = 'acknowledged', settled_at = '2026-04-01T20:00:00.000Z' WHERE record_id = 'a'`).run(); // 2 April CST
    db.prepare(`UPDATE outbox SET state = 'rejected', settled_at = '2026-04-01T05:00:00.000Z' WHERE record_id = 'b' AND version = 1`).run();
    migrate(db, [...V3, status]);
  });
  after(() => fresh.cleanup());

  test('is version 4, registered fourth', () => {
    assert.equal(status.version, 4);
    assert.equal(migrations[3], status);
    assert.equal(schemaVersion(db), 4);
  });

  test('keeps what was there', () => {
    assert.equal((db.prepare('SELECT count(*) AS n FROM record_versions').get() as { n: number }).n, 5);
    assert.equal((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n, 4);
  });

  test('counts the existing records and outbox once, per China Standard Time day', () => {
    assert.deepEqual(stats(), [
      { day: '2026-03-31', resource_code: 'R1', ...ZERO, registered: 1, queued: 1 },
      { day: '2026-04-01', resource_code: 'NEG', ...ZERO, registered: 1 },
      { day: '2026-04-01', resource_code: 'R1', registered: 1, corrected: 1, withdrawn: 1, queued: 3, delivered: 0, rejected: 1 },
      { day: '2026-04-02', resource_code: 'R1', ...ZERO, delivered: 1 },
    ]);
  });

  test('from now on the triggers count registrations, corrections, withdrawals and the queue', () => {
    write('d', 1, 'R2', 'active', '2026-07-01T01:00:00.000Z', true);
    write('d', 2, 'R2', 'active', '2026-07-01T02:00:00.000Z', true);
    write('e', 1, 'R2', 'active', '2026-07-01T03:00:00.000Z', true);
    write('e', 2, 'R2', 'withdrawn', '2026-07-01T04:00:00.000Z', true);
    assert.deepEqual(row('2026-07-01', 'R2'), { day: '2026-07-01', resource_code: 'R2', registered: 2, corrected: 1, withdrawn: 1, queued: 4, delivered: 0, rejected: 0 });
  });

  test('acknowledgements and rejections count on the day they are settled, once each', () => {
    const settle = db.prepare(`UPDATE outbox SET state = ?, settled_at = ? WHERE record_id = ? AND version = ?`);
    db.prepare(`UPDATE outbox SET state = 'in_flight' WHERE record_id IN ('d', 'e')`).run();
    settle.run('acknowledged', '2026-07-02T01:00:00.000Z', 'd', 1);
    settle.run('acknowledged', '2026-07-02T01:00:00.000Z', 'd', 2);
    settle.run('rejected', '2026-07-02T17:00:00.000Z', 'e', 1); // 3 July CST
    // Writing the same state again (a receipt stored twice) counts nothing more.
    settle.run('acknowledged', '2026-07-02T01:00:00.000Z', 'd', 1);
    assert.equal(row('2026-07-02', 'R2')!.delivered, 2);
    assert.equal(row('2026-07-03', 'R2')!.rejected, 1);
    // A requeued rejection that is later accepted counts as delivered too.
    db.prepare(`UPDATE outbox SET state = 'pending', settled_at = NULL WHERE record_id = 'e' AND version = 1`).run();
    settle.run('acknowledged', '2026-07-03T02:00:00.000Z', 'e', 1);
    assert.deepEqual(row('2026-07-03', 'R2'), { day: '2026-07-03', resource_code: 'R2', ...ZERO, delivered: 1, rejected: 1 });
  });

  test('every change of the link state is written to link_events with its problem; repeats are not', () => {
    const setLink = db.prepare('UPDATE sync_state SET link = ?, problem = ?, last_attempt_at = ?, last_success_at = coalesce(?, last_success_at)');
    setLink.run('online', null, '2026-07-05T00:00:00.000Z', '2026-07-05T00:00:00.000Z');
    setLink.run('offline', '无法连接交换平台（连接被拒绝）', '2026-07-05T01:00:00.000Z', null);
    setLink.run('offline', '无法连接交换平台（超时）', '2026-07-05T01:05:00.000Z', null); // same state: no event
    setLink.run('certificate', '证书已过期', '2026-07-05T02:00:00.000Z', null);
    setLink.run('online', null, '2026-07-05T03:00:00.000Z', '2026-07-05T03:00:00.000Z');
    assert.deepEqual(db.prepare('SELECT at, link, problem FROM link_events ORDER BY id').all(), [
      { at: '2026-07-05T00:00:00.000Z', link: 'online', problem: null },
      { at: '2026-07-05T01:00:00.000Z', link: 'offline', problem: '无法连接交换平台（连接被拒绝）' },
      { at: '2026-07-05T02:00:00.000Z', link: 'certificate', problem: '证书已过期' },
      { at: '2026-07-05T03:00:00.000Z', link: 'online', problem: null },
    ]);
  });

  test('status events accept only backup, verify and upload outcomes', () => {
    db.prepare(`INSERT INTO status_events (at, kind, ok) VALUES ('2026-07-06T00:00:00.000Z', 'backup', 1)`).run();
    assert.throws(() => db.prepare(`INSERT INTO status_events (at, kind, ok) VALUES ('t', 'restore', 1)`).run(), /CHECK/);
    assert.throws(() => db.prepare(`INSERT INTO status_events (at, kind, ok) VALUES ('t', 'backup', 2)`).run(), /CHECK/);
  });

  test('the queue counts per outbox state always equal a count of the outbox, through every move', () => {
    const counted = () => Object.fromEntries((db.prepare('SELECT state, n FROM outbox_state_counts').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    const actual = () => {
      const byState: Record<string, number> = { pending: 0, in_flight: 0, acknowledged: 0, rejected: 0 };
      for (const r of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]) byState[r.state] = r.n;
      return byState;
    };
    assert.deepEqual(counted(), actual());
    const seq = (db.prepare(`SELECT min(seq) AS s FROM outbox WHERE state = 'pending'`).get() as { s: number }).s;
    for (const state of ['in_flight', 'pending', 'in_flight', 'rejected', 'pending', 'acknowledged']) {
      db.prepare('UPDATE outbox SET state = ? WHERE seq = ?').run(state, seq);
      assert.deepEqual(counted(), actual(), `after moving to ${state}`);
    }
    db.prepare(`UPDATE outbox SET state = 'acknowledged' WHERE seq = ?`).run(seq); // no move: nothing counted
    assert.deepEqual(counted(), actual());
  });
});
