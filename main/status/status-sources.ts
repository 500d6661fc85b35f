// The parts of an unlocked node that the status concern reads: the store's status
// repositories (summaries, identity, thresholds, record counters), the audit head, sync and
// certificate state and the catalog in force. A narrow view, so status depends on those
// concerns and the repositories it reads, not on the whole node or the raw database.
import type { Catalog } from '../../common/catalog/types';
import type { StatsRepo } from '../store/stats-repo';
import type { StatusRepo } from '../store/status-repo';
import type { RecordsRepo } from '../store/records-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import type { AuditLog } from '../audit/audit-log';
import type { SyncService } from '../sync/sync-service';
import type { CertService } from '../sync/cert-service';

/** The repositories status reads (built by the composition root, one set per open database). */
export interface StatusStore {
  /** Daily summaries, queue samples, link and backup events (migration 004). */
  stats: StatsRepo;
  /** Identity, thresholds, versions and usage figures. */
  status: StatusRepo;
  /** The record counters (records in force per resource). */
  records: Pick<RecordsRepo, 'countsByResource'>;
  /** One transaction over the three: a report's reads from one snapshot, a write with its audit entry. */
  work: UnitOfWork;
}

export interface StatusSources extends StatusStore {
  audit: AuditLog;
  sync: SyncService;
  certs: CertService;
  catalog(): Catalog;
}
