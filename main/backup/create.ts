// Taking a backup: a consistent snapshot of the live database (VACUUM INTO, in a worker
// thread, while registration goes on), encrypted into `.name.enbak.partial` in the backup
// folder, flushed, then renamed to its final name. A crash or a close at any point leaves
// either no file or a complete one under the final name; the leftovers (snapshot in
// data/backup-work, the .partial) are removed at the next start or backup.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiFailure } from '../../common/contract/api-failure';
import { syncDirectory } from '../../platform/atomic-file';
import { passphraseSlotOf, readKeySlots } from '../store/key-slots';
import { writeBackupFile, type BackupContent } from '../../formats/backup';
import { backupFileName, backupPaths, folderProblem } from './files';
import { runTask } from './worker/run-task';
import type { BackupContext } from './context';
import type { JobControl } from './jobs';

export interface CreatedBackup {
  fileName: string;
  path: string;
  bytes: number;
  sha256: string;
  content: BackupContent;
}

/** `manual`: made on demand (立即备份), named so that retention keeps it out of the daily rotation. */
export async function createBackup(ctx: BackupContext, folder: string, drCertificatePem: string | null, job: JobControl, manual = false): Promise<CreatedBackup> {
  const problem = await folderProblem(folder, true);
  if (problem) throw new ApiFailure('CONFLICT', problem);
  const work = backupPaths(ctx.paths).work;
  await mkdir(work, { recursive: true, mode: 0o700 });
  const snapshot = join(work, `snapshot-${job.id}.db`);
  let partial: string | null = null;
  const key = await ctx.databaseKey();
  try {
    const nodeSlot = passphraseSlotOf(await readKeySlots(ctx.paths.keySlots));
    const createdAt = ctx.now();

    // The snapshot: progress is the copy's size against the live database's.
    const expected = (await sizeOf(ctx.paths.database)) + (await sizeOf(`${ctx.paths.database}-wal`));
    job.phase('snapshot', expected);
    const watch = setInterval(() => void sizeOf(snapshot).then((n) => job.progress(Math.min(n, expected))), 200);
    let description;
    try {
      description = await runTask({ kind: 'snapshot', database: ctx.paths.database, keyHex: key.toString('hex'), output: snapshot }, job.signal);
    } finally {
      clearInterval(watch);
    }

    const content: BackupContent = { createdAt: createdAt.toISOString(), appVersion: ctx.appVersion, ...description };
    const fileName = uniqueName(folder, backupFileName(createdAt, description.node.nodeId, manual ? 'manual' : 'scheduled'));
    job.fileName(fileName);
    partial = join(folder, `.${fileName}.partial`);
    const final = join(folder, fileName);
    job.phase('encrypt', await sizeOf(snapshot));
    const written = await writeBackupFile({
      source: snapshot,
      destination: partial,
      content,
      databaseKey: key,
      nodeSlot,
      drCertificatePem,
      ...(ctx.chunkBytes ? { chunkBytes: ctx.chunkBytes } : {}),
      onProgress: (done, total) => job.progress(done, total),
      signal: job.signal,
    });
    if (existsSync(final)) throw new ApiFailure('CONFLICT', `备份文件 ${fileName} 已存在`);
    await rename(partial, final);
    partial = null;
    await syncDirectory(folder);
    return { fileName, path: final, bytes: written.bytes, sha256: written.sha256, content };
  } finally {
    key.fill(0);
    await rm(snapshot, { force: true }).catch(() => undefined);
    if (partial) await rm(partial, { force: true }).catch(() => undefined);
  }
}

function uniqueName(folder: string, name: string): string {
  if (!existsSync(join(folder, name)) && !existsSync(join(folder, `.${name}.partial`))) return name;
  for (let i = 2; ; i++) {
    const candidate = name.replace(/\.enbak$/, `-${i}.enbak`);
    if (!existsSync(join(folder, candidate)) && !existsSync(join(folder, `.${candidate}.partial`))) return candidate;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
