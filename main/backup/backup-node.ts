// The parts of an unlocked node that backups use: the database (settings, events), the
// audit log, and the sync settings and credentials (the DR centre is reached over the same
// mutual-TLS link). A narrow view, so backup does not depend on the whole node.
import type { Db } from '../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { SyncRepo } from '../store/sync-repo';

export interface BackupNode {
  db: Db;
  audit: AuditLog;
  sync: { repo: SyncRepo };
}
