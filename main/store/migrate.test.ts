// Schema migrations: applied in order, each in its own transaction with its user_version
// bump; a database from a newer app is refused untouched.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DatabaseTooNewError, migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations';
import type { Migration } from './migrations/migration';
import type { Db } from './database';
import { dataPaths } from '../../platform/data-paths';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { freshEncryptedDatabase, openRawDatabase } from '../../test/support/raw-database';
import { startSetUpNode, PASSWORDS } from '../../test/support/test-node';
import { povertyHouseholdFields } from '../../test/support/sample-records';

/** Everything a migration could change: the schema text and the version. */
function schemaOf(db: Db): { version: number; objects: unknown[] } {
  return {
    version: schemaVersion(db),
    objects: db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all(),
  };
}

const addTable = (version: number, table: string): Migration => ({
  version,
  name: `add ${table}`,
  up: (db) => db.exec(`CREATE TABLE ${table} (x INTEGER) STRICT; INSERT INTO ${table} VALUES (${version});`),
});

describe('migrate', () => {
  test('brings a fresh encrypted database to the latest version', () => {
    const fresh = freshEncryptedDatabase();
    try {
      assert.equal(schemaVersion(fresh.db), 0);
      assert.equal(migrate(fresh.db), LATEST_SCHEMA_VERSION);
      assert.equal(fresh.db.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
      assert.equal(LATEST_SCHEMA_VERSION, migrations.length);
    } finally {
      fresh.cleanup();
    }
  });

  test('running it again changes nothing and keeps the data', () => {
    const fresh = freshEncryptedDatabase();
    try {
      migrate(fresh.db);
      fresh.db.prepare(`INSERT INTO meta (key, value) VALUES ('node_id', 'n1')`).run();
      const before = schemaOf(fresh.db);
      assert.equal(migrate(fresh.db), LATEST_SCHEMA_VERSION);
      assert.deepEqual(schemaOf(fresh.db), before);
      assert.deepEqual(fresh.db.prepare('SELECT key, value FROM meta').all(), [{ key: 'node_id', value: 'n1' }]);
    } finally {
      fresh.cleanup();
    }
  });

  test('a database from a newer version is refused with DatabaseTooNewError, in Chinese, and left as it was', () => {
    const fresh = freshEncryptedDatabase();
    try {
      migrate(fresh.db);
      fresh.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      const before = schemaOf(fresh.db);
      assert.throws(
        () => migrate(fresh.db, [...migrations]),
        (error: unknown) => {
          assert.ok(error instanceof DatabaseTooNewError, 'expected error instanceof DatabaseTooNewError');
          assert.equal(error.found, LATEST_SCHEMA_VERSION + 1);
          assert.equal(error.supported, LATEST_SCHEMA_VERSION);
          assert.match(error.message, new RegExp(`数据库版本（${LATEST_SCHEMA_VERSION + 1}）高于本程序支持的版本（${LATEST_SCHEMA_VERSION}）`));
          assert.match(error.message, /数据未作任何改动/);
          return true;
        },
      );
      assert.deepEqual(schemaOf(fresh.db), before);
    } finally {
      fresh.cleanup();
    }
  });

  test('a migration that fails leaves the version and the schema as they were (each migration is one transaction)', () => {
    const fresh = freshEncryptedDatabase();
    try {
      const failing: Migration = {
        version: 2,
        name: 'fails half-way',
        up(db) {
          db.exec('CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO half_done VALUES (1);');
          db.exec(`ALTER TABLE first_table ADD COLUMN note TEXT`);
          throw new Error('disk full (simulated)');
        },
      };
      const good = addTable(1, 'first_table');
      assert.throws(() => migrate(fresh.db, [good, failing]), /disk full/);
      // The good migration before it stays applied; the failing one left no trace.
      assert.equal(schemaVersion(fresh.db), 1);
      const before = schemaOf(fresh.db);
      assert.ok(!JSON.stringify(before.objects).includes('half_done'), 'a table of the failed migration survived');
      assert.ok(!JSON.stringify(before.objects).includes('note'), 'a column of the failed migration survived');
      assert.throws(() => migrate(fresh.db, [good, failing]), /disk full/);
      assert.deepEqual(schemaOf(fresh.db), before);

      // A SQL error inside a migration is rolled back the same way.
      const badSql: Migration = { version: 2, name: 'bad sql', up: (db) => db.exec('CREATE TABLE t2 (x INTEGER); INSERT INTO no_such_table VALUES (1);') };
      assert.throws(() => migrate(fresh.db, [good, badSql]), /no such table/);
      assert.deepEqual(schemaOf(fresh.db), before);

      // Once fixed, it applies.
      assert.equal(migrate(fresh.db, [good, addTable(2, 'second_table')]), 2);
      assert.deepEqual(fresh.db.prepare('SELECT x FROM second_table').all(), [{ x: 2 }]);
    } finally {
      fresh.cleanup();
    }
  });

  test('out-of-order, duplicate or gapped migration lists are refused before anything runs', () => {
    const fresh = freshEncryptedDatabase();
    try {
      const before = schemaOf(fresh.db);
      for (const list of [
        [addTable(2, 'b'), addTable(1, 'a')],
        [addTable(1, 'a'), addTable(1, 'a2')],
        [addTable(1, 'a'), addTable(3, 'c')],
        [addTable(2, 'b')],
      ]) {
        assert.throws(() => migrate(fresh.db, list), /has version \d+, expected \d+/);
        assert.deepEqual(schemaOf(fresh.db), before);
      }
    } finally {
      fresh.cleanup();
    }
  });

  test('openNode refuses a data folder whose database is from a newer version, with the Chinese message, and leaves the file unchanged', async () => {
    const t = await startSetUpNode();
    try {
      const created = await t.call(t.tokens.clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() });
      assert.ok(created.ok, 'expected created.ok');
      t.node.close();
      const raw = await openRawDatabase(t.dataDir, t.keyFile);
      raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      raw.close();
      const file = dataPaths(t.dataDir).database;
      const hash = () => createHash('sha256').update(readFileSync(file)).digest('hex');
      const before = hash();

      await assert.rejects(t.reopen(), (error: unknown) => {
        assert.ok(error instanceof DatabaseTooNewError, String(error));
        assert.match(error.message, /高于本程序支持的版本.*数据未作任何改动/);
        return true;
      });
      assert.equal(hash(), before, 'the refused database file was modified');

      // Put back by a (hypothetical) newer app's downgrade: the data is intact and the lock was released.
      const fix = await openRawDatabase(t.dataDir, t.keyFile);
      fix.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
      fix.close();
      await t.reopen();
      const clerk = await t.login('clerk', PASSWORDS.clerk);
      const got = await t.call(clerk, 'records.get', { id: created.value.id });
      assert.ok(got.ok, JSON.stringify(got));
    } finally {
      t.cleanup();
    }
  });
});
