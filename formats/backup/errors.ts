// Why a backup file cannot be used, as one stable code for programs and one Chinese sentence
// for the person in front of the screen. Every check that refuses a file throws one of these
// before anything on the node has been touched.

export type BackupErrorCode =
  | 'NOT_A_BACKUP' // wrong magic: some other file
  | 'FORMAT_TOO_NEW' // written by a newer program (format version)
  | 'APP_TOO_NEW' // the backup's program or database version is newer than this program
  | 'HEADER_DAMAGED' // the header does not parse, or its authenticator does not match
  | 'WRONG_PASSPHRASE' // the recovery passphrase does not open the passphrase slot
  | 'KEY_MISMATCH' // the node's own database key does not open this backup (another node's)
  | 'NO_SLOT' // no key slot this caller can use (e.g. no DR slot)
  | 'TRUNCATED' // shorter than the header says
  | 'TRAILING_DATA' // longer than the header says
  | 'CHUNK_DAMAGED' // a chunk fails authentication: flipped, swapped, reordered
  | 'CONTENT_MISMATCH' // decrypted fine, but the database inside disagrees with the header
  | 'OTHER_NODE' // a backup of another node, restore without confirming a migration
  | 'IO'; // the file cannot be read or written

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export const backupErrors = {
  notABackup: () => new BackupError('NOT_A_BACKUP', '该文件不是边缘节点备份文件（文件标识不符）'),
  formatTooNew: (found: number, supported: number) =>
    new BackupError('FORMAT_TOO_NEW', `备份文件格式版本（${found}）高于本程序支持的版本（${supported}），请先升级本程序再恢复`),
  appTooNew: (appVersion: string, schemaVersion: number, ourApp: string, ourSchema: number) =>
    new BackupError(
      'APP_TOO_NEW',
      `该备份由较新版本的程序制作（程序版本 ${appVersion}，数据库版本 ${schemaVersion}；本程序为 ${ourApp}，数据库版本 ${ourSchema}），请先把本程序升级到 ${appVersion} 或更新版本再恢复`,
    ),
  headerDamaged: (detail: string) => new BackupError('HEADER_DAMAGED', `备份文件头已损坏或被改动（${detail}），该文件不能使用`),
  wrongPassphrase: () => new BackupError('WRONG_PASSPHRASE', '恢复口令不正确（请使用制作该备份时本节点的恢复口令；若确认口令无误，则备份文件头已损坏）'),
  keyMismatch: () =>
    new BackupError('KEY_MISMATCH', '本节点的数据库密钥打不开该备份（它可能属于另一节点，或文件头已损坏），请输入制作该备份时的恢复口令'),
  noSlot: (what: string) => new BackupError('NO_SLOT', `该备份没有${what}密钥槽`),
  truncated: (expected: number, actual: number) =>
    new BackupError('TRUNCATED', `备份文件不完整：应为 ${expected} 字节，实际只有 ${actual} 字节（可能在复制、上传或写入时被截断），该文件不能使用`),
  trailingData: (expected: number, actual: number) =>
    new BackupError('TRAILING_DATA', `备份文件末尾多出 ${actual - expected} 字节数据（应为 ${expected} 字节），文件已被改动，不能使用`),
  chunkDamaged: (index: number, total: number) =>
    new BackupError('CHUNK_DAMAGED', `备份文件第 ${index + 1} 块（共 ${total} 块）校验失败：数据已损坏、被改动，或数据块的顺序被打乱，该文件不能使用`),
  otherNode: (unitName: string, nodeId: string) =>
    new BackupError('OTHER_NODE', `该备份属于另一节点（${unitName || '未知单位'}，节点编号 ${nodeId}），不是本节点的备份；如确需把本节点迁移为该节点，请勾选“确认迁移”后再恢复`),
  contentMismatch: (detail: string) => new BackupError('CONTENT_MISMATCH', `备份内容与文件头记录不符：${detail}`),
  io: (what: string, cause: unknown) => new BackupError('IO', `${what}失败：${describeIo(cause)}`),
};

function describeIo(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return '文件或文件夹不存在';
    case 'EACCES':
    case 'EPERM':
      return '没有访问权限';
    case 'ENOSPC':
      return '磁盘空间不足';
    case 'EROFS':
      return '磁盘为只读';
    case 'EISDIR':
      return '这是一个文件夹，不是文件';
    default:
      return code ?? (cause instanceof Error ? cause.message : String(cause));
  }
}
