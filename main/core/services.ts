// The services of an unlocked node, built once its database is open.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database';
import { AuditLog } from '../audit/audit-log';
import { Accounts } from '../auth/accounts';
import type { SessionStore } from '../auth/sessions';
import type { Catalog } from '../catalog/types';
import { readCatalog } from '../store/catalog-store';
import { getMeta, setMeta } from '../store/meta';
import { RecordsService } from './records-service';
import { NodeStatusService } from '../status/node-status';

export interface Services {
  db: Db;
  audit: AuditLog;
  accounts: Accounts;
  records: RecordsService;
  status: NodeStatusService;
  catalog(): Catalog;
}

export function buildServices(db: Db, sessions: SessionStore, now: () => Date, appVersion: string): Services {
  const audit = new AuditLog(db, auditChainKey(db), now);
  // Parsed once: the catalog changes only when the exchange publishes a new one (issue 3).
  const catalog = readCatalog(db);
  const getCatalog = () => catalog;
  return {
    db,
    audit,
    accounts: new Accounts(db, audit, sessions, now),
    records: new RecordsService(db, audit, getCatalog, now),
    status: new NodeStatusService(db, getCatalog, appVersion),
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
