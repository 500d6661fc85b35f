// Migration 010: on top of version 9 with a queue in place, the sync repo's two bulk moves
// (a batch put on the wire, its receipt settled) keep the queue counts and the day's
// delivered counters themselves, and every other move still counts row by row — so through a
// drain with rejections, a failed batch, a local rejection and a retry, the counters always
// equal a count of the outbox.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { migrations } from './index';
import { outboxBulkMoves } from './010-outbox-bulk-moves';
import { migrate, schemaVersion } from '../migrate';
import { SyncRepo } from '../sync-repo';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';
import type { ReceiptOutcomes } from '../../../sync/protocol/messages';

const V9 = migrations.slice(0, 9);

describe('010 outbox bulk moves', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let repo: SyncRepo;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V9);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', '1')`).run();
    // 12 records of two resources, registered on 1 July (China Standard Time), each queued once.
    for (let i = 1; i <= 12; i++) {
      const id = `r${String(i).padStart(2, '0')}`;
      const resource = i % 3 === 0 ? 'R-B' : 'R-A';
      const at = `2026-07-01T0${i % 9}:00:00.000Z`;
      db.prepare(`INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at) VALUES (?, 1, ?, 'active', '{}', '扶贫办', 'clerk', ?)`).run(id, resource, at);
      db.prepare(`INSERT INTO records (id, resource_code, version, status, unit, title, created_at, updated_at, updated_by) VALUES (?, ?, 1, 'active', '扶贫办', '-', ?, ?, 'clerk')`).run(id, resource, at, at);
      db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, 1, 'h', ?)`).run(id, at);
    }
    migrate(db, [...V9, outboxBulkMoves]);
    repo = new SyncRepo(db);
  });
  after(() => fresh.cleanup());

  const counted = () => Object.fromEntries((db.prepare('SELECT state, n FROM outbox_state_counts ORDER BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
  const actual = () => {
    const byState: Record<string, number> = { acknowledged: 0, in_flight: 0, pending: 0, rejected: 0 };
    for (const r of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]) byState[r.state] = r.n;
    return byState;
  };
  /** stats_daily's delivered and rejected per day and resource, beside a count of the settled outbox rows. */
  const settledCounters = () => db.prepare(`SELECT day, resource_code, delivered, rejected FROM stats_daily WHERE delivered + rejected > 0 ORDER BY 1, 2`).all();
  const settledActual = () =>
    db.prepare(
      `SELECT date(o.settled_at, '+8 hours') AS day, r.resource_code, sum(o.state = 'acknowledged') AS delivered, sum(o.state = 'rejected') AS rejected
         FROM outbox o JOIN records r ON r.id = o.record_id WHERE o.state IN ('acknowledged', 'rejected') GROUP BY 1, 2 ORDER BY 1, 2`,
    ).all();
  const assertCountersTrue = (step: string) => {
    assert.deepEqual(counted(), actual(), `queue counts after ${step}`);
    assert.deepEqual(settledCounters(), settledActual(), `settled counters after ${step}`);
  };
  const receipt = (batchId: string, items: ReceiptOutcomes['items']): ReceiptOutcomes => ({ batchId, epoch: 1, items, highWaterMark: Math.max(...items.map((i) => i.seq)), serverTime: '2026-07-02T00:00:00.000Z' });

  test('is version 10, registered tenth', () => {
    assert.equal(outboxBulkMoves.version, 10);
    assert.equal(migrations[9], outboxBulkMoves);
    assert.equal(schemaVersion(db), 10);
    assertCountersTrue('the migration');
  });

  test('a batch on the wire and its receipt keep the counters true without the per-row triggers', () => {
    repo.markInFlight([1, 2, 3, 4], 'b1');
    assertCountersTrue('a batch of 4 on the wire');
    assert.equal(repo.inFlightCount(), 4);
    // Every row answered: the range path. 16:30 UTC on 2 July is 00:30 on 3 July in China.
    const all = repo.settleBatch(receipt('b1', [1, 2, 3, 4].map((seq) => ({ seq, outcome: seq === 2 ? 'duplicate' : 'accepted' }))), '{}', [1, 2, 3, 4], '2026-07-02T16:30:00.000Z');
    assert.deepEqual(all, { acknowledged: 4, rejected: 0, unanswered: 0 });
    assertCountersTrue('a receipt answering every row');
    assert.deepEqual(settledCounters(), [
      { day: '2026-07-03', resource_code: 'R-A', delivered: 3, rejected: 0 },
      { day: '2026-07-03', resource_code: 'R-B', delivered: 1, rejected: 0 },
    ]);
  });

  test('a receipt with a rejection and an unanswered row, a failed batch, a local rejection and a retry: the counters stay true', () => {
    repo.markInFlight([5, 6, 7, 8], 'b2');
    const partial = repo.settleBatch(receipt('b2', [
      { seq: 5, outcome: 'accepted' },
      { seq: 6, outcome: 'rejected', code: 'INVALID_FIELD', reason: '字段不合规' },
      { seq: 7, outcome: 'accepted' },
    ]), '{}', [5, 6, 7, 8], '2026-07-03T01:00:00.000Z');
    assert.deepEqual(partial, { acknowledged: 2, rejected: 1, unanswered: 1 });
    assertCountersTrue('a receipt with a rejection and an unanswered row');

    repo.markInFlight([8, 9, 10], 'b3');
    repo.releaseBatch('b3', '连接中断');
    assertCountersTrue('a failed batch released');

    repo.rejectLocally([{ seq: 11, code: 'NOT_SHAREABLE', reason: '不予共享' }], '2026-07-03T02:00:00.000Z');
    assertCountersTrue('a local rejection');

    repo.markInFlight([8, 9, 10, 12], 'b4');
    // A seq already settled is not moved again, so nothing is counted twice.
    repo.markInFlight([1], 'b4');
    repo.settleBatch(receipt('b4', [8, 9, 10, 12].map((seq) => ({ seq, outcome: 'accepted' }))), '{}', [8, 9, 10, 12], '2026-07-03T03:00:00.000Z');
    assertCountersTrue('the rest delivered');
    assert.equal(repo.queueDepth(), 0);
    assert.deepEqual(actual(), { acknowledged: 10, in_flight: 0, pending: 0, rejected: 2 });

    repo.releaseAllInFlight();
    assertCountersTrue('a start-up release with nothing in flight');
  });
});
