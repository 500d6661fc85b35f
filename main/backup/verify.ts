// Verify = a restore into a temporary place: authenticate and decrypt every chunk into
// data/backup-work (the copy is the SQLCipher database, still encrypted), run SQLite's
// integrity check, compare identity and counts with the header, then delete the copy. The
// node's own backups open with its database key (the unattended drill); the recovery
// passphrase, when given, is what gets proven instead.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupFile, type BackupContent, type UnlockedBackup } from '../../formats/backup';
import { backupPaths } from './files';
import { assertRestorableVersion } from './versions';
import { checkDatabaseAgainstHeader } from './check-content';
import type { BackupContext } from './context';
import type { JobControl } from './jobs';

export interface VerifiedBackup {
  content: BackupContent;
  checks: string[];
  bytes: number;
}

export async function verifyBackup(ctx: BackupContext, path: string, passphrase: string | undefined, job: JobControl): Promise<VerifiedBackup> {
  const file = await BackupFile.open(path);
  job.phase('decrypt', file.header.payload.bytes);
  let unlocked: UnlockedBackup;
  if (passphrase) {
    unlocked = await file.unlockWithPassphrase(passphrase);
  } else {
    const key = await ctx.databaseKey();
    try {
      unlocked = file.unlockWithDatabaseKey(key);
    } finally {
      key.fill(0);
    }
  }
  const work = backupPaths(ctx.paths).work;
  const copy = join(work, `verify-${job.id}.db`);
  try {
    const content = file.content();
    assertRestorableVersion(content, ctx.appVersion);
    const checks = [passphrase ? '恢复口令可以打开该备份' : '本节点数据库密钥可以打开该备份', '文件头校验通过'];
    await mkdir(work, { recursive: true, mode: 0o700 });
    await file.decryptPayload(unlocked, copy, { onProgress: (done, total) => job.progress(done, total), signal: job.signal, durable: false });
    checks.push(`全部 ${file.header.encryption.chunks} 个数据块校验通过`);
    job.phase('check');
    checks.push(...(await checkDatabaseAgainstHeader(copy, unlocked.databaseKey, content, job.signal)));
    return { content, checks, bytes: file.size };
  } finally {
    unlocked.dispose();
    await rm(copy, { force: true }).catch(() => undefined);
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(copy + suffix, { force: true }).catch(() => undefined);
  }
}
