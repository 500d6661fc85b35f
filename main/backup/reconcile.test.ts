// Epoch reconciliation after a restore, on a real encrypted database: which pending rows keep
// their key and which move into the new epoch, for what the exchange reports.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { migrate } from '../store/migrate';
import { getMeta, setMeta } from '../store/meta';
import { AuditLog } from '../audit/audit-log';
import { AuditRepo } from '../store/audit-repo';
import { RestoreRepo } from '../store/backup-restore-repo';
import { prepareRestoredDatabase } from './restore-prepare';
import { applyReconciliation } from './reconcile';
import type { Db } from '../store/database';

describe('reconciliation after a restore', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let audit: AuditLog;
  let restore: RestoreRepo;

  const row = (epoch: number, state: string, n: number) =>
    db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, state, created_at) VALUES (?, ?, 1, 'h', ?, '2026-01-01T00:00:00.000Z')`).run(epoch, `r${n}`, state);
  const epochs = () => (db.prepare('SELECT seq, epoch FROM outbox ORDER BY seq').all() as { seq: number; epoch: number }[]).map((r) => `${r.seq}:${r.epoch}`);

  beforeEach(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db);
    const key = randomBytes(32);
    setMeta(db, 'audit_key', key.toString('hex'));
    setMeta(db, 'node_id', 'node-1');
    setMeta(db, 'epoch', '1');
    audit = new AuditLog(new AuditRepo(db), key, () => new Date());
    restore = new RestoreRepo(db);
    // The backup: seqs 1–5 delivered, 6–10 still queued (10 was on the wire).
    for (let n = 1; n <= 10; n++) row(1, n <= 5 ? 'acknowledged' : n === 10 ? 'in_flight' : 'pending', n);
    const prepared = prepareRestoredDatabase({ restore, audit: new AuditRepo(db) }, { at: '2026-11-26T08:00:00.000Z', actor: 'admin', role: 'admin', backupCreatedAt: '2026-11-25T02:00:00.000Z', fileName: 'b.enbak', migration: false, replacedNodeId: null });
    assert.equal(prepared.provisionalEpoch, 2);
    // Registered on the restored node before it could reach the exchange.
    row(2, 'pending', 11);
    row(2, 'pending', 12);
  });
  afterEach(() => fresh.cleanup());

  test('the restore leaves a provisional epoch, in-flight rows pending, and an audit entry', () => {
    assert.equal(getMeta(db, 'epoch'), '2');
    assert.ok(restore.reconcilePending());
    assert.equal((db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'in_flight'`).get() as { n: number }).n, 0);
    assert.equal((db.prepare(`SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as { action: string }).action, 'backup.restore');
  });

  test('keys the exchange processed keep their key; keys it never saw and rows since the restore move to the new epoch', () => {
    const result = applyReconciliation(restore, audit, { '1': 8 });
    assert.deepEqual(result, { epoch: 2, kept: 3, moved: 2 });
    assert.deepEqual(epochs(), ['1:1', '2:1', '3:1', '4:1', '5:1', '6:1', '7:1', '8:1', '9:2', '10:2', '11:2', '12:2']);
    assert.equal(getMeta(db, 'epoch'), '2');
    assert.ok(!restore.reconcilePending());
    assert.ok(audit.verify().ok);
  });

  test('an exchange that already saw the provisional epoch (the lost node was restored once before) pushes the new epoch above it', () => {
    const result = applyReconciliation(restore, audit, { '1': 12, '2': 40 });
    assert.equal(result?.epoch, 3);
    assert.deepEqual(epochs(), ['1:1', '2:1', '3:1', '4:1', '5:1', '6:1', '7:1', '8:1', '9:1', '10:1', '11:3', '12:3']);
    assert.equal(getMeta(db, 'epoch'), '3');
  });

  test('an exchange that never heard of the node: every pending row moves to the new epoch', () => {
    const result = applyReconciliation(restore, audit, {});
    assert.deepEqual(result, { epoch: 2, kept: 0, moved: 5 });
    assert.deepEqual(epochs().slice(5), ['6:2', '7:2', '8:2', '9:2', '10:2', '11:2', '12:2']);
  });

  test('without a restore there is nothing to reconcile and nothing changes', () => {
    applyReconciliation(restore, audit, {});
    const before = epochs();
    assert.equal(applyReconciliation(restore, audit, { '1': 1 }), null);
    assert.deepEqual(epochs(), before);
  });

  test('a backup taken before reconciling, restored again: both provisional epochs are renumbered', () => {
    prepareRestoredDatabase({ restore, audit: new AuditRepo(db) }, { at: '2026-11-27T08:00:00.000Z', actor: 'admin', role: 'admin', backupCreatedAt: '2026-11-26T09:00:00.000Z', fileName: 'c.enbak', migration: false, replacedNodeId: null });
    assert.equal(getMeta(db, 'epoch'), '3');
    row(3, 'pending', 13);
    const result = applyReconciliation(restore, audit, { '1': 10 });
    assert.equal(result?.epoch, 3);
    assert.deepEqual(epochs().slice(10), ['11:3', '12:3', '13:3']);
  });
});
