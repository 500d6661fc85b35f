// Upgrade endurance: a database as the first release made it, filled with every kind of data
// each schema holds, is taken through every registered migration one at a time (the list is
// read from main/store/migrations, so versions added later are covered without editing this
// file). After each step every row of every table that existed before is still there with
// the same values; at the end today's services read it all back and the audit chain
// verifies. And a migration killed with SIGKILL in a real child process leaves the database
// either at the version before (rolled back) or the one after, never in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { migrate, schemaVersion } from '../../main/store/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../main/store/migrations';
import type { Db } from '../../main/store/database';
import { openEncryptedDatabase } from '../../main/store/database';
import { buildNodeParts } from '../../main/core/services';
import { SessionStore } from '../../main/auth/sessions';
import { freshEncryptedDatabase, countRows } from '../support/raw-database';
import { createTestPki } from '../support/pki';
import { PASSWORDS } from '../support/test-node';
import type { SessionUser } from '../../common/contract';
import { UNIT, writeSchema1Data, writeSchema2Data, writeSchema3Data, writeSchema4Data, writeSchema6Data, type WrittenData } from './support/old-schema-data';

const LONG = process.env.EDGE_NODE_LONG === '1';
const PER_RESOURCE = LONG ? 2000 : 60;

/** Every table's rows, each as canonical text, sorted, with the columns they had. */
type Snapshot = Map<string, { columns: string[]; rows: string[] }>;

function tablesOf(db: Db): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

