// Migration 005: applies on top of version 4 with audit entries in place, keeps them and the
// append-only triggers, and adds the indexes the auditor's filters read through — the failures'
// partial index holding the failures only.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { intake } from './003-intake';
import { status } from './004-status';
import { auditIndexes } from './005-audit-indexes';
import { migrations } from './index';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import type { Db } from '../database';

const V4 = [initialSchema, syncAndCertificates, intake, status];

describe('005 audit indexes', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V4);
    const insert = db.prepare(`INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash) VALUES (?, ?, ?, 'clerk', ?, '', ?, '{}', 'h')`);
    for (let i = 1; i <= 30; i++) insert.run(i, `2026-03-01T00:00:${String(i).padStart(2, '0')}.000Z`, i % 2 ? 'clerk' : 'admin', i % 3 ? 'record.create' : 'auth.login', i % 5 ? 'success' : 'failure');
    migrate(db, [...V4, auditIndexes]);
  });
  after(() => fresh.cleanup());

  const plan = (text: string, ...params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

  test('is version 5, registered fifth', () => {
    assert.equal(auditIndexes.version, 5);
    assert.equal(migrations[4], auditIndexes);
    assert.equal(schemaVersion(db), 5);
  });

  test('keeps the entries and the append-only triggers', () => {
    assert.equal((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 30);
    assert.throws(() => db.prepare(`DELETE FROM audit_log WHERE seq = 1`).run(), /append-only/);
    assert.throws(() => db.prepare(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`).run(), /append-only/);
  });

  test('adds the four indexes, and the failures index holds the failures only', () => {
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    assert.deepEqual(indexes, ['audit_log_by_action', 'audit_log_by_actor', 'audit_log_by_time', 'audit_log_failures']);
    const failures = db.prepare(`SELECT seq FROM audit_log INDEXED BY audit_log_failures WHERE outcome = 'failure' ORDER BY seq`).all() as { seq: number }[];
    assert.deepEqual(failures.map((r) => r.seq), [5, 10, 15, 20, 25, 30]);
  });

  test('a person\'s or an action\'s entries older than a seq are one index range in seq order (no sort)', () => {
    assert.match(plan(`SELECT * FROM audit_log WHERE actor = ? AND seq < ? ORDER BY seq DESC LIMIT 20`, 'clerk', 99), /USING INDEX audit_log_by_actor \(actor=\? AND rowid<\?\)$/);
    assert.match(plan(`SELECT * FROM audit_log WHERE action = ? AND seq < ? ORDER BY seq DESC LIMIT 20`, 'auth.login', 99), /USING INDEX audit_log_by_action \(action=\? AND rowid<\?\)$/);
    assert.match(plan(`SELECT count(*) FROM audit_log WHERE at >= ? AND at < ? AND actor = ?`, 'a', 'b', 'clerk'), /COVERING INDEX audit_log_by_time|INDEX audit_log_by_actor/);
  });
});
