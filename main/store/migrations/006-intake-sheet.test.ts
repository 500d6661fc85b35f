// Migration 006: applies on top of version 5 with imports recorded, keeps every row and its
// errors (ids and all), takes a finished import's sheet from its stored report, and makes
// (content, sheet, resource, unit) the file's identity.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { intake } from './003-intake';
import { status } from './004-status';
import { auditIndexes } from './005-audit-indexes';
import { intakeSheet } from './006-intake-sheet';
import { migrations } from './index';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

const V5 = [initialSchema, syncAndCertificates, intake, status, auditIndexes];

describe('006 intake sheet', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V5);
    const insert = db.prepare(
      `INSERT INTO intake_files (id, content_hash, resource_code, unit, file_name, source, actor, started_at, state, committed_through, imported, report)
       VALUES (?, ?, 'r', 'u', ?, 'cli', 'clerk', 't', ?, ?, ?, ?)`,
    );
    insert.run(1, 'book', 'a.xlsx', 'done', 12, 10, JSON.stringify({ sheet: '3月', imported: 10 }));
    insert.run(2, 'csv', 'b.csv', 'done', 5, 4, JSON.stringify({ sheet: null, imported: 4 }));
    insert.run(3, 'stopped', 'c.xlsx', 'partial', 500, 480, null);
    db.prepare(`INSERT INTO intake_errors (file_id, seq, row, col, value, reason) VALUES (1, 0, 3, '户主姓名', '', '必填'), (3, 0, 7, NULL, NULL, 'x')`).run();
    migrate(db, [...V5, intakeSheet]);
  });
  after(() => fresh.cleanup());

  test('is version 6, registered sixth', () => {
    assert.equal(intakeSheet.version, 6);
    assert.equal(migrations[5], intakeSheet);
    assert.equal(schemaVersion(db), 6);
  });

  test('keeps every import and its errors; a finished import gets the sheet its report names', () => {
    assert.deepEqual(db.prepare('SELECT id, content_hash, sheet, state, committed_through, imported FROM intake_files ORDER BY id').all(), [
      { id: 1, content_hash: 'book', sheet: '3月', state: 'done', committed_through: 12, imported: 10 },
      { id: 2, content_hash: 'csv', sheet: '', state: 'done', committed_through: 5, imported: 4 },
      { id: 3, content_hash: 'stopped', sheet: '', state: 'partial', committed_through: 500, imported: 480 },
    ]);
    assert.deepEqual(db.prepare('SELECT file_id, seq, row, reason FROM intake_errors ORDER BY file_id').all(), [
      { file_id: 1, seq: 0, row: 3, reason: '必填' },
      { file_id: 3, seq: 0, row: 7, reason: 'x' },
    ]);
  });

  test('one row per content, sheet, resource and unit; errors still reference their file', () => {
    const insert = db.prepare(`INSERT INTO intake_files (content_hash, sheet, resource_code, unit, file_name, source, actor, started_at) VALUES (?, ?, 'r', 'u', 'a.xlsx', 'cli', 'clerk', 't')`);
    insert.run('book', '4月'); // the second sheet of the same workbook
    assert.throws(() => insert.run('book', '3月'), /UNIQUE/);
    assert.throws(() => db.prepare(`INSERT INTO intake_errors (file_id, seq, row, reason) VALUES (99, 0, 1, 'x')`).run(), /FOREIGN KEY/);
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.match((db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'intake_errors'`).get() as { sql: string }).sql, /REFERENCES "?intake_files"? \(id\)/);
  });
});
