// Backup settings live in the node's encrypted database (BackupRepo), so they are part of
// every backup and come back with a restore. A restored folder that does not exist on
// the new machine shows as a folder problem until the admin picks another one.
import { X509Certificate } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { BackupSettings } from '../../common/contract';
import { backupSettingsSchema } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { BackupRepo } from '../store/backup-repo';
import { chainsTo } from '../../sync/client/own-certificate';
import { DEFAULT_MANUAL_KEEP } from './retention';

/** Next to the data folder, not inside it: destroying the data folder must not take the backups along. */
export function defaultBackupFolder(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'backups');
}

export function defaultSettings(dataDir: string): BackupSettings {
  return {
    folder: defaultBackupFolder(dataDir),
    schedule: { enabled: true, time: '02:00' },
    retention: { daily: 7, weekly: 4, monthly: 12, manual: DEFAULT_MANUAL_KEEP },
    verifyAfterBackup: true,
    drUpload: false,
    drCertificatePem: null,
  };
}

/** The stored settings over the defaults; the defaults when none are stored or they no longer pass the schema. */
export function readSettings(repo: BackupRepo, dataDir: string): BackupSettings {
  const raw = repo.settingsJson();
  const defaults = defaultSettings(dataDir);
  if (!raw) return defaults;
  try {
    const stored = JSON.parse(raw) as Partial<BackupSettings>;
    // Retention merged field by field: settings saved before `manual` existed keep their days, weeks and months.
    const parsed = backupSettingsSchema.safeParse({ ...defaults, ...stored, retention: { ...defaults.retention, ...stored.retention } });
    return parsed.success ? parsed.data : defaults;
  } catch {
    return defaults;
  }
}

/** Checks what the schema cannot (absolute folder, a usable DR certificate); returns the settings to store. */
export function checkSettings(input: BackupSettings, rootPem: string | null, now: Date): BackupSettings {
  const errors: { item: string; message: string }[] = [];
  const folder = input.folder.trim();
  if (!isAbsolute(folder)) errors.push({ item: 'folder', message: '备份文件夹应为完整路径（如 D:\\备份 或 /media/usb/备份）' });
  let drCertificatePem = input.drCertificatePem?.trim() ? `${input.drCertificatePem.trim()}\n` : null;
  if (drCertificatePem) {
    const problem = drCertificateProblem(drCertificatePem, rootPem, now);
    if (problem) errors.push({ item: 'drCertificatePem', message: problem });
  } else {
    drCertificatePem = null;
  }
  if (errors.length) throw new ApiFailure('BAD_INPUT', errors.map((e) => e.message).join('；'), errors);
  return { ...input, folder: resolve(folder), drCertificatePem };
}

function drCertificateProblem(pem: string, rootPem: string | null, now: Date): string | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return '容灾备份中心证书无法解析（应为 PEM 格式的证书）';
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') return '容灾备份中心证书应使用 RSA 密钥（备份文件用 RSA-OAEP 为它封装密钥）';
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return '容灾备份中心证书不在有效期内';
  if (!rootPem) return '请先设置省级根证书，容灾备份中心证书须由它签发';
  if (!chainsTo(cert, [], new X509Certificate(rootPem))) return '容灾备份中心证书不是由省级根证书签发';
  return null;
}
