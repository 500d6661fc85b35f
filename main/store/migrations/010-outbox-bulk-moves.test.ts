// Migration 010: on top of version 9 with a queue in place, the two bulk moves of that
// version's sync repo (a batch put on the wire, its receipt settled) fire no counting trigger
// — the repo counted them itself — and every other move still counts row by row.
// (How today's repo keeps the counters true through a whole drain: 011's test.)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { migrations } from './index';
import { outboxBulkMoves } from './010-outbox-bulk-moves';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import { assertCountersTrue, queueCounters, queueTwelveRecords, settledCounters } from '../../../test/support/outbox-counters';
import type { Db } from '../database';

const V9 = migrations.slice(0, 9);

describe('010 outbox bulk moves', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V9);
    queueTwelveRecords(db);
    migrate(db, [...V9, outboxBulkMoves]);
  });
  after(() => fresh.cleanup());

  test('is version 10, registered tenth', () => {
    assert.equal(outboxBulkMoves.version, 10);
    assert.equal(migrations[9], outboxBulkMoves);
    assert.equal(schemaVersion(db), 10);
    assertCountersTrue(db, 'the migration');
  });

  test('its two bulk moves fire no counting trigger; a rejection still counts row by row', () => {
    db.prepare(`UPDATE outbox SET state = 'in_flight' WHERE seq BETWEEN 1 AND 4`).run();
    db.prepare(`UPDATE outbox SET state = 'acknowledged', settled_at = '2026-07-02T16:30:00.000Z' WHERE seq BETWEEN 1 AND 2`).run();
    assert.deepEqual(queueCounters(db), { acknowledged: 0, in_flight: 0, pending: 12, rejected: 0 }, 'the bulk moves are left to the repo');
    assert.deepEqual(settledCounters(db), []);
    // 16:30 UTC on 2 July is 00:30 on 3 July in China.
    db.prepare(`UPDATE outbox SET state = 'rejected', settled_at = '2026-07-02T16:30:00.000Z' WHERE seq = 6`).run();
    assert.deepEqual(queueCounters(db), { acknowledged: 0, in_flight: 0, pending: 11, rejected: 1 });
    assert.deepEqual(settledCounters(db), [{ day: '2026-07-03', resource_code: 'R-B', delivered: 0, rejected: 1 }]);
  });
});
