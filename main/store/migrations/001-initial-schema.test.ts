// Migration 001: the foundation schema. Checks the tables the rest of the core relies on,
// the constraints that protect the data, and that the audit log is append-only in the
// schema itself.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { migrations } from './index';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

describe('001 initial schema', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    db.transaction(() => initialSchema.up(db))();
  });
  after(() => fresh.cleanup());

  const names = (type: string) =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[]).map((r) => r.name);

  test('is version 1, registered first', () => {
    assert.equal(initialSchema.version, 1);
    assert.equal(migrations[0], initialSchema);
  });

  test('creates the tables, indexes and audit triggers', () => {
    assert.deepEqual(names('table'), ['audit_log', 'meta', 'outbox', 'record_counts', 'record_versions', 'records', 'users']);
    for (const index of ['records_by_unit_time', 'records_by_unit_resource_time', 'records_by_key', 'outbox_by_state']) {
      assert.ok(names('index').includes(index), `index ${index} missing`);
    }
    assert.deepEqual(names('trigger'), ['audit_log_no_delete', 'audit_log_no_update', 'outbox_no_delete']);
  });

  test('outbox rows are never deleted, so a seq (part of the idempotency key) is never reused', () => {
    const insert = db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, 1, 'h', 'a')`);
    const first = Number(insert.run('seq-a').lastInsertRowid);
    assert.throws(() => db.prepare(`DELETE FROM outbox WHERE seq = ?`).run(first), /never deleted/);
    const second = Number(insert.run('seq-b').lastInsertRowid);
    assert.ok(second > first, `seq went from ${first} to ${second}`);
  });

  test('the audit log is append-only: UPDATE and DELETE raise, the row stays as written', () => {
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash)
       VALUES (1, '2026-01-01T00:00:00.000Z', 'admin', 'admin', 'node.setup', '', 'success', '{}', 'h1')`,
    ).run();
    assert.throws(() => db.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 1`).run(), /append-only/);
    assert.throws(() => db.prepare(`DELETE FROM audit_log WHERE seq = 1`).run(), /append-only/);
    assert.throws(() => db.prepare(`DELETE FROM audit_log`).run(), /append-only/);
    const row = db.prepare('SELECT actor, hash FROM audit_log WHERE seq = 1').get();
    assert.deepEqual(row, { actor: 'admin', hash: 'h1' });
    // Appending is still allowed.
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash)
       VALUES (2, '2026-01-01T00:00:01.000Z', 'admin', 'admin', 'auth.login', 'admin', 'failure', '{}', 'h2')`,
    ).run();
    assert.equal((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 2);
  });

  test('constraints refuse impossible values: unknown role or status, duplicate usernames in any case, a second outbox row per version', () => {
    const user = db.prepare(
      `INSERT INTO users (username, display_name, role, unit, password_hash, created_at) VALUES (?, '张三', ?, '扶贫办', 'scrypt$x', '2026-01-01')`,
    );
    user.run('zhangsan', 'clerk');
    assert.throws(() => user.run('lisi', 'root'), /CHECK constraint/);
    assert.throws(() => user.run('ZhangSan', 'clerk'), /UNIQUE constraint/);

    assert.throws(
      () =>
        db.prepare(
          `INSERT INTO records (id, resource_code, version, status, unit, title, created_at, updated_at, updated_by)
           VALUES ('r1', 'x', 1, 'deleted', 'u', 't', 'a', 'a', 'b')`,
        ).run(),
      /CHECK constraint/,
    );

    const outbox = db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, 'r1', ?, 'h', 'a')`);
    outbox.run(1);
    assert.throws(() => outbox.run(1), /UNIQUE constraint/);
    assert.equal((db.prepare(`SELECT state FROM outbox WHERE record_id = 'r1'`).get() as { state: string }).state, 'pending');
  });

  test('tables are STRICT: a value of the wrong type is refused, not silently stored', () => {
    assert.throws(
      () => db.prepare(`INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at) VALUES ('r', 'two', 'x', 'active', '{}', 'u', 'a', 'c')`).run(),
      /cannot store TEXT value in INTEGER column/,
    );
  });
});
