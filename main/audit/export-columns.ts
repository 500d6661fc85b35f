// The columns of an exported audit log, the same in the XLSX and the CSV file: what the
// auditor's screen shows, in Chinese, with the sequence number to find an entry again.
import { ROLES, type AuditEntryView } from '../../common/contract';

export interface ExportColumn {
  header: string;
  /** Width in characters (XLSX). */
  width: number;
  value(entry: AuditEntryView): string | number;
}

export const TIME_HEADER = '时间（北京时间）';

export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: '序号', width: 9, value: (e) => e.seq },
  // Written per format: a date cell in XLSX, China-time text in CSV.
  { header: TIME_HEADER, width: 20, value: (e) => e.at },
  { header: '操作人', width: 16, value: (e) => e.actorName.zh },
  // Accounts only: the node's own entries (系统) have no user name to show.
  { header: '用户名', width: 14, value: (e) => ((ROLES as readonly string[]).includes(e.role) ? e.actor : '') },
  { header: '角色', width: 11, value: (e) => e.roleName.zh },
  { header: '操作', width: 16, value: (e) => e.actionName.zh },
  { header: '结果', width: 7, value: (e) => (e.outcome === 'success' ? '成功' : '失败') },
  { header: '说明', width: 70, value: (e) => e.sentence.zh },
  { header: '对象', width: 38, value: (e) => e.target },
];
