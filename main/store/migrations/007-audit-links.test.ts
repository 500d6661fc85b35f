// Migration 007: applies on top of version 6 with an audit log already written, gives every
// existing entry its public link in chain order, and new entries continue that chain.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { migrations } from './index';
import { auditLinks } from './007-audit-links';
import { migrate, schemaVersion } from '../migrate';
import { freshEncryptedDatabase } from '../../../test/support/raw-database';
import { AuditRepo } from '../audit-repo';
import { AuditLog } from '../../audit/audit-log';
import type { Db } from '../database';

const V6 = migrations.slice(0, 6);

/** The public chain recomputed by hand: sha256 over the previous link and the HMAC, raw bytes. */
function expectedLinks(hmacs: string[]): string[] {
  let link = Buffer.alloc(32);
  return hmacs.map((h) => {
    link = createHash('sha256').update(link).update(Buffer.from(h, 'hex')).digest();
    return link.toString('hex');
  });
}

describe('007 audit links', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let log: AuditLog;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db, V6);
    // Entries written by a version-6 node (its AuditRepo had no links yet): rows and head only.
    let previous = '0'.repeat(64);
    const insert = db.prepare(`INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash) VALUES (?, 't', 'admin', 'admin', 'auth.login', '', 'success', '{}', ?)`);
    for (let seq = 1; seq <= 5; seq++) {
      previous = createHash('sha256').update(previous).update(String(seq)).digest('hex');
      insert.run(seq, previous);
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('audit_head', ?)`).run(`5:${previous}`);
    migrate(db, [...V6, auditLinks]);
    log = new AuditLog(new AuditRepo(db), randomBytes(32), () => new Date('2026-03-01T00:00:00Z'));
  });
  after(() => fresh.cleanup());

  test('is version 7, registered seventh', () => {
    assert.equal(auditLinks.version, 7);
    assert.equal(migrations[6], auditLinks);
    assert.equal(schemaVersion(db), 7);
  });

  test('every existing entry has its link, chained over the HMACs in order', () => {
    const hmacs = (db.prepare('SELECT hash FROM audit_log ORDER BY seq').all() as { hash: string }[]).map((r) => r.hash);
    const links = (db.prepare('SELECT link FROM audit_links ORDER BY seq').all() as { link: string }[]).map((r) => r.link);
    assert.deepEqual(links, expectedLinks(hmacs));
  });

  test('an entry appended afterwards continues the same public chain', () => {
    log.append({ actor: 'admin', role: 'admin', action: 'auth.logout', outcome: 'success' });
    const hmacs = (db.prepare('SELECT hash FROM audit_log ORDER BY seq').all() as { hash: string }[]).map((r) => r.hash);
    assert.equal(hmacs.length, 6);
    assert.equal(log.publicChain.tail().link, expectedLinks(hmacs)[5]);
  });
});
