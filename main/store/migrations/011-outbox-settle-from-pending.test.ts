// Migration 011: on top of version 10 with a queue in place (two rows left in flight by the
// older version, as a crash mid-batch leaves them), today's sync repo keeps rows pending while
// they are on the wire and settles them from pending; its bulk acknowledgement counts itself,
// every other move row by row — so through a drain with rejections, an unanswered row, a
// failed batch, a local rejection and a resend of a settled row, the counters always equal a
// count of the outbox, and nothing is counted twice.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { migrations } from './index';
import { outboxSettleFromPending } from './011-outbox-settle-from-pending';
import { migrate, schemaVersion } from '../migrate';
import { SyncRepo } from '../sync-repo';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import { assertCountersTrue, queueByState, queueTwelveRecords, settledCounters } from '../../../test/support/outbox-counters';
import type { Db } from '../database';
import type { ReceiptOutcomes } from '../../../sync/protocol/messages';

const V10 = migrations.slice(0, 10);

describe('011 outbox settle from pending', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let repo: SyncRepo;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V10);
    queueTwelveRecords(db);
    // What version 10's repo did when it put seqs 1 and 2 on the wire (and then the node crashed).
    db.prepare(`UPDATE outbox SET state = 'in_flight', batch_id = 'b0' WHERE seq IN (1, 2)`).run();
    db.prepare(`UPDATE outbox_state_counts SET n = n + CASE state WHEN 'in_flight' THEN 2 ELSE -2 END WHERE state IN ('pending', 'in_flight')`).run();
    migrate(db, [...V10, outboxSettleFromPending]);
    repo = new SyncRepo(db);
  });
  after(() => fresh.cleanup());

  /** The rows of a batch as the engine sent them: seq → resource code (R-B for every third record). */
  const sent = (seqs: number[]) => new Map(seqs.map((seq) => [seq, seq % 3 === 0 ? 'R-B' : 'R-A']));
  const receipt = (batchId: string, items: ReceiptOutcomes['items']): ReceiptOutcomes => ({ batchId, epoch: 1, items, highWaterMark: Math.max(...items.map((i) => i.seq)), serverTime: '2026-07-02T00:00:00.000Z' });

  test('is version 11, registered eleventh; rows the older version left in flight go back to pending', () => {
    assert.equal(outboxSettleFromPending.version, 11);
    assert.equal(migrations[10], outboxSettleFromPending);
    assert.equal(schemaVersion(db), 11);
    assertCountersTrue(db, 'the migration');
    assert.equal(repo.releaseAllInFlight(), 2);
    assertCountersTrue(db, 'the start-up release');
    assert.equal(repo.queueDepth(), 12);
  });

  test('the next batch is planned from the rows after the ones on the wire', () => {
    assert.deepEqual(repo.pendingRows(3).map((r) => r.seq), [1, 2, 3]);
    assert.deepEqual(repo.pendingRows(3, 4).map((r) => r.seq), [5, 6, 7]);
  });

  test('a receipt answering every row settles the batch from pending, counted once per batch', () => {
    // 16:30 UTC on 2 July is 00:30 on 3 July in China.
    const all = repo.settleBatch(receipt('b1', [1, 2, 3, 4].map((seq) => ({ seq, outcome: seq === 2 ? 'duplicate' : 'accepted' }))), '{}', sent([1, 2, 3, 4]), '2026-07-02T16:30:00.000Z');
    assert.deepEqual(all, { acknowledged: 4, rejected: 0, unanswered: 0 });
    assert.deepEqual(db.prepare(`SELECT batch_id, attempts FROM outbox WHERE seq = 3`).get(), { batch_id: 'b1', attempts: 1 }, 'a settled row names the batch of its stored receipt');
    assertCountersTrue(db, 'a receipt answering every row');
    assert.deepEqual(settledCounters(db), [
      { day: '2026-07-03', resource_code: 'R-A', delivered: 3, rejected: 0 },
      { day: '2026-07-03', resource_code: 'R-B', delivered: 1, rejected: 0 },
    ]);
  });

  test('a rejection, an unanswered row, a failed batch, a local rejection and a resend: the counters stay true', () => {
    const partial = repo.settleBatch(receipt('b2', [
      { seq: 5, outcome: 'accepted' },
      { seq: 6, outcome: 'rejected', code: 'INVALID_FIELD', reason: '字段不合规' },
      { seq: 7, outcome: 'accepted' },
    ]), '{}', sent([5, 6, 7, 8]), '2026-07-03T01:00:00.000Z');
    assert.deepEqual(partial, { acknowledged: 2, rejected: 1, unanswered: 1 });
    assertCountersTrue(db, 'a receipt with a rejection and an unanswered row');
    assert.deepEqual(repo.pendingRows(1).map((r) => r.seq), [8], 'the unanswered row waits for a later batch');

    repo.noteFailedBatch([8, 9, 10], '连接中断');
    assertCountersTrue(db, 'a failed batch');
    const failed = db.prepare(`SELECT state, attempts, last_error FROM outbox WHERE seq = 9`).get();
    assert.deepEqual(failed, { state: 'pending', attempts: 1, last_error: '连接中断' });

    repo.rejectLocally([{ seq: 11, code: 'NOT_SHAREABLE', reason: '不予共享' }], '2026-07-03T02:00:00.000Z');
    assertCountersTrue(db, 'a local rejection');

    repo.settleBatch(receipt('b3', [8, 9, 10, 12].map((seq) => ({ seq, outcome: 'accepted' }))), '{}', sent([8, 9, 10, 12]), '2026-07-03T03:00:00.000Z');
    assertCountersTrue(db, 'the rest delivered');
    assert.deepEqual(db.prepare(`SELECT state, batch_id, attempts, last_error FROM outbox WHERE seq = 9`).get(), { state: 'acknowledged', batch_id: 'b3', attempts: 2, last_error: null });
    // A batch sent again after a crash (its receipt came back before, the node did not see it):
    // rows already settled are not moved, nor counted, twice.
    const again = repo.settleBatch(receipt('b4', [{ seq: 1, outcome: 'duplicate' }, { seq: 6, outcome: 'rejected', code: 'INVALID_FIELD', reason: '字段不合规' }]), '{}', sent([1, 6]), '2026-07-03T04:00:00.000Z');
    assert.deepEqual(again, { acknowledged: 0, rejected: 0, unanswered: 0 });
    assertCountersTrue(db, 'a resend of settled rows');
    assert.equal(repo.queueDepth(), 0);
    assert.deepEqual(queueByState(db), { acknowledged: 10, in_flight: 0, pending: 0, rejected: 2 });
  });
});
