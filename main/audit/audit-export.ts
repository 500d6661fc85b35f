// Exporting the audit log (XLSX or CSV) with the list's filters — and recording the export in
// the log itself, whether it worked or not: who took a copy of the log, of which entries, is
// itself something an auditor of the auditor needs to see. The entry is written after the
// file is built, so it never claims an export that failed; it is not in the file it records.
import type { AuditExportFormat, AuditFilter, SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { chinaDateTime, chinaStamp } from '../../common/text/china-time';
import type { AuditLog } from './audit-log';
import type { AuditReader } from './audit-reader';
import { describeExportFilters } from './describe';
import { auditCsv } from './export-csv';
import { auditXlsx } from './export-xlsx';

/** One export at most this many entries: the file travels base64 in one answer, and a spreadsheet of more is unusable anyway. */
export const MAX_EXPORT_ROWS = 100_000;

export interface AuditExportDeps {
  reader: AuditReader;
  audit: AuditLog;
  now: () => Date;
  /** Defaults to MAX_EXPORT_ROWS (tests lower it). */
  maxRows?: number;
}

export interface AuditExportFile {
  fileName: string;
  format: AuditExportFormat;
  rows: number;
  bytes: Buffer;
}

export async function exportAuditLog(deps: AuditExportDeps, user: SessionUser, filter: AuditFilter, format: AuditExportFormat): Promise<AuditExportFile> {
  // The filters as given (identifiers and days only), so the entry says which entries left.
  const chosen = Object.fromEntries(Object.entries(filter).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  const detail = { format, ...chosen };
  try {
    const matching = deps.reader.count(filter);
    const max = deps.maxRows ?? MAX_EXPORT_ROWS;
    if (matching > max) {
      throw new ApiFailure('BAD_INPUT', `符合条件的审计记录有 ${matching} 条，超过单次导出的上限 ${max} 条，请缩小日期范围后分批导出`);
    }
    const now = deps.now();
    const batches = deps.reader.inOrder(filter);
    const built = format === 'csv' ? auditCsv(batches) : await auditXlsx(batches, { createdAt: now, lines: aboutLines(deps, user, detail, now) });
    deps.audit.append({ actor: user.username, role: user.role, action: 'audit.export', outcome: 'success', detail: { ...detail, rows: built.rows } });
    return { fileName: `审计日志-${chinaStamp(now)}.${format}`, format, rows: built.rows, bytes: built.bytes };
  } catch (error) {
    const reason = error instanceof ApiFailure ? error.message : '内部错误';
    deps.audit.append({ actor: user.username, role: user.role, action: 'audit.export', outcome: 'failure', detail: { ...detail, reason } });
    throw error;
  }
}

function aboutLines(deps: AuditExportDeps, user: SessionUser, detail: Record<string, string>, now: Date): [string, string][] {
  const filters = describeExportFilters(detail, deps.reader.names());
  return [
    ['导出时间（北京时间）', chinaDateTime(now)],
    ['导出人', `${user.displayName}（${user.username}）`],
    ['筛选条件', filters.zh || '无（全部记录）'],
    ['说明', '每行一条审计记录，按序号从早到晚排列；本次导出已记入审计日志。'],
  ];
}
