// The first-run screen's way of handing the core a backup file: pieces of at most
// BACKUP_UPLOAD_CHUNK_BYTES, in order, appended to data/restore-upload/<id>.enbak. What is
// stored is the encrypted backup file as it was picked — never plaintext. One upload at a
// time: starting a new one removes the others.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_UPLOAD_CHUNK_BYTES, BACKUP_UPLOAD_MAX_BYTES } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { DataPaths } from '../../platform/data-paths';
import { backupPaths } from './files';
import { BACKUP_EXTENSION } from '../../formats/backup';

export async function receiveUploadChunk(paths: DataPaths, input: { uploadId?: string | undefined; offset: number; dataBase64: string }): Promise<{ uploadId: string; received: number }> {
  const dir = backupPaths(paths).uploads;
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0 || data.length > BACKUP_UPLOAD_CHUNK_BYTES) throw new ApiFailure('BAD_INPUT', `每次上传 1 至 ${BACKUP_UPLOAD_CHUNK_BYTES} 字节`);
  let uploadId = input.uploadId;
  if (!uploadId) {
    if (input.offset !== 0) throw new ApiFailure('BAD_INPUT', '新的上传应从第 0 字节开始');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    uploadId = randomBytes(16).toString('hex');
  }
  const file = join(dir, `${uploadId}${BACKUP_EXTENSION}`);
  let size = 0;
  try {
    size = (await stat(file)).size;
  } catch {
    if (input.uploadId) throw new ApiFailure('NOT_FOUND', '找不到该上传（可能已被新的上传取代），请重新选择文件');
  }
  if (input.offset !== size) throw new ApiFailure('CONFLICT', `上传位置不符：已收到 ${size} 字节，本次从第 ${input.offset} 字节开始`);
  if (size + data.length > BACKUP_UPLOAD_MAX_BYTES) throw new ApiFailure('BAD_INPUT', '备份文件过大');
  const handle = await open(file, input.uploadId ? 'r+' : 'wx', 0o600);
  try {
    await handle.write(data, 0, data.length, size);
  } finally {
    await handle.close();
  }
  return { uploadId, received: size + data.length };
}

export async function removeUploads(paths: DataPaths): Promise<void> {
  await rm(backupPaths(paths).uploads, { recursive: true, force: true });
}

export async function uploadIds(paths: DataPaths): Promise<string[]> {
  try {
    return (await readdir(backupPaths(paths).uploads)).map((n) => n.replace(BACKUP_EXTENSION, ''));
  } catch {
    return [];
  }
}
