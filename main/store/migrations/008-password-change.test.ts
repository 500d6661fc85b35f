// Migration 008: applies on top of version 7 with accounts in place, keeps every account as
// it was and able to work (no one is suddenly asked to change a password they chose), and
// accepts only 0 or 1 as the must-change flag.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { migrations } from './index';
import { passwordChange } from './008-password-change';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

const V7 = migrations.slice(0, 7);

describe('008 password change', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V7);
    const insert = db.prepare(`INSERT INTO users (username, display_name, role, unit, password_hash, created_at) VALUES (?, ?, ?, '扶贫办', 'h', 't')`);
    insert.run('admin', '王管理', 'admin');
    insert.run('lixiao', '李录入', 'clerk');
    migrate(db, [...V7, passwordChange]);
  });
  after(() => fresh.cleanup());

  test('is version 8, registered eighth', () => {
    assert.equal(passwordChange.version, 8);
    assert.equal(migrations[7], passwordChange);
    assert.equal(schemaVersion(db), 8);
  });

  test('accounts made before keep working: none must change its password', () => {
    assert.deepEqual(db.prepare('SELECT username, must_change_password FROM users ORDER BY id').all(), [
      { username: 'admin', must_change_password: 0 },
      { username: 'lixiao', must_change_password: 0 },
    ]);
  });

  test('the flag is 0 or 1 only', () => {
    assert.throws(() => db.prepare(`UPDATE users SET must_change_password = 2 WHERE username = 'lixiao'`).run(), /CHECK/);
    db.prepare(`UPDATE users SET must_change_password = 1 WHERE username = 'lixiao'`).run();
    assert.equal((db.prepare(`SELECT must_change_password AS m FROM users WHERE username = 'lixiao'`).get() as { m: number }).m, 1);
  });
});
