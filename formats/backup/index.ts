// The backup file format (docs/backup-format.md): one file = preamble + header JSON + header
// HMAC + AES-256-GCM chunks of an SQLCipher database snapshot.
export { BACKUP_EXTENSION, DEFAULT_CHUNK_BYTES, FORMAT_VERSION, MAGIC } from './constants';
export { BackupError, backupErrors, type BackupErrorCode } from './errors';
export { type BackupContent, type BackupCounts, type BackupHeader, type Slot } from './header';
export { BackupFile, type UnlockedBackup } from './reader';
export { writeBackupFile, type WriteBackupInput, type WrittenBackup } from './writer';
export { certificateFingerprint } from './keys';
