// Workbook rows — .xlsx, Excel 97–2003 .xls and WPS .et — read with SheetJS (@e965/xlsx, the
// SheetJS 0.20 line on npm).
//
// Why SheetJS, for every workbook format: fidelity first. exceljs's streaming reader (used
// before) refused openpyxl/pandas files (absolute relationship targets), kept only the last
// run of a rich-text inline string (王 + 小明 became 小明), turned a formula's error result
// into a blank, could not read .xls at all, and parked a sheet's XML in a temporary file —
// in the clear — whenever the sheet came before the shared strings. SheetJS reads all of
// these right, from a buffer in memory, writing nothing to disk; one reader for all three
// formats also means one set of rules for what a cell is.
//
// The price is memory: SheetJS parses a whole workbook at once. So a workbook is bounded
// (workbook-limits.ts) before it is parsed, only the chosen sheet is parsed, and rows are
// released as they are handed on. Parsing is synchronous: a 100,000-row sheet holds the
// core for a few seconds, once per file (bench/import.bench.ts).
//
// Which reader reads a file was decided from its first bytes (file-format.ts): an OLE2
// compound file (.xls, and .et, which WPS writes in the .xls layout) or a zip (.xlsx).
import { readFile, stat } from 'node:fs/promises';
import type * as XLSX from '@e965/xlsx';
import type { ByteInput } from './byte-input';
import type { Cell, SourceRow } from './cell';
import { IntakeFileError } from './file-error';
import { DateFormats, sheetCell } from './sheetjs-cell';
import { checkWorkbookFileSize, checkXlsxPackage } from './workbook-limits';

type SheetJS = typeof XLSX;
let sheetjs: Promise<SheetJS> | null = null;

/**
 * SheetJS with its code pages (≈ 30 MB of memory) is loaded with the first workbook, not
 * with the core: CSV imports, and nodes that never see a workbook, do without it. The code
 * pages read old .xls files whose text is not Unicode (Excel 95 and earlier save Chinese in
 * GBK, code page 936).
 */
function loadSheetJS(): Promise<SheetJS> {
  sheetjs ??= Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel.full.mjs')]).then(([library, cptable]) => {
    library.set_cptable(cptable);
    return library;
  });
  return sheetjs;
}

export interface WorkbookInfo {
  /** Every sheet's name, in the workbook's order. */
  sheets: string[];
  /** The sheet read. */
  sheetName: string | null;
  date1904: boolean;
}

export interface OpenedWorkbook {
  info: WorkbookInfo;
  rows: AsyncGenerator<SourceRow>;
}

/** Reads and parses the workbook now (file-level problems are thrown here), rows later. */
export async function openWorkbook(input: ByteInput, container: 'zip' | 'ole2', sheet: string | undefined, onBytes: (n: number) => void = () => {}): Promise<OpenedWorkbook> {
  const format = container === 'zip' ? 'xlsx' : 'xls';
  const bytes = input.kind === 'buffer' ? input.buffer : await readWorkbookFile(input.path, format);
  checkWorkbookFileSize(format, bytes.length);
  if (container === 'zip') checkXlsxPackage(bytes);
  const library = await loadSheetJS();
  const workbook = parse(library, bytes, sheet);
  const sheets = workbook.SheetNames;
  const name = sheet ?? sheets[0];
  const worksheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!worksheet || name === undefined) {
    if (sheet !== undefined) throw new IntakeFileError(`工作簿中没有名为「${sheet}」的工作表，现有：${sheets.join('、') || '（无）'}`);
    throw new IntakeFileError('工作簿中没有工作表');
  }
  const info: WorkbookInfo = { sheets, sheetName: name, date1904: Boolean(workbook.Workbook?.WBProps?.date1904) };
  return { info, rows: sheetRows(worksheet, info.date1904, new DateFormats(library.SSF.is_date as (format: string) => boolean), bytes.length, onBytes) };
}

/** The file's bytes, after checking its size (nothing is read from a file that is too big). */
async function readWorkbookFile(path: string, format: 'xlsx' | 'xls'): Promise<Buffer> {
  checkWorkbookFileSize(format, (await stat(path)).size);
  return readFile(path);
}

function parse(library: SheetJS, bytes: Buffer, sheet: string | undefined): XLSX.WorkBook {
  try {
    return library.read(bytes, {
      type: 'buffer',
      dense: true, // rows as arrays: less memory than one key per cell
      sheets: sheet ?? 0, // only the sheet to be read is parsed
      cellNF: true, // number formats: how a date cell is told from a number
      cellText: false, // the formatted text is not needed (and costs memory)
      cellHTML: false,
      cellDates: false, // dates are converted here, per the workbook's date system
      cellFormula: true, // a formula without a saved result must be seen, not read as blank
      sheetStubs: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/i.test(message)) throw new IntakeFileError('工作簿设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存，再导入');
    if (/Cannot find Workbook stream/i.test(message)) throw new IntakeFileError('这不是 Excel 工作簿（可能是 Word 文档等其他 Office 文件），请确认选择了正确的文件');
    throw new IntakeFileError(`无法读取 Excel 文件（${message}），文件可能已损坏；请在 Excel 或 WPS 中打开并重新保存后再导入`);
  }
}

/** The sheet's rows, top to bottom; each row is released once handed on. */
async function* sheetRows(worksheet: XLSX.WorkSheet, date1904: boolean, dates: DateFormats, size: number, onBytes: (n: number) => void): AsyncGenerator<SourceRow> {
  const data = (worksheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  const total = data.length;
  for (let r = 0; r < total; r++) {
    const row = data[r];
    if (!row) continue; // a row the file does not have: nothing to count, as in the sheet
    data[r] = undefined;
    const cells: Cell[] = new Array<Cell>(row.length);
    for (let c = 0; c < row.length; c++) cells[c] = sheetCell(row[c], date1904, dates);
    // Progress as the share of rows handed on: the bytes were all read before parsing.
    onBytes(Math.round((size * (r + 1)) / total));
    yield { rowNumber: r + 1, cells };
  }
}
