// Migration 002: applies on top of a database at version 1 that already holds records and
// outbox rows, keeps every row, and adds the credential, settings, state and receipt tables
// with their single rows and constraints.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { migrations } from './index';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

describe('002 sync and certificates', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, [initialSchema]);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', '1')`).run();
    const outbox = db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, state, created_at) VALUES (1, ?, 1, 'h', ?, '2026-01-01T00:00:00.000Z')`);
    outbox.run('r1', 'pending');
    outbox.run('r2', 'acknowledged');
    outbox.run('r3', 'in_flight');
    // Up to version 2 exactly: later migrations have their own tests.
    migrate(db, [initialSchema, syncAndCertificates]);
  });
  after(() => fresh.cleanup());

  test('is version 2, registered second', () => {
    assert.equal(syncAndCertificates.version, 2);
    assert.equal(migrations[1], syncAndCertificates);
    assert.equal(schemaVersion(db), 2);
  });

  test('keeps the outbox rows of version 1 as they were, with the new columns empty', () => {
    const rows = db.prepare('SELECT seq, record_id, state, batch_id, reject_code, reject_reason, settled_at FROM outbox ORDER BY seq').all();
    assert.deepEqual(rows, [
      { seq: 1, record_id: 'r1', state: 'pending', batch_id: null, reject_code: null, reject_reason: null, settled_at: null },
      { seq: 2, record_id: 'r2', state: 'acknowledged', batch_id: null, reject_code: null, reject_reason: null, settled_at: null },
      { seq: 3, record_id: 'r3', state: 'in_flight', batch_id: null, reject_code: null, reject_reason: null, settled_at: null },
    ]);
    assert.deepEqual(db.prepare('SELECT key, value FROM meta').all(), [{ key: 'epoch', value: '1' }]);
  });

  test('creates one row each of credentials, settings and state, with safe defaults', () => {
    assert.deepEqual(db.prepare('SELECT id, private_key_pem, certificate_pem, root_pem, chain_pem FROM node_credentials').all(), [
      { id: 1, private_key_pem: null, certificate_pem: null, root_pem: null, chain_pem: '' },
    ]);
    assert.deepEqual(db.prepare('SELECT * FROM sync_settings').all(), [
      { id: 1, exchange_url: '', bandwidth_kibps: 0, batch_max_items: 500, batch_max_bytes: 1048576, interval_seconds: 300 },
    ]);
    const state = db.prepare('SELECT paused, link, consecutive_failures, high_water_mark FROM sync_state').get();
    assert.deepEqual(state, { paused: 0, link: 'not-configured', consecutive_failures: 0, high_water_mark: 0 });
  });

  test('the single rows stay single, and impossible settings are refused', () => {
    assert.throws(() => db.prepare('INSERT INTO node_credentials (id) VALUES (2)').run(), /CHECK constraint/);
    assert.throws(() => db.prepare('INSERT INTO sync_state (id) VALUES (1)').run(), /UNIQUE constraint/);
    assert.throws(() => db.prepare('UPDATE sync_settings SET batch_max_items = 5000').run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE sync_state SET link = 'sideways'`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE sync_state SET paused = 2`).run(), /CHECK constraint/);
  });

  test('receipts are keyed by batch id', () => {
    const insert = db.prepare(
      `INSERT INTO receipts (batch_id, epoch, first_seq, last_seq, items, accepted, rejected, high_water_mark, server_time, received_at, signed_receipt)
       VALUES ('b1', 1, 1, 2, 2, 2, 0, 2, 't', 't', '{}')`,
    );
    insert.run();
    assert.throws(() => insert.run(), /UNIQUE constraint/);
  });
});
