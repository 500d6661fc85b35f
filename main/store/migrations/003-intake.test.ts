// Migration 003: applies on top of version 2 with records in place, keeps them, and adds the
// intake tables with their constraints (one row per file content, resource and unit).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { intake } from './003-intake';
import { migrations } from './index';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

describe('003 intake', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, [initialSchema, syncAndCertificates]);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', '1')`).run();
    migrate(db, [initialSchema, syncAndCertificates, intake]);
  });
  after(() => fresh.cleanup());

  test('is version 3, registered third', () => {
    assert.equal(intake.version, 3);
    assert.equal(migrations[2], intake);
    assert.equal(schemaVersion(db), 3);
  });

  test('keeps what was there', () => {
    assert.deepEqual(db.prepare('SELECT key, value FROM meta').all(), [{ key: 'epoch', value: '1' }]);
  });

  test('one row per file content, resource and unit; states and sources are checked', () => {
    const insert = db.prepare(`INSERT INTO intake_files (content_hash, resource_code, unit, file_name, source, actor, started_at, state) VALUES (?, ?, ?, 'a.csv', ?, 'clerk', 't', ?)`);
    insert.run('h', 'r', 'u', 'upload', 'partial');
    insert.run('h', 'r', 'other unit', 'watch', 'done');
    assert.throws(() => insert.run('h', 'r', 'u', 'cli', 'partial'), /UNIQUE/);
    assert.throws(() => insert.run('h2', 'r', 'u', 'email', 'partial'), /CHECK/);
    assert.throws(() => insert.run('h3', 'r', 'u', 'cli', 'half'), /CHECK/);
    db.prepare(`INSERT INTO intake_errors (file_id, seq, row, col, value, reason) VALUES (1, 0, 3, '户主姓名', '', '必填')`).run();
    assert.throws(() => db.prepare(`INSERT INTO intake_errors (file_id, seq, row, reason) VALUES (99, 0, 1, 'x')`).run(), /FOREIGN KEY/);
  });
});
