// The parts of an unlocked node that backups use: their own repositories (settings, outcomes,
// uploads, the schedule's last run; the restore's epoch bookkeeping), the audit log, and the
// sync settings and credentials (the DR centre is reached over the same mutual-TLS link). A
// narrow view, built by the composition root over the node's connection, so backup depends
// neither on the whole node nor on the raw database.
import { ApiFailure } from '../../common/contract/api-failure';
import type { AuditLog } from '../audit/audit-log';
import type { BackupRepo } from '../store/backup-repo';
import type { RestoreRepo } from '../store/backup-restore-repo';
import type { SyncRepo } from '../store/sync-repo';

export interface BackupNode {
  backups: BackupRepo;
  restore: RestoreRepo;
  audit: AuditLog;
  sync: { repo: SyncRepo };
}

/** The node, or the refusal callers get while it is being restored or is still locked. */
export function requireNode(node: BackupNode | null): BackupNode {
  if (!node) throw new ApiFailure('CONFLICT', '节点暂不可用（正在恢复备份或尚未解锁）');
  return node;
}
