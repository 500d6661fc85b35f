// The services of an unlocked node, built once its database is open.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database';
import { AuditLog } from '../audit/audit-log';
import { Accounts } from '../auth/accounts';
import type { SessionStore } from '../auth/sessions';
import { readCatalog } from '../store/catalog-store';
import { getMeta, setMeta } from '../store/meta';
import { RecordsService } from '../records/records-service';
import { NodeStatusService } from '../status/node-status';
import { SyncService, type CatalogHolder, type SyncServiceOptions } from '../sync/sync-service';
import { CertService } from '../sync/cert-service';
import { IntakeService, type IntakeOptions } from '../intake/intake-service';
import type { Services } from '../api/runtime';

export function buildServices(
  db: Db,
  sessions: SessionStore,
  now: () => Date,
  appVersion: string,
  syncOptions: SyncServiceOptions = {},
  intakeOptions: IntakeOptions = {},
): Services {
  const audit = new AuditLog(db, auditChainKey(db), now);
  // Parsed once, then replaced only when the exchange publishes a new catalog (the sync
  // engine stores it and sets it here), so every reader sees the version in force.
  let catalog = readCatalog(db);
  const holder: CatalogHolder = { get: () => catalog, set: (c) => (catalog = c) };
  const getCatalog = () => holder.get();
  const sync = new SyncService(db, audit, holder, now, appVersion, syncOptions);
  const records = new RecordsService(db, audit, getCatalog, now, () => sync.newData());
  return {
    db,
    audit,
    accounts: new Accounts(db, audit, sessions, now),
    records,
    status: new NodeStatusService(db, getCatalog, appVersion),
    sync,
    certs: new CertService(db, sync.repo, audit, now, () => sync.engine.configurationChanged()),
    intake: new IntakeService(db, records, audit, getCatalog, now, intakeOptions),
    catalog: getCatalog,
  };
}

/** The HMAC key of the audit chain, created with the node and kept in the encrypted database. */
function auditChainKey(db: Db): Buffer {
  let hex = getMeta(db, 'audit_key');
  if (!hex) {
    hex = randomBytes(32).toString('hex');
    setMeta(db, 'audit_key', hex);
  }
  return Buffer.from(hex, 'hex');
}
