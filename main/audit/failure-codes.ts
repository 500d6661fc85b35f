// Why an audited job failed, in words: backups, drills, uploads and restores record the error
// code of their failure (never its message, which may name paths), and the auditor reads it
// here. Codes from formats/backup/errors.ts and common/contract/errors.ts.
import type { Bilingual } from '../../common/contract';

const CODES: Record<string, Bilingual> = {
  NOT_A_BACKUP: { zh: '该文件不是本系统的备份文件', en: 'the file is not a backup of this system' },
  FORMAT_TOO_NEW: { zh: '备份文件的格式版本高于本程序', en: 'the backup format is newer than this program' },
  APP_TOO_NEW: { zh: '备份来自更新版本的程序', en: 'the backup comes from a newer program' },
  HEADER_DAMAGED: { zh: '备份文件头已损坏', en: 'the backup header is damaged' },
  WRONG_PASSPHRASE: { zh: '恢复口令不正确', en: 'wrong recovery passphrase' },
  KEY_MISMATCH: { zh: '密钥打不开这个备份（可能是另一节点的备份）', en: "this node's key does not open the backup (perhaps another node's)" },
  NO_SLOT: { zh: '备份中没有可用的密钥', en: 'the backup has no key this caller can use' },
  TRUNCATED: { zh: '备份文件不完整（被截断）', en: 'the backup file is cut short' },
  TRAILING_DATA: { zh: '备份文件末尾有多余的数据', en: 'the backup file has extra data at its end' },
  CHUNK_DAMAGED: { zh: '备份文件内容已损坏或被改动', en: 'the backup content is damaged or altered' },
  CONTENT_MISMATCH: { zh: '备份中的数据库与文件头不符', en: 'the database inside does not match the header' },
  OTHER_NODE: { zh: '这是另一个节点的备份，未确认迁移', en: "another node's backup, migration not confirmed" },
  IO: { zh: '读写文件出错（如磁盘已满或设备已拔出）', en: 'the file could not be read or written (disk full or removed)' },
  CERTIFICATE: { zh: '证书有问题', en: 'a certificate problem' },
  NOT_CONFIGURED: { zh: '尚未配置', en: 'not configured yet' },
  NOT_FOUND: { zh: '找不到文件', en: 'file not found' },
  CONFLICT: { zh: '与正在进行的其他操作冲突', en: 'another operation was in progress' },
  BAD_INPUT: { zh: '输入有误', en: 'bad input' },
  INTERNAL: { zh: '内部错误', en: 'internal error' },
};

/** A failure code in words; an unknown code says that it is one. */
export function failureText(code: unknown): Bilingual {
  if (typeof code !== 'string' || code === '') return { zh: '原因未记录', en: 'no reason recorded' };
  return CODES[code] ?? { zh: `错误代码 ${code}`, en: `error code ${code}` };
}
