// Moving a backup file from the browser to the core on a fresh installation: the file is
// read in pieces of BACKUP_UPLOAD_CHUNK_BYTES (a whole backup is far too big for one call)
// and sent with setup.uploadBackupChunk. What travels is the encrypted backup file as it is;
// nothing is decrypted in the page. Also: polling a backup job until it ends.
import { BACKUP_UPLOAD_CHUNK_BYTES, type BackupJob } from '../../common/contract';
import { call, type ApiError, type ApiResult } from './api';

/** Plain base64 of bytes, in slices (String.fromCharCode with a huge spread would overflow the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Uploads `file`; resolves with the upload id, or the core's refusal. */
export async function uploadBackupFile(file: File, onProgress: (sent: number, total: number) => void, cancelled: () => boolean): Promise<{ ok: true; uploadId: string } | { ok: false; error: ApiError }> {
  let uploadId: string | undefined;
  for (let offset = 0; offset < file.size; offset += BACKUP_UPLOAD_CHUNK_BYTES) {
    if (cancelled()) return { ok: false, error: { code: 'CONFLICT', message: '已取消' } };
    const piece = new Uint8Array(await file.slice(offset, offset + BACKUP_UPLOAD_CHUNK_BYTES).arrayBuffer());
    const r = await call('setup.uploadBackupChunk', { ...(uploadId ? { uploadId } : {}), offset, dataBase64: bytesToBase64(piece) });
    if (!r.ok) return { ok: false, error: r.error };
    uploadId = r.value.uploadId;
    onProgress(r.value.received, file.size);
  }
  if (!uploadId) return { ok: false, error: { code: 'BAD_INPUT', message: '文件是空的' } };
  return { ok: true, uploadId };
}

/** Polls a job until it is no longer running; `onUpdate` sees every state. */
export async function followJob(read: () => Promise<ApiResult<BackupJob>>, onUpdate: (job: BackupJob) => void, stopped: () => boolean = () => false): Promise<ApiResult<BackupJob>> {
  for (;;) {
    const r = await read();
    if (!r.ok) return r;
    onUpdate(r.value);
    if (r.value.state !== 'running' || stopped()) return r;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Percentage for a progress bar (0 when the total is unknown). */
export function percent(job: Pick<BackupJob, 'done' | 'total' | 'state'>): number {
  if (job.state === 'done') return 100;
  return job.total > 0 ? Math.min(99, Math.floor((job.done / job.total) * 100)) : 0;
}
