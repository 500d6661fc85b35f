// What the API layer programs against: the node as the router's handlers see it (its state,
// its services once unlocked) and as a host sees it (one dispatch function). The composition
// root (main/core/open-node.ts) builds both; nothing below this layer imports them.
import type { ApiResult, ParsedInputOf } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import type { AuditLog } from '../audit/audit-log';
import type { AuditReader } from '../audit/audit-reader';
import type { Accounts } from '../auth/accounts';
import type { RecordsService } from '../records/records-service';
import type { NodeStatusService } from '../status/node-status';
import type { SyncService } from '../sync/sync-service';
import type { CertService } from '../sync/cert-service';
import type { IntakeService } from '../intake/intake-service';
import type { BackupManager } from '../backup/backup-manager';
import type { DashboardService } from '../status/dashboard-service';

export type SetupInput = ParsedInputOf<'setup.initialize'>;

export interface Services {
  audit: AuditLog;
  /** The auditor's view of the log: filtered pages of sentences (issue 12). */
  auditReader: AuditReader;
  accounts: Accounts;
  records: RecordsService;
  status: NodeStatusService;
  sync: SyncService;
  certs: CertService;
  /** Bulk import and watch folders (issue 5). */
  intake: IntakeService;
  catalog(): Catalog;
}

export interface NodeRuntime {
  state(): 'uninitialized' | 'locked' | 'ready';
  lockedReason(): string | null;
  /** The unlocked node's services; throws NOT_INITIALIZED or LOCKED otherwise. */
  services(): Services;
  initialize(input: SetupInput): Promise<{ nodeId: string; hostKeyProtection: boolean }>;
  unlock(recoveryPassphrase: string): Promise<{ hostKeyProtection: boolean }>;
  /** Backups, verify and restore (issue 4); lives as long as the node process, across a restore. */
  backup(): BackupManager;
  /** The officials' dashboard of the unlocked node (issue 6); throws like services(). */
  dashboard(): DashboardService;
  readonly appVersion: string;
  now(): Date;
}

/**
 * One answer of the core to one call. `sessionToken` is set when the call changes the
 * caller's session: a token after a login, null after logout or when the session ended.
 * The transport keeps the token (in the Electron main process or an HttpOnly cookie), so
 * the renderer never holds it.
 */
export interface DispatchResult {
  result: ApiResult<unknown>;
  sessionToken?: string | null;
}

export interface EdgeNode {
  /** Validates channel, input and the caller's role, then runs the call. Never throws. */
  dispatch(sessionToken: string | null, channel: unknown, input: unknown): Promise<DispatchResult>;
  close(): void;
}
