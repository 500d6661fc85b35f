// Where backup files and their temporary companions live, and how a caller's "which file"
// becomes a path. Temporary files (snapshots, decrypted copies, uploads) are always inside the
// data folder and always encrypted: they hold an SQLCipher database or an encrypted backup.
import { constants } from 'node:fs';
import { access, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { BackupSource } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { DataPaths } from '../../platform/data-paths';
import { BACKUP_EXTENSION } from '../../formats/backup';
import { chinaStamp } from '../../common/text/china-time';

export function backupPaths(paths: DataPaths) {
  return {
    /** Snapshots being encrypted, copies being verified. */
    work: join(paths.dataDir, 'backup-work'),
    /** Backup files the first-run screen uploads, piece by piece. */
    uploads: join(paths.dataDir, 'restore-upload'),
    /** The restored database while it is decrypted, checked and prepared. */
    restoring: `${paths.database}.restore`,
    /** Written before the swap, removed after it: a crash in between is rolled back or forward at start. */
    journal: join(paths.dataDir, 'restore-journal.json'),
    replacedDir: (at: Date) => join(paths.dataDir, `replaced-${stamp(at)}`),
  };
}

/**
 * China time, as the office reads its clock, whatever the machine's time zone: 20261126-021500.
 * Only people read it: listing, sorting and retention go by the time in the file's header, so
 * files named by older versions (in the machine's local time) list and restore as before.
 */
export function stamp(at: Date): string {
  return chinaStamp(at);
}

/**
 * edge-node-backup-20261126-021500-30acaa428ecf.enbak: sortable, the node recognisable, ASCII
 * for any USB drive. A manual backup (立即备份) ends in `-manual`: retention keeps it apart
 * from the daily rotation. The mark is in the name, not the header, so that older programs
 * (whose header schema is strict) still read new files, and older files (no mark) stay in the
 * rotation as before; renaming a file to end in `-manual.enbak` pins it the same way.
 */
export function backupFileName(at: Date, nodeId: string, kind: 'scheduled' | 'manual' = 'scheduled'): string {
  const tail = nodeId.replace(/[^0-9a-f]/gi, '').slice(-12) || 'node';
  return `edge-node-backup-${stamp(at)}-${tail}${kind === 'manual' ? MANUAL_MARK : ''}${BACKUP_EXTENSION}`;
}

const MANUAL_MARK = '-manual';
/** `-manual.enbak`, or `-manual-2.enbak` when a second one was made in the same second. */
const MANUAL_NAME = /-manual(-\d+)?\.enbak$/i;

/** A manual backup's file, by its name (docs/backup-format.md "Operating backups"). */
export function isManualBackupName(name: string): boolean {
  return MANUAL_NAME.test(name);
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.enbak$/;

export function isBackupFileName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/**
 * The path a source names. `folder`: a file name (no path) in the backup folder; `path`: an
 * absolute path of a *.enbak file on the node's machine; `upload`: a finished upload.
 */
export function resolveSource(source: BackupSource, where: { folder: string | null; paths: DataPaths; allow: readonly BackupSource['kind'][] }): string {
  if (!where.allow.includes(source.kind)) throw new ApiFailure('BAD_INPUT', '此处不能使用这种备份来源', [{ item: 'source', message: '此处不能使用这种备份来源' }]);
  switch (source.kind) {
    case 'folder': {
      if (!where.folder) throw new ApiFailure('NOT_CONFIGURED', '尚未设置备份文件夹');
      if (!isBackupFileName(source.fileName) || basename(source.fileName) !== source.fileName) {
        throw new ApiFailure('BAD_INPUT', '备份文件名不正确', [{ item: 'source.fileName', message: '应为备份文件夹中的 .enbak 文件名' }]);
      }
      return join(where.folder, source.fileName);
    }
    case 'path': {
      if (!isAbsolute(source.path) || !source.path.toLowerCase().endsWith(BACKUP_EXTENSION)) {
        throw new ApiFailure('BAD_INPUT', '备份文件路径应为 .enbak 文件的完整路径', [{ item: 'source.path', message: '应为 .enbak 文件的完整路径' }]);
      }
      return resolve(source.path);
    }
    case 'upload':
      return join(backupPaths(where.paths).uploads, `${source.uploadId}${BACKUP_EXTENSION}`);
  }
}

export interface FolderEntry {
  fileName: string;
  path: string;
  bytes: number;
}

/** The *.enbak files of a folder (not the .partial ones being written). */
export async function listBackupFiles(folder: string): Promise<FolderEntry[]> {
  const names = (await readdir(folder)).filter((n) => isBackupFileName(n));
  const entries: FolderEntry[] = [];
  for (const fileName of names) {
    try {
      const s = await stat(join(folder, fileName));
      if (s.isFile()) entries.push({ fileName, path: join(folder, fileName), bytes: s.size });
    } catch {
      // removed meanwhile
    }
  }
  return entries;
}

/** Why backups cannot be written to the folder now, in Chinese; null when they can. */
export async function folderProblem(folder: string, create = false): Promise<string | null> {
  try {
    if (create) await mkdir(folder, { recursive: true });
    const s = await stat(folder);
    if (!s.isDirectory()) return `备份位置 ${folder} 不是文件夹`;
    await access(folder, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `备份文件夹 ${folder} 不存在（移动硬盘或 U 盘是否已连接？）`;
    if (code === 'EACCES' || code === 'EPERM') return `没有写入备份文件夹 ${folder} 的权限`;
    if (code === 'EROFS') return `备份文件夹 ${folder} 所在磁盘为只读`;
    return `备份文件夹 ${folder} 无法使用（${code ?? String(error)}）`;
  }
}

/** Leftovers of a backup or verify that a crash or a close cut off, and first-run uploads (the page that sent them is gone with the restart). */
export async function cleanWork(paths: DataPaths): Promise<void> {
  await rm(backupPaths(paths).work, { recursive: true, force: true });
  await rm(backupPaths(paths).uploads, { recursive: true, force: true });
}

/** Half-written backup files (.name.enbak.partial) left in the folder by a crash. */
export async function cleanPartials(folder: string, keep: ReadonlySet<string> = new Set()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (/^\..+\.enbak\.partial$/.test(name) && !keep.has(name)) await rm(join(folder, name), { force: true }).catch(() => undefined);
  }
}
