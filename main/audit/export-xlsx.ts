// The audit log as an XLSX workbook: 审计日志 (one row per entry, the header frozen and
// filterable, times as date cells in China time — Excel has no time zones) and 导出说明 (who
// exported which entries, when). Written with ExcelJS's streaming writer, so a long export
// does not hold every cell object in memory at once.
import { PassThrough } from 'node:stream';
// Loaded with the first export, not with the core (≈ 20 MB a CSV import or a CLI command does without).
import type ExcelJS from 'exceljs';
import type { AuditEntryView } from '../../common/contract';
import { EXPORT_COLUMNS, TIME_HEADER } from './export-columns';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

export interface ExportAbout {
  /** Label → value lines of the 导出说明 sheet. */
  lines: [string, string][];
  createdAt: Date;
}

export async function auditXlsx(batches: Iterable<AuditEntryView[]>, about: ExportAbout): Promise<{ bytes: Buffer; rows: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const excel = (await import('exceljs')).default;
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '政务数据边缘节点';
  workbook.created = about.createdAt;

  const ws = workbook.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  header.commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  let rows = 0;
  for (const batch of batches) {
    for (const entry of batch) {
      const row = ws.addRow(EXPORT_COLUMNS.map((c) => (c.header === TIME_HEADER ? new Date(Date.parse(entry.at) + CHINA_OFFSET_MS) : c.value(entry))));
      row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
      row.commit();
      rows += 1;
    }
  }
  ws.commit();

  const info = workbook.addWorksheet('导出说明');
  info.columns = [
    { header: '项目', width: 22 },
    { header: '内容', width: 70 },
  ];
  info.getRow(1).font = { bold: true };
  for (const [label, value] of [...about.lines, ['导出条数', String(rows)] as [string, string]]) info.addRow([label, value]).commit();
  info.commit();

  await workbook.commit();
  await finished;
  return { bytes: Buffer.concat(chunks), rows };
}
