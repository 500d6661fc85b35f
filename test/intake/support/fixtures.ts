// Import fixtures, generated in the tests (never hand-edited binaries): 贫困户 rows with
// valid, distinct ID numbers; CSV text (quoted as Excel quotes), GB18030 bytes as Chinese
// Windows writes them, and XLSX workbooks written with exceljs — numeric ID numbers, serial
// dates, Date cells, a merged title and merged header cells.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { validateIdNumber } from '../../../common/catalog/id-number';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** A valid ID number, distinct for every i (0 … ~20 million): birth day from i / 1000, sequence i % 1000. */
export function uniqueIdNumber(i: number, area = '469030'): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${area}${birth}${String(i % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * WEIGHTS[k]!;
  const id = first17 + CHECK_CHARS[sum % 11]!;
  if (!validateIdNumber(id).ok) throw new Error(`uniqueIdNumber(${i}) built an invalid number ${id}`);
  return id;
}

/** Column headers of 贫困户信息 (203001-00001) by item name, in catalog order. */
export const POVERTY_HEADERS = ['户主姓名', '户主公民身份号码', '所在村', '家庭人口数', '家庭年人均纯收入（元）', '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态', '联系电话'];

/** One valid row as a clerk's spreadsheet holds it (labels, not codes, for the code items). */
export function povertyRow(i: number, overrides: Partial<Record<(typeof POVERTY_HEADERS)[number], string>> = {}): string[] {
  const row: Record<string, string> = {
    户主姓名: `符${'明亮华强'[i % 4]}${i}`,
    户主公民身份号码: uniqueIdNumber(i),
    所在村: '469030100201',
    家庭人口数: String(1 + (i % 6)),
    '家庭年人均纯收入（元）': `${3000 + (i % 500)}.50`,
    贫困户属性: '一般贫困户',
    主要致贫原因: '因病',
    识别日期: '2016-03-05',
    脱贫状态: '已脱贫',
    联系电话: i % 3 === 0 ? '' : `138${String(10_000_000 + i).slice(-8)}`,
    ...overrides,
  };
  return POVERTY_HEADERS.map((h) => row[h]!);
}

/** CSV text as Excel writes it: fields with comma, quote or line break quoted, quotes doubled. */
export function csvText(rows: readonly (readonly string[])[], eol = '\r\n'): string {
  const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(field).join(',')).join(eol) + eol;
}

export function utf8Bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export function gb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

export type XlsxCell = string | number | Date | null;

export interface SheetSpec {
  name: string;
  /** Every row from row 1: titles, header rows, data. */
  rows: XlsxCell[][];
  /** Merged ranges, 1-based and inclusive: [top, left, bottom, right]. Only the top-left cell keeps a value. */
  merges?: [number, number, number, number][];
  /** Columns (1-based) given a date number format, so Date cells read back as dates. */
  dateColumns?: number[];
}

/** An XLSX workbook as a buffer, written with exceljs. */
export async function xlsxBuffer(sheets: SheetSpec[], options: { date1904?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  for (const spec of sheets) {
    const ws = workbook.addWorksheet(spec.name);
    for (const cells of spec.rows) ws.addRow(cells);
    for (const [top, left, bottom, right] of spec.merges ?? []) ws.mergeCells(top, left, bottom, right);
    for (const col of spec.dateColumns ?? []) ws.getColumn(col).numFmt = 'yyyy-mm-dd';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
