// Gathers the facts the tiles judge: sync and certificate state, backup events, catalog,
// disk and database size. Reads maintained state only (no scans), so it is cheap to call on
// every refresh and every heartbeat.
import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackupSettings, BackupStatus } from '../../common/contract';
import type { StatusSources } from './status-sources';
import type { DataPaths } from '../../platform/data-paths';
import type { StatusEventKind } from '../store/stats-repo';
import type { StatusFacts } from './tiles';

export interface FactSources {
  services: StatusSources;
  /** The backup manager's status (async: it checks that the backup folder can be written). */
  backupStatus(): Promise<BackupStatus>;
  /** The backup settings in force (whether DR upload is configured), as the backup manager reads them. */
  backupSettings(): BackupSettings;
  paths: DataPaths;
  appVersion: string;
  now: Date;
}

export async function gatherFacts(src: FactSources): Promise<StatusFacts> {
  const { services: s, paths, now } = src;
  const backup = await src.backupStatus();
  const state = s.sync.repo.readState();
  const events = s.stats.eventCounts('', '9999');
  // The last good one of each kind: from the events (kept since schema 4), or the backup
  // status's last event when it was good (a node that backed up before the events existed).
  const lastGood = (kind: StatusEventKind, last: BackupStatus['lastBackup']) =>
    latest(events.find((e) => e.kind === kind)?.lastOkAt ?? null, last?.ok ? last.at : null);
  // A drill vouches for a file that is still in the backup folder. Once retention (or a person)
  // removed the file of the last one, the newest drill of a file still there counts instead.
  const vouched = backup.verifiedFile?.at ?? null;
  const lastFileGone = backup.lastVerifiedFileExists === false;
  return {
    now,
    sync: s.sync.status(),
    lastLatencyMs: state.lastLatencyMs,
    certificate: s.certs.status().certificate,
    backup: {
      lastGoodBackupAt: lastGood('backup', backup.lastBackup),
      lastGoodVerifyAt: latest(vouched, lastFileGone ? null : lastGood('verify', backup.lastVerified)),
      verifyFileGone: lastFileGone && vouched === null,
      lastGoodUploadAt: lastGood('upload', backup.lastUpload),
      lastBackupFailure: backup.lastBackup && !backup.lastBackup.ok ? backup.lastBackup.message : null,
      folderProblem: backup.folderProblem,
      drUploadConfigured: src.backupSettings().drUpload,
      reconcilePending: backup.reconcilePending,
    },
    catalog: { version: s.catalog().version, checkedAt: state.catalogCheckedAt },
    disk: diskSpace(paths.database),
    databaseBytes: fileBytes(paths.database) + fileBytes(`${paths.database}-wal`),
    appVersion: src.appVersion,
    schemaVersion: s.status.schemaVersion(),
    auditGap: s.audit.publicChain.gapAlarm(now),
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function diskSpace(file: string): { freeBytes: number; totalBytes: number } | null {
  try {
    const fs = statfsSync(dirname(file));
    // bavail: what an unprivileged process may still use (root's reserve excluded).
    return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch {
    return null;
  }
}

function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
