// A real encrypted database with the latest schema, a few accounts and an audit log whose
// clock the test sets: for the reader and export tests, which need entries at chosen times
// (either side of midnight in China) without a whole node.
import { randomBytes } from 'node:crypto';
import { migrate } from '../store/migrate';
import { AuditRepo } from '../store/audit-repo';
import { AuditNamesRepo } from '../store/audit-names-repo';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { AuditLog, type AuditEvent } from './audit-log';
import { AuditReader } from './audit-reader';

export const ACCOUNTS = [
  { username: 'clerk', displayName: '李录入', role: 'clerk' },
  { username: 'clerk2', displayName: '周录入', role: 'clerk' },
  { username: 'admin', displayName: '王管理', role: 'admin' },
  { username: 'auditor', displayName: '赵审计', role: 'auditor' },
] as const;

export function auditLogFixture(start = '2026-03-01T00:00:00.000Z') {
  const fresh = freshEncryptedDatabase();
  migrate(fresh.db);
  const insertUser = fresh.db.prepare(`INSERT INTO users (username, display_name, role, unit, password_hash, created_at) VALUES (?, ?, ?, '扶贫办', 'x', '2026-01-01T00:00:00.000Z')`);
  for (const a of ACCOUNTS) insertUser.run(a.username, a.displayName, a.role);
  let clock = Date.parse(start);
  const repo = new AuditRepo(fresh.db);
  const log = new AuditLog(repo, randomBytes(32), () => new Date(clock));
  const reader = new AuditReader(repo, new AuditNamesRepo(fresh.db), () => sampleCatalog);
  return {
    db: fresh.db,
    repo,
    log,
    reader,
    /** Appends at the given ISO time (the clock then stays there). */
    appendAt(at: string, event: AuditEvent) {
      clock = Date.parse(at);
      log.append(event);
    },
    cleanup: fresh.cleanup,
  };
}
