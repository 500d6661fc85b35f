// The parts of an unlocked node that the status concern reads: the database (summaries),
// the audit head, sync and certificate state and the catalog in force. A narrow view, so
// status depends on those concerns and not on the whole node.
import type { Catalog } from '../../common/catalog/types';
import type { Db } from '../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { SyncService } from '../sync/sync-service';
import type { CertService } from '../sync/cert-service';

export interface StatusSources {
  db: Db;
  audit: AuditLog;
  sync: SyncService;
  certs: CertService;
  catalog(): Catalog;
}
