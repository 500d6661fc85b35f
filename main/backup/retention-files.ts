// Retention on the backup folder: which files are this node's backups (manual or in the
// rotation), what the next backup would delete — said on the page before it happens — and
// the deletion itself. The rule is retention.ts's, the same for the preview and the run.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo, RetentionPreview } from '../../common/contract';
import { BackupFile } from '../../formats/backup';
import { isManualBackupName, listBackupFiles } from './files';
import { previewDeletion, type RetentionPolicy } from './retention';

export interface OwnBackup {
  fileName: string;
  path: string;
  createdAt: Date;
  manual: boolean;
}

/** This node's backups in the folder, by their headers; damaged and other nodes' files are not ours to judge. */
export async function ownBackups(folder: string, nodeId: string | null): Promise<OwnBackup[]> {
  const ours: OwnBackup[] = [];
  for (const entry of await listBackupFiles(folder)) {
    try {
      const file = await BackupFile.open(entry.path);
      if (nodeId !== null && file.header.node.nodeId === nodeId) ours.push({ fileName: entry.fileName, path: entry.path, createdAt: new Date(file.header.createdAt), manual: isManualBackupName(entry.fileName) });
    } catch {
      // damaged or foreign files are left alone
    }
  }
  return ours;
}

/** The same files, from a listing that has already read every header (backup.list). */
export function ownFromListing(folder: string, files: readonly BackupInfo[]): OwnBackup[] {
  return files.filter((f) => f.thisNode === true && f.createdAt !== '').map((f) => ({ fileName: f.fileName, path: join(folder, f.fileName), createdAt: new Date(f.createdAt), manual: f.manual }));
}

/** What the next scheduled backup (when one is armed) and a manual one made now would delete. */
export function retentionPreview(own: readonly OwnBackup[], policy: RetentionPolicy, next: { scheduledAt: Date | null; now: Date }): RetentionPreview {
  const names = (list: OwnBackup[]) => list.map((b) => b.fileName);
  return {
    afterScheduled: next.scheduledAt ? { at: next.scheduledAt.toISOString(), deletes: names(previewDeletion(own, policy, { createdAt: next.scheduledAt, manual: false })) } : null,
    afterManual: { deletes: names(previewDeletion(own, policy, { createdAt: next.now, manual: true })) },
  };
}

export async function deleteBackups(doomed: readonly OwnBackup[]): Promise<void> {
  for (const backup of doomed) await rm(backup.path, { force: true });
}
