// The quarterly report as an XLSX workbook for the county: 概况 (the node, the period, the
// totals, backups and outages), 资源明细 (one row per catalog resource) and 链路中断 (each
// outage). Counts are numbers, rates are numbers with a percentage format and times are
// dates, so the county can add up the township reports in a spreadsheet; times are written
// as China Standard Time wall-clock times (Excel has no time zones).
// Loaded with the first export, not with the core (≈ 20 MB a CSV import or a CLI command does without).
import type ExcelJS from 'exceljs';
import type { QuarterlyReport } from '../../common/contract';
import { CYCLE_LABEL, SHARING_LABEL } from './labels';

const PERCENT = '0.0%';
const INTEGER = '#,##0';
const DATE_TIME = 'yyyy-mm-dd hh:mm';
const CST_OFFSET_MS = 8 * 3600_000;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFB7B7B7' } },
  bottom: { style: 'thin', color: { argb: 'FFB7B7B7' } },
  left: { style: 'thin', color: { argb: 'FFB7B7B7' } },
  right: { style: 'thin', color: { argb: 'FFB7B7B7' } },
};

/** `季度报告-<nodeId>-2026Q3.xlsx` */
export function quarterlyReportFileName(report: Pick<QuarterlyReport, 'year' | 'quarter' | 'node'>): string {
  return `季度报告-${report.node.nodeId}-${report.year}Q${report.quarter}.xlsx`;
}

/** An ISO instant as a Date whose UTC fields are the China Standard Time wall clock (what Excel shows). */
export function cstWallClock(iso: string): Date {
  return new Date(Date.parse(iso) + CST_OFFSET_MS);
}

export async function quarterlyReportXlsx(report: QuarterlyReport): Promise<Buffer> {
  const excel = (await import('exceljs')).default;
  const workbook = new excel.Workbook();
  workbook.creator = '政务数据边缘节点';
  workbook.title = `${report.node.unitName} ${report.year}年第${report.quarter}季度数据共享季度报告`;
  workbook.created = new Date(report.generatedAt);
  overviewSheet(workbook, report);
  resourcesSheet(workbook, report);
  outagesSheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type Cell = string | number | Date | null;

/** A sheet with a styled, frozen header row and fixed column widths; printed landscape, one page wide. */
function sheet(workbook: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[]): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.height = 22;
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  ws.pageSetup.printTitlesRow = '1:1';
  return ws;
}

/** Adds a row; each cell gets its number format from the value's kind (`formats` by column, 1-based). */
function addRow(ws: ExcelJS.Worksheet, values: Cell[], formats: Record<number, string> = {}, bold = false): ExcelJS.Row {
  const row = ws.addRow(values);
  values.forEach((value, i) => {
    const cell = row.getCell(i + 1);
    cell.border = THIN;
    if (bold) cell.font = { bold: true };
    if (value instanceof Date) cell.numFmt = DATE_TIME;
    else if (typeof value === 'number') cell.numFmt = formats[i + 1] ?? INTEGER;
    else cell.alignment = { wrapText: true, vertical: 'top' };
  });
  return row;
}

/** 是 / 否; 不提供 for a resource this unit does not provide (not judged). */
function timelyCell(timely: boolean | null): Cell {
  return timely === null ? '不提供' : timely ? '是' : '否';
}

function rateCell(rate: number | null, negativeList: boolean): Cell {
  if (negativeList) return '不予共享';
  return rate ?? '—';
}

function overviewSheet(workbook: ExcelJS.Workbook, r: QuarterlyReport): void {
  const ws = sheet(workbook, '概况', [
    { header: '项目', width: 28 },
    { header: '内容', width: 48 },
  ]);
  const rows: [string, Cell, string?][] = [
    ['单位名称', r.node.unitName],
    ['统一社会信用代码', r.node.creditCode],
    ['行政区划代码', r.node.divisionCode],
    ['节点编号', r.node.nodeId],
    ['程序版本', r.node.appVersion],
    ['资源目录版本', r.node.catalogVersion],
    ['报告期', `${r.year}年第${r.quarter}季度（${r.from} 至 ${r.to}）`],
    ['生成时间（北京时间）', cstWallClock(r.generatedAt)],
    ['节点建立时间（北京时间）', r.node.createdAt ? cstWallClock(r.node.createdAt) : '不详'],
    ['使用中的目录资源（个）', r.resourcesInUse],
    ['本单位提供的资源（个）', r.totals.provided],
    ['其中按期更新（个）', r.totals.timely],
    ['有更新的天数', r.totals.activeDays],
    ['本季度登记记录（条）', r.totals.registered],
    ['交换平台接收（版本）', r.totals.delivered],
    ['交换平台拒收（版本）', r.totals.rejected],
    ['共享率', r.totals.sharingRate ?? '—', PERCENT],
    ['备份成功（次）', r.backups.made],
    ['备份失败（次）', r.backups.failed],
    ['恢复演练通过（次）', r.backups.verified],
    ['恢复演练失败（次）', r.backups.verifyFailed],
    ['上传容灾备份中心（次）', r.backups.uploaded],
    ['本季度最近一次备份（北京时间）', r.backups.lastBackupAt ? cstWallClock(r.backups.lastBackupAt) : '无'],
    ['本季度最近一次恢复演练（北京时间）', r.backups.lastVerifiedAt ? cstWallClock(r.backups.lastVerifiedAt) : '无'],
    ['链路中断（次）', r.outages.length],
    ['链路中断时长（分钟）', r.outageMinutes],
  ];
  for (const [label, value, format] of rows) {
    const row = addRow(ws, [label, value], format ? { 2: format } : {});
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  }
}