function rowsOf(db: Db, table: string, columns: readonly string[]): string[] {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return (db.prepare(`SELECT ${list} FROM "${table}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
}

function snapshot(db: Db): Snapshot {
  const result: Snapshot = new Map();
  for (const table of tablesOf(db)) {
    const columns = columnsOf(db, table);
    result.set(table, { columns, rows: rowsOf(db, table, columns) });
  }
  return result;
}

/** Checks that every table and row from before a migration is there after it, unchanged. */
function assertCarriedOver(db: Db, before: Snapshot, version: number): void {
  const now = new Set(tablesOf(db));
  for (const [table, { columns, rows }] of before) {
    assert.ok(now.has(table), `migration ${version} lost table ${table}`);
    const present = new Set(columnsOf(db, table));
    const missing = columns.filter((c) => !present.has(c));
    assert.deepEqual(missing, [], `migration ${version} dropped columns of ${table}`);
    const after = rowsOf(db, table, columns);
    assert.equal(after.length, rows.length, `migration ${version} changed the row count of ${table}`);
    assert.deepEqual(after, rows, `migration ${version} changed rows of ${table}`);
  }
}

function schemaText(db: Db): unknown[] {
  return db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all();
}

/** The schema a fresh database has at `version`, made by the same migrations. */
function referenceSchema(version: number): unknown[] {
  const fresh = freshEncryptedDatabase();
  try {
    migrate(fresh.db, migrations.slice(0, version));
    return schemaText(fresh.db);
  } finally {
    fresh.cleanup();
  }
}

test('a first-release database with every kind of data is migrated step by step to the current schema with nothing lost', { timeout: 110_000 }, async () => {
  const pki = createTestPki();
  const fresh = freshEncryptedDatabase();
  try {
    const db = fresh.db;
    assert.equal(migrate(db, migrations.slice(0, 1)), 1);
    const written: WrittenData = await writeSchema1Data(db, PER_RESOURCE);
    const fillers: Record<number, () => void> = {
      2: () => writeSchema2Data(db, written, { root: pki.root.certPem, certificate: pki.server.certPem, key: pki.server.keyPem, signing: pki.exchangeSigning.certPem }),
      3: () => writeSchema3Data(db),
      4: () => writeSchema4Data(db),
      6: () => writeSchema6Data(db),
    };
    const steps: string[] = [];
    for (const migration of migrations.slice(1)) {
      const before = snapshot(db);
      assert.equal(migrate(db, migrations.slice(0, migration.version)), migration.version);
      assertCarriedOver(db, before, migration.version);
      assert.equal((db.pragma('integrity_check', { simple: true }) as string), 'ok');
      // The data this version brought in, written as that release would have written it.
      fillers[migration.version]?.();
      steps.push(`${migration.version}${fillers[migration.version] ? '+数据' : ''}`);
    }
    assert.equal(schemaVersion(db), LATEST_SCHEMA_VERSION);
    assert.deepEqual(schemaText(db), referenceSchema(LATEST_SCHEMA_VERSION), 'the upgraded schema is the one a new node gets');
    console.log(`upgrade: 1 → ${steps.join(' → ')}; ${written.records.size} records, ${written.auditEntries} audit entries`);

    // Today's services over the upgraded database.
    const now = () => new Date();
    const parts = buildNodeParts(db, new SessionStore(now), now, 'upgrade-test', { automatic: false }, { watch: false });
    const { services } = parts;
    const verification = services.audit.verify();
    assert.equal(verification.ok, true, verification.message);
    assert.equal(verification.checked, written.auditEntries);

    const clerk: SessionUser = { username: 'clerk', displayName: '测试clerk', role: 'clerk', unit: UNIT };
    let versions = 0;
    for (const [id, expected] of written.records) {
      const { current, history } = services.records.get(clerk, id);
      const last = expected.versions[expected.versions.length - 1]!;
      assert.equal(current.version, last.version, id);
      assert.equal(current.status, last.status, id);
      assert.equal(current.resourceCode, expected.resourceCode, id);
      assert.deepEqual(
        [...history].sort((a, b) => a.version - b.version).map((v) => ({ version: v.version, status: v.status, fields: v.fields })),
        expected.versions,
        `every version of ${id}`,
      );
      versions += expected.versions.length;
    }
    assert.equal(countRows(db, 'record_versions'), versions);
    const listed = services.records.list(clerk, { page: 1, pageSize: 20 });
    assert.equal(listed.total, written.records.size, 'the list total counts every record');

    // The queue and its history carried over: what was delivered stays delivered, the rest waits.
    const sync = services.sync.status();
    const pending = countRows(db, 'outbox', `state = 'pending'`);
    assert.ok(pending > 0);
    assert.equal(sync.queueDepth, pending, 'the queue shows every row still waiting');
    assert.equal(countRows(db, 'outbox', `state = 'acknowledged' AND batch_id IS NULL`), 0, 'every delivered row names its receipt');

    // The upgraded node still works: accounts log in, a migrated record can be corrected.
    const login = await services.accounts.login('official', PASSWORDS.official);
    assert.equal(login.user.role, 'official');
    const [firstId, first] = [...written.records].find(([, r]) => r.versions.at(-1)!.status === 'active')!;
    const base = first.versions.at(-1)!;
    const corrected = services.records.correct(clerk, firstId, base.version, { ...base.fields }, '升级后更正');
    assert.equal(corrected.version, base.version + 1);
    assert.equal(services.audit.verify().ok, true);
    const status = services.status.get();
    assert.ok(status, 'the status page reads the upgraded database');
    await services.intake.stop();
    services.sync.stop();
  } finally {
    fresh.cleanup();
    pki.cleanup();
  }
});

test('a migration killed with SIGKILL leaves the database at the version before or after it, never half-migrated, and the upgrade then completes', { timeout: LONG ? 900_000 : 115_000 }, async () => {
  const BIG = LONG ? 1_000_000 : 100_000;
  // Each kill costs a child's start-up: by default the even versions and the newest one (where
  // the big table is read: 004's counters); EDGE_NODE_LONG=1 kills inside every migration.
  const toKill = new Set(migrations.map((m) => m.version).filter((v) => v > 1 && (LONG || v % 2 === 0 || v === LATEST_SCHEMA_VERSION)));
  const fresh = freshEncryptedDatabase();
  try {
    migrate(fresh.db, migrations.slice(0, 1));
    // A big first-release table, so the migrations that read it (the status counters) take a while.
    fresh.db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BIG})
      INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at, reason)
      SELECT printf('r%08d', i), 1, CASE i % 3 WHEN 0 THEN '203001-00001' WHEN 1 THEN '101001-00001' ELSE '212001-00001' END,
             'active', json_object('n', i, 'x', hex(randomblob(8))), '扶贫办', 'clerk',
             strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', printf('+%d minutes', i)), NULL
      FROM n;
      INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at)
      SELECT 1, record_id, 1, hex(randomblob(32)), created_at FROM record_versions;
    `);
    const carried = { versions: countRows(fresh.db, 'record_versions'), outbox: countRows(fresh.db, 'outbox') };
    fresh.db.close();

    const references = new Map<number, unknown[]>();
    const reference = (v: number) => references.get(v) ?? (references.set(v, referenceSchema(v)), references.get(v)!);
    const killedAt = new Set<number>();
    const outcomes: string[] = [];
    for (let round = 0; round <= migrations.length + 1; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/endurance/support/migrate-child.ts', fresh.file], {
        cwd: process.cwd(),
        env: { ...process.env, EDGE_NODE_TEST_DB_KEY: fresh.key.toString('hex') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let killedDuring: number | null = null;
      let finished: number | null = null;
      for await (const line of createInterface({ input: child.stdout! })) {
        const started = /^migrating (\d+)$/.exec(line);
        if (started && toKill.has(Number(started[1])) && !killedAt.has(Number(started[1]))) {
          killedDuring = Number(started[1]);
          killedAt.add(killedDuring);
          child.kill('SIGKILL');
          break;
        }
        const done = /^done (\d+)$/.exec(line);
        if (done) finished = Number(done[1]);
      }
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');

      const db = openEncryptedDatabase(fresh.file, fresh.key);
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
        const version = schemaVersion(db);
        assert.deepEqual(schemaText(db), reference(version), `the schema is exactly version ${version}'s`);
        assert.equal(countRows(db, 'record_versions'), carried.versions);
        assert.equal(countRows(db, 'outbox'), carried.outbox);
        if (killedDuring === null) {
          assert.equal(finished, LATEST_SCHEMA_VERSION, 'the child finished the upgrade');
          assert.equal(version, LATEST_SCHEMA_VERSION);
          outcomes.push('完成');
          break;
        }
        // A quick migration may commit (and the next ones too) before the kill lands: the
        // child writes ahead of the parent's reading. Never below the version it started from.
        assert.ok(version >= killedDuring - 1, `killed during ${killedDuring}, found ${version}`);
        outcomes.push(version === killedDuring - 1 ? `${killedDuring}回滚` : `${killedDuring}时已到${version}`);
      } finally {
        db.close();
      }
    }
    console.log(`interrupted upgrade: ${outcomes.join(', ')}`);
    assert.equal(outcomes.at(-1), '完成', 'the upgrade completed after the kills');
    assert.ok(outcomes.some((o) => o.endsWith('回滚')), 'at least one kill landed inside a migration and was rolled back');
  } finally {
    fresh.cleanup();
  }
});
