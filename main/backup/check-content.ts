// A decrypted backup database against its header: SQLite's integrity check, then identity,
// schema version, counts and audit head must be what the header promised. Runs in the
// backup worker; returns the checks that passed, in Chinese, or throws CONTENT_MISMATCH.
import { backupErrors, type BackupContent } from '../../formats/backup';
import { runTask } from './worker/run-task';

export async function checkDatabaseAgainstHeader(file: string, databaseKey: Buffer, content: BackupContent, signal?: AbortSignal): Promise<string[]> {
  let problems: string[];
  let found;
  try {
    const keyHex = databaseKey.toString('hex');
    [{ problems }, found] = await Promise.all([runTask({ kind: 'integrity', file, keyHex }, signal), runTask({ kind: 'describe', file, keyHex }, signal)]);
  } catch (error) {
    if ((error as Error).name === 'UnreadableDatabaseError') throw backupErrors.contentMismatch('其中的数据库无法用备份中的密钥打开');
    throw error;
  }
  if (problems.length > 0) throw backupErrors.contentMismatch(`数据库完整性检查未通过：${problems.slice(0, 3).join('；')}`);
  const checks = ['数据库完整性检查（integrity_check）通过'];
  if (found.node.nodeId !== content.node.nodeId) throw backupErrors.contentMismatch(`节点编号为 ${found.node.nodeId}，文件头记为 ${content.node.nodeId}`);
  if (found.schemaVersion !== content.schemaVersion) throw backupErrors.contentMismatch(`数据库版本为 ${found.schemaVersion}，文件头记为 ${content.schemaVersion}`);
  checks.push(`节点编号与数据库版本一致（${found.node.nodeId}，版本 ${found.schemaVersion}）`);
  const names: Record<keyof BackupContent['counts'], string> = {
    records: '记录',
    recordVersions: '记录版本',
    outbox: '上报队列',
    outboxPending: '待上报',
    outboxRejected: '被拒收',
    receipts: '回执',
    auditLog: '审计日志',
    users: '账户',
  };
  for (const key of Object.keys(names) as (keyof typeof names)[]) {
    if (found.counts[key] !== content.counts[key]) throw backupErrors.contentMismatch(`${names[key]}数为 ${found.counts[key]}，文件头记为 ${content.counts[key]}`);
  }
  checks.push(`各表条数与文件头一致（记录 ${found.counts.records} 条，审计日志 ${found.counts.auditLog} 条）`);
  if (found.auditHead.seq !== content.auditHead.seq || found.auditHead.hash !== content.auditHead.hash) throw backupErrors.contentMismatch('审计日志链头与文件头不符');
  checks.push('审计日志链头与文件头一致');
  return checks;
}