function resourcesSheet(workbook: ExcelJS.Workbook, r: QuarterlyReport): void {
  const ws = sheet(workbook, '资源明细', [
    { header: '资源代码', width: 15 },
    { header: '资源名称', width: 26 },
    { header: '共享类型', width: 12 },
    { header: '更新周期', width: 10 },
    { header: '期末有效记录（条）', width: 12 },
    { header: '本季度登记（条）', width: 12 },
    { header: '更正（次）', width: 10 },
    { header: '撤回（条）', width: 10 },
    { header: '交换平台接收（版本）', width: 13 },
    { header: '交换平台拒收（版本）', width: 13 },
    { header: '共享率', width: 10 },
    { header: '更新及时', width: 10 },
    { header: '有更新的天数', width: 10 },
  ]);
  for (const x of r.resources) {
    const negative = x.sharingType === 'none';
    addRow(
      ws,
      [
        x.resourceCode,
        x.name,
        SHARING_LABEL[x.sharingType],
        CYCLE_LABEL[x.updateCycle],
        x.records,
        x.registered,
        x.corrected,
        x.withdrawn,
        negative ? '不上报' : x.delivered,
        negative ? '不上报' : x.rejected,
        rateCell(x.sharingRate, negative),
        timelyCell(x.timely),
        x.activeDays,
      ],
      { 11: PERCENT },
    );
  }
  // Every column of the 合计 row is filled: sums, the overall rate, how many provided resources
  // were timely, and the days with any update (not the sum of the rows' days).
  const t = r.totals;
  addRow(
    ws,
    ['合计', `使用中 ${r.resourcesInUse} 个`, '—', '—', t.records, t.registered, t.corrected, t.withdrawn, t.delivered, t.rejected, t.sharingRate ?? '—', `${t.timely} / ${t.provided} 个按期`, t.activeDays],
    { 11: PERCENT },
    true,
  );
  ws.addRow([]);
  for (const note of [
    '说明：共享率 = 本季度交换平台接收的版本数 ÷ 本季度进入上报队列的版本数（补传以前积压的数据时按 100% 计）；不予共享（负面清单）资源不上报。',
    '更新及时：每日/实时资源每个工作日（周一至周五）、每周资源每周、每月资源每月、每季度资源本季度内至少更新一次，每年资源一年内更新过；不定期资源不考核。本季度尚未结束的周期、节点建立之前（含建立当期）开始的周期不计。只考核本单位提供的资源，其余显示“不提供”。',
    '计数口径：登记、撤回按条（记录）计；交换平台接收、拒收按版本计，每次登记、更正、撤回各产生一个版本。',
  ]) {
    const row = ws.addRow([note]);
    ws.mergeCells(row.number, 1, row.number, 13);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 30;
  }
}

function outagesSheet(workbook: ExcelJS.Workbook, r: QuarterlyReport): void {
  const ws = sheet(workbook, '链路中断', [
    { header: '开始时间（北京时间）', width: 20 },
    { header: '结束时间（北京时间）', width: 20 },
    { header: '时长（分钟）', width: 12 },
    { header: '原因', width: 60 },
  ]);
  if (r.outages.length === 0) {
    addRow(ws, ['本季度无链路中断', null, 0, null]);
    return;
  }
  for (const o of r.outages) addRow(ws, [cstWallClock(o.from), o.to ? cstWallClock(o.to) : '仍在中断', o.minutes, o.reason]);
  addRow(ws, ['合计', `${r.outages.length} 次`, r.outageMinutes, null], {}, true);
}
