// The audit log: hash-chained and append-only. An attacker who holds the database key can
// drop the triggers and rewrite rows, but cannot recompute the chain without the chain key
// (and the head kept beside it), so verify() names the first entry that no longer fits.
// Entries record who did what, never what a record contains.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AuditLog } from './audit-log';
import { AuditRepo } from '../store/audit-repo';
import { migrate } from '../store/migrate';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { countRows, freshEncryptedDatabase } from '../../test/support/raw-database';
import { startSetUpNodeWithRaw, type SetUpNodeWithRaw, PASSWORDS, ADMIN } from '../../test/support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../../test/support/sample-records';

const ENTRIES = 60;

/** A fresh database with a log of `n` entries, and an attacker's hands on it. */
function logWith(n: number) {
  const fresh = freshEncryptedDatabase();
  migrate(fresh.db);
  let clock = Date.parse('2026-03-01T08:00:00Z');
  const log = new AuditLog(new AuditRepo(fresh.db), randomBytes(32), () => new Date((clock += 1000)));
  for (let i = 1; i <= n; i++) {
    log.append({ actor: `user${i % 3}`, role: 'clerk', action: i % 2 ? 'record.create' : 'auth.login', target: `t${i}`, outcome: 'success', detail: { n: i } });
  }
  return {
    db: fresh.db,
    log,
    cleanup: fresh.cleanup,
    /** What someone with the database key can do: remove the append-only triggers. */
    dropTriggers() {
      fresh.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    },
  };
}

