// XLSX rows with exceljs's streaming WorkbookReader: the zip is read as it streams and only
// the chosen sheet's rows are turned into values (other sheets are drained unread). Shared
// strings are cached by exceljs (they must be, to resolve cells), so a workbook's memory is
// its distinct strings, not its rows. When a sheet comes before the shared strings in the
// zip, exceljs parks that sheet's XML in a temporary file until the strings are read.
//
// Styles are read too: that is how exceljs knows a number is a date (its number format) and
// hands us a Date; a date typed into a General-formatted cell stays a serial number and is
// converted per column later (cell-text.ts).
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import type { Cell, SourceRow } from './cell';
import { IntakeFileError } from './file-error';

export interface XlsxInfo {
  sheets: string[];
  sheetName: string | null;
  date1904: boolean;
}

interface ReaderInternals {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

export async function* xlsxRows(bytes: Readable, sheet: string | undefined, info: XlsxInfo): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  let found = false;
  try {
    for await (const worksheet of reader) {
      info.sheets = (internals.model?.sheets ?? []).map((s) => s.name);
      info.date1904 = Boolean(internals.properties?.model?.date1904);
      const name = (worksheet as unknown as { name?: string }).name ?? '';
      const wanted = sheet ?? info.sheets[0];
      if (wanted !== undefined && name !== wanted) continue; // drained by exceljs
      found = true;
      info.sheetName = name;
      for await (const row of worksheet) {
        yield { rowNumber: row.number, cells: rowCells(row.values) };
      }
      break;
    }
  } catch (error) {
    if (error instanceof IntakeFileError) throw error;
    throw new IntakeFileError(`无法读取 Excel 文件（${error instanceof Error ? error.message : String(error)}），请确认是 .xlsx 格式且未损坏；旧的 .xls 格式请先另存为 .xlsx`);
  } finally {
    bytes.destroy();
  }
  if (!found) {
    if (sheet !== undefined) throw new IntakeFileError(`工作簿中没有名为「${sheet}」的工作表，现有：${info.sheets.join('、') || '（无）'}`);
    throw new IntakeFileError('工作簿中没有工作表');
  }
}

/** exceljs row.values is 1-based and sparse; cells come as values or value objects. */
function rowCells(values: unknown): Cell[] {
  const list = Array.isArray(values) ? values : [];
  const cells: Cell[] = [];
  for (let i = 1; i < list.length; i++) cells.push(toCell(list[i]));
  return cells;
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return toCell(v.result);
    if (typeof v.text === 'string') return v.text; // hyperlink
    if (v.error !== undefined) return String(v.error); // #N/A, #VALUE!: rejected by the validators
  }
  return String(value);
}
