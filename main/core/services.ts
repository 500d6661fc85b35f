// The services of an unlocked node, built once its database is open.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database';
import { AuditLog } from '../audit/audit-log';
import { AuditReader } from '../audit/audit-reader';
import { Accounts } from '../auth/accounts';
import type { SessionStore } from '../auth/sessions';
import { CatalogStore } from '../store/catalog-store';
import { NodeMeta } from '../store/meta';
import { AccountsRepo } from '../store/accounts-repo';
import { AuditRepo } from '../store/audit-repo';
import { AuditNamesRepo } from '../store/audit-names-repo';
import { SyncRepo } from '../store/sync-repo';
import { applyReconciliation } from '../backup/reconcile';
import { RestoreRepo } from '../store/backup-restore-repo';
import { RecordsService } from '../records/records-service';
import { NodeStatusService } from '../status/node-status';
import { SyncService, type CatalogHolder, type SyncServiceOptions } from '../sync/sync-service';
import { CertService } from '../sync/cert-service';
import { IntakeService, type IntakeOptions } from '../intake/intake-service';
import { IntakeRepo } from '../store/intake-repo';
import { RecordsRepo } from '../store/records-repo';
import { StatsRepo } from '../store/stats-repo';
import { StatusRepo } from '../store/status-repo';
import { UnitOfWork } from '../store/unit-of-work';
import type { StatusStore } from '../status/status-sources';
import type { Services } from '../api/runtime';
import type { BackupNode } from '../backup/backup-node';
import { BackupRepo } from '../store/backup-repo';
import { ExchangeClockRepo } from '../store/exchange-clock-repo';

/** Everything built over one open database connection, and the way to close it. */
export interface NodeParts {
  services: Services;
  /** The view of the node that backups use (main/backup/backup-node.ts). */
  backupNode: BackupNode;
  /** The repositories the dashboard, report and heartbeat read (main/status/status-sources.ts). */
  statusStore: StatusStore;
  closeDatabase(): void;
}

export function buildNodeParts(
  db: Db,
  sessions: SessionStore,
  now: () => Date,
  appVersion: string,
  syncOptions: SyncServiceOptions = {},
  intakeOptions: IntakeOptions = {},
): NodeParts {
  // One unit of work for every service: they all write through the same connection, so a
  // write of one service joins a transaction another one opened (records inside an import).
  const work = new UnitOfWork(db);
  const node = new NodeMeta(db);
  const catalogStore = new CatalogStore(db);
  const auditRepo = new AuditRepo(db);
  const audit = new AuditLog(auditRepo, auditChainKey(node), now);
  // Parsed once, then replaced only when the exchange publishes a new catalog (the sync
  // engine stores it and sets it here), so every reader sees the version in force.
  let catalog = catalogStore.read();
  const holder: CatalogHolder = { get: () => catalog, set: (c) => (catalog = c) };
  const getCatalog = () => holder.get();
  const restore = new RestoreRepo(db);
  const reconciliation = { pending: () => restore.reconcilePending(), apply: (epochs: Record<string, number>) => applyReconciliation(restore, audit, epochs) };
  const sync = new SyncService({ sync: new SyncRepo(db), node, catalog: catalogStore, work, clock: new ExchangeClockRepo(db) }, audit, holder, reconciliation, now, appVersion, syncOptions);
  const recordsRepo = new RecordsRepo(db);
  // The division code is fixed at setup, so it is read once; the catalog (and its division
  // table) is read at each write, as the exchange may publish a new one.
  const nodeDivision = node.divisionCode();
  const records = new RecordsService(recordsRepo, work, audit, getCatalog, now, () => sync.newData(), () => nodeDivision);
  const statusStore: StatusStore = { stats: new StatsRepo(db), status: new StatusRepo(db), records: recordsRepo, work };
  const services: Services = {
    audit,
    auditReader: new AuditReader(auditRepo, new AuditNamesRepo(db), getCatalog),
    accounts: new Accounts(new AccountsRepo(db), work, audit, sessions, now),
    records,
    status: new NodeStatusService(statusStore, sync.repo, getCatalog, appVersion),
    sync,
    certs: new CertService(sync.repo, node, work, audit, now, () => sync.engine.configurationChanged()),
    intake: new IntakeService(new IntakeRepo(db), work, records, audit, getCatalog, now, intakeOptions),
    catalog: getCatalog,
  };
  return {
    services,
    backupNode: { backups: new BackupRepo(db), restore, audit, sync },
    statusStore,
    closeDatabase: () => db.close(),
  };
}

/** The HMAC key of the audit chain, created with the node and kept in the encrypted database. */
function auditChainKey(node: NodeMeta): Buffer {
  const stored = node.auditChainKey();
  if (stored) return stored;
  const created = randomBytes(32);
  node.saveAuditChainKey(created);
  return created;
}