describe('audit chain verification', () => {
  test(`a chain of ${ENTRIES} entries verifies`, () => {
    const l = logWith(ENTRIES);
    try {
      assert.deepEqual(l.log.verify(), { ok: true, checked: ENTRIES, firstBadSeq: null, message: `审计日志完整，共校验 ${ENTRIES} 条` });
      assert.equal(l.log.head().seq, ENTRIES);
    } finally {
      l.cleanup();
    }
  });

  test('without dropping its triggers, the log cannot be edited or deleted even with the key', () => {
    const l = logWith(5);
    try {
      assert.throws(() => l.db.prepare(`UPDATE audit_log SET outcome = 'failure' WHERE seq = 2`).run(), /append-only/);
      assert.throws(() => l.db.prepare(`DELETE FROM audit_log WHERE seq = 5`).run(), /append-only/);
      assert.equal(l.log.verify().ok, true);
    } finally {
      l.cleanup();
    }
  });

  for (const [column, value] of [
    ['actor', 'someone_else'],
    ['outcome', 'failure'],
    ['detail', '{"n":999}'],
    ['at', '2020-01-01T00:00:00.000Z'],
    ['target', 'other'],
  ] as const) {
    test(`editing an entry's ${column} is detected at that entry`, () => {
      const l = logWith(ENTRIES);
      try {
        l.dropTriggers();
        l.db.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = 17`).run(value);
        const result = l.log.verify();
        assert.equal(result.ok, false);
        assert.equal(result.firstBadSeq, 17);
        assert.equal(result.checked, 16);
        assert.match(result.message, /第 17 条.*篡改/);
      } finally {
        l.cleanup();
      }
    });
  }

  test('replacing an entry and its hash with a recomputed plain SHA-256 or another key’s HMAC is detected', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const l = logWith(10);
    try {
      l.dropTriggers();
      l.db.prepare(`UPDATE audit_log SET actor = 'x', hash = ? WHERE seq = 4`).run(createHash('sha256').update('x').digest('hex'));
      assert.equal(l.log.verify().firstBadSeq, 4);
      l.db.prepare(`UPDATE audit_log SET hash = ? WHERE seq = 4`).run(createHmac('sha256', randomBytes(32)).update('x').digest('hex'));
      assert.equal(l.log.verify().firstBadSeq, 4);
    } finally {
      l.cleanup();
    }
  });

  test('deleting an entry in the middle is detected', () => {
    const l = logWith(ENTRIES);
    try {
      l.dropTriggers();
      l.db.prepare('DELETE FROM audit_log WHERE seq = 30').run();
      const result = l.log.verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, 30);
      assert.match(result.message, /第 30 条缺失/);
    } finally {
      l.cleanup();
    }
  });

  test('deleting the first entry is detected', () => {
    const l = logWith(5);
    try {
      l.dropTriggers();
      l.db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
      assert.equal(l.log.verify().firstBadSeq, 1);
    } finally {
      l.cleanup();
    }
  });

  test('deleting a middle entry and renumbering the rest is detected', () => {
    const l = logWith(12);
    try {
      l.dropTriggers();
      l.db.exec('DELETE FROM audit_log WHERE seq = 6; UPDATE audit_log SET seq = -seq WHERE seq > 6; UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0;');
      assert.equal(countRows(l.db, 'audit_log'), 11);
      const result = l.log.verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, 6);
    } finally {
      l.cleanup();
    }
  });

  test('cutting off the newest entries (truncation) is detected', () => {
    const l = logWith(ENTRIES);
    try {
      l.dropTriggers();
      l.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(ENTRIES - 3);
      const result = l.log.verify();
      assert.equal(result.ok, false);
      assert.equal(result.checked, ENTRIES - 3);
      assert.equal(result.firstBadSeq, ENTRIES - 2);
      assert.match(result.message, new RegExp(`应有 ${ENTRIES} 条，实有 ${ENTRIES - 3} 条.*截断`));
    } finally {
      l.cleanup();
    }
  });

  test('emptying the whole log is detected', () => {
    const l = logWith(5);
    try {
      l.dropTriggers();
      l.db.exec('DELETE FROM audit_log');
      const result = l.log.verify();
      assert.equal(result.ok, false);
      assert.match(result.message, /截断/);
    } finally {
      l.cleanup();
    }
  });

  test('swapping two entries (reordering) is detected', () => {
    const l = logWith(ENTRIES);
    try {
      l.dropTriggers();
      // Swap the contents of rows 20 and 21 (seq stays with the position).
      l.db.exec('UPDATE audit_log SET seq = -1 WHERE seq = 20; UPDATE audit_log SET seq = 20 WHERE seq = 21; UPDATE audit_log SET seq = 21 WHERE seq = -1;');
      const result = l.log.verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBadSeq, 20);
    } finally {
      l.cleanup();
    }
  });

  test('entries appended after a verification keep the chain valid', () => {
    const l = logWith(3);
    try {
      assert.equal(l.log.verify().ok, true);
      l.log.append({ actor: 'a', role: 'auditor', action: 'audit.verify', outcome: 'success', detail: { checked: 3 } });
      assert.deepEqual(l.log.verify().checked, 4);
      assert.equal(l.log.verify().ok, true);
    } finally {
      l.cleanup();
    }
  });

  test('details that look like secrets or record contents are refused before anything is written', () => {
    const l = logWith(1);
    try {
      for (const name of ['password', 'newPassword', 'token', 'recoveryPassphrase', 'fields', 'apiKey']) {
        assert.throws(() => l.log.append({ actor: 'a', role: 'admin', action: 'sync.now', outcome: 'success', detail: { [name]: 'v' } }), /must not carry/);
      }
      assert.equal(countRows(l.db, 'audit_log'), 1);
      assert.equal(l.log.verify().ok, true);
    } finally {
      l.cleanup();
    }
  });
});

describe('audit log of a running node', () => {
  let t: SetUpNodeWithRaw;
  const NAME = '测试甄隐秘';
  const ID = makeIdNumber(731, '19750615');
  const PHONE = '13907551234';
  const WRONG_PASSWORD = 'Wrong#Guess-2026';
  let recordId: string;

  before(async () => {
    t = await startSetUpNodeWithRaw();
  });
  after(() => t.cleanup());

  type Row = { seq: number; actor: string; role: string; action: string; target: string; outcome: string; detail: string };
  const rows = (where = '1 = 1', ...params: unknown[]) =>
    t.raw.prepare(`SELECT seq, actor, role, action, target, outcome, detail FROM audit_log WHERE ${where} ORDER BY seq`).all(...params) as Row[];

  test('record create, correct and withdraw are recorded with who and which record — and never the record’s contents', async () => {
    const clerk = t.tokens.clerk;
    const created = await t.call(clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: ID, phone: PHONE }),
    });
    assert.ok(created.ok, JSON.stringify(created));
    recordId = created.value.id;
    const corrected = await t.call(clerk, 'records.correct', {
      id: recordId, baseVersion: 1, reason: '家庭人口变化', fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: ID, phone: PHONE, household_size: '5' }),
    });
    assert.ok(corrected.ok, JSON.stringify(corrected));
    const withdrawn = await t.call(clerk, 'records.withdraw', { id: recordId, baseVersion: 2, reason: '户主已迁出本镇' });
    assert.ok(withdrawn.ok, JSON.stringify(withdrawn));
    // A lookup by ID number is not a change, but its key must not end up in the log either.
    assert.ok((await t.call(clerk, 'records.findByKey', { key: ID })).ok, 'expected (await t.call(clerk, \'records.findByKey\', { key: ID })).ok');

    const recordRows = rows('target = ?', recordId);
    assert.deepEqual(
      recordRows.map((r) => [r.actor, r.role, r.action, r.outcome]),
      [
        ['clerk', 'clerk', 'record.create', 'success'],
        ['clerk', 'clerk', 'record.correct', 'success'],
        ['clerk', 'clerk', 'record.withdraw', 'success'],
      ],
    );

    const everything = JSON.stringify(t.raw.prepare('SELECT * FROM audit_log').all());
    for (const secret of [NAME, ID, ID.slice(6, 14), PHONE, '家庭人口变化', '户主已迁出本镇']) {
      assert.equal(everything.includes(secret), false, `the audit log contains "${secret}"`);
    }
    // The auditor's view says the same.
    const listed = await t.call(t.tokens.auditor, 'audit.list', { pageSize: 200 });
    assert.ok(listed.ok, 'expected listed.ok');
    assert.equal(JSON.stringify(listed.value).includes(NAME), false);
    assert.equal(JSON.stringify(listed.value).includes(ID), false);
  });

  test('failed logins are recorded as failures, without the password that was tried', async () => {
    const before = rows(`action = 'auth.login' AND outcome = 'failure'`).length;
    const answer = await t.node.dispatch(null, 'auth.login', { username: 'clerk', password: WRONG_PASSWORD });
    assert.equal(answer.result.ok, false);
    const unknown = await t.node.dispatch(null, 'auth.login', { username: 'nobody_here', password: WRONG_PASSWORD });
    assert.equal(unknown.result.ok, false);
    const failures = rows(`action = 'auth.login' AND outcome = 'failure'`);
    assert.equal(failures.length, before + 2);
    // An existing account is named; what was typed for an unknown one is not kept at all (it
    // may be a password typed into the user box).
    assert.deepEqual(failures.slice(-2).map((r) => [r.actor, r.target]), [['clerk', 'clerk'], ['-', '-']]);
    const everything = JSON.stringify(t.raw.prepare('SELECT * FROM audit_log').all());
    assert.equal(everything.includes(WRONG_PASSWORD), false);
    assert.equal(everything.includes('nobody_here'), false);
    // A successful login is recorded too.
    await t.login('clerk', PASSWORDS.clerk);
    assert.deepEqual(rows().at(-1)!.action, 'auth.login');
    assert.deepEqual(rows().at(-1)!.outcome, 'success');
  });

  test('account changes are recorded: create, disable, enable, unlock, password change', async () => {
    const admin = t.tokens.admin;
    const newPassword = 'Temp#Pass-2026x';
    const created = await t.call(admin, 'users.create', { username: 'auditee', displayName: '被审计', role: 'clerk', unit: '民政办', password: newPassword });
    assert.ok(created.ok, 'expected created.ok');
    assert.ok((await t.call(admin, 'users.setDisabled', { username: 'auditee', disabled: true })).ok, 'expected (await t.call(admin, \'users.setDisabled\', { username: \'auditee\', disabled: true })).ok');
    assert.ok((await t.call(admin, 'users.setDisabled', { username: 'auditee', disabled: false })).ok, 'expected (await t.call(admin, \'users.setDisabled\', { username: \'auditee\', disabled: false })).ok');
    assert.ok((await t.call(admin, 'users.unlock', { username: 'auditee' })).ok, 'expected (await t.call(admin, \'users.unlock\', { username: \'auditee\' })).ok');
    const token = await t.login('auditee', newPassword);
    const changed = await t.call(token, 'auth.changePassword', { currentPassword: newPassword, newPassword: 'Next#Pass-2026y' });
    assert.ok(changed.ok, JSON.stringify(changed));

    const about = rows(`target = 'auditee' AND action <> 'auth.login'`).map((r) => [r.actor, r.action, r.outcome]);
    assert.deepEqual(about, [
      [ADMIN.username, 'user.create', 'success'],
      [ADMIN.username, 'user.disable', 'success'],
      [ADMIN.username, 'user.enable', 'success'],
      [ADMIN.username, 'user.unlock', 'success'],
      ['auditee', 'auth.changePassword', 'success'],
    ]);
    const everything = JSON.stringify(t.raw.prepare('SELECT * FROM audit_log').all());
    assert.equal(everything.includes(newPassword), false);
    assert.equal(everything.includes('Next#Pass-2026y'), false);
    assert.equal(everything.includes('scrypt$'), false, 'a password hash reached the audit log');
  });

  test('the chain survives a restart: after reopening the node, the auditor’s verify is ok', async () => {
    await t.reopen();
    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const result = await t.call(auditor, 'audit.verify', {});
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.ok, true, result.value.message);
    assert.ok(result.value.checked > 10, 'expected result.value.checked > 10');
    // The verification itself is audited.
    const last = rows().at(-1)!;
    assert.deepEqual([last.actor, last.action, last.outcome], ['auditor', 'audit.verify', 'success']);
  });

  test('after an attacker with the database key edits an entry, the auditor’s audit.verify reports it and names the entry', async () => {
    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const target = rows(`action = 'record.withdraw'`)[0]!;
    t.raw.exec('DROP TRIGGER audit_log_no_update');
    t.raw.prepare(`UPDATE audit_log SET actor = 'admin' WHERE seq = ?`).run(target.seq);

    const result = await t.call(auditor, 'audit.verify', {});
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.ok, false);
    assert.equal(result.value.firstBadSeq, target.seq);
    assert.match(result.value.message, new RegExp(`第 ${target.seq} 条的校验值不符`));
    const last = rows().at(-1)!;
    assert.deepEqual([last.actor, last.action, last.outcome], ['auditor', 'audit.verify', 'failure']);
  });
});
