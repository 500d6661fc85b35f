// Migration 009: applies on top of version 8 with records in place, keeps them, and adds the
// withdrawn records' partial indexes holding the withdrawn rows only — so registering an
// active record writes nothing to them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { migrations } from './index';
import { recordsWithdrawnIndexes } from './009-records-withdrawn-indexes';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

const V8 = migrations.slice(0, 8);

describe('009 records withdrawn indexes', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V8);
    const insert = db.prepare(`INSERT INTO records (id, resource_code, version, status, unit, key_value, title, created_at, updated_at, updated_by) VALUES (?, ?, 1, ?, '扶贫办', NULL, 't', ?, ?, 'lixiao')`);
    for (let i = 1; i <= 30; i++) {
      const at = `2026-03-01T00:00:${String(i).padStart(2, '0')}.000Z`;
      insert.run(`r${String(i).padStart(2, '0')}`, i % 2 ? 'R-A' : 'R-B', i % 7 ? 'active' : 'withdrawn', at, at);
    }
    migrate(db, [...V8, recordsWithdrawnIndexes]);
  });
  after(() => fresh.cleanup());

  const ids = (text: string) => (db.prepare(text).all() as { id: string }[]).map((r) => r.id);

  test('is version 9, registered ninth', () => {
    assert.equal(recordsWithdrawnIndexes.version, 9);
    assert.equal(migrations[8], recordsWithdrawnIndexes);
    assert.equal(schemaVersion(db), 9);
  });

  test('keeps every record', () => {
    assert.equal((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n, 30);
  });

  test('the partial indexes hold the withdrawn records only, in list order', () => {
    assert.deepEqual(ids(`SELECT id FROM records INDEXED BY records_withdrawn_by_unit_time WHERE unit = '扶贫办' AND status = 'withdrawn' ORDER BY updated_at DESC, id DESC`), ['r28', 'r21', 'r14', 'r07']);
    assert.deepEqual(ids(`SELECT id FROM records INDEXED BY records_withdrawn_by_unit_resource_time WHERE unit = '扶贫办' AND resource_code = 'R-A' AND status = 'withdrawn' ORDER BY updated_at DESC, id DESC`), ['r21', 'r07']);
    // An index entry per withdrawn row and none for the active ones.
    const entries = (name: string) => (db.prepare(`SELECT count(*) AS n FROM records INDEXED BY ${name} WHERE unit = '扶贫办' AND status = 'withdrawn'`).get() as { n: number }).n;
    assert.equal(entries('records_withdrawn_by_unit_time'), 4);
  });
});
