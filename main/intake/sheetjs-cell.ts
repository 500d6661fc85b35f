// A cell as SheetJS parsed it (from .xlsx, .xls or .et) to a Cell, as a person sees it in
// Excel:
// - text is the whole text — a rich-text cell's runs joined (王 in bold + 小明 = 王小明);
// - numbers stay numbers (cell-text.ts writes them without binary noise, and catches ID
//   numbers that Excel already rounded);
// - a number in a date-formatted cell is that date (1900 or 1904 system); a date typed
//   into a General cell stays a serial number, converted per column later;
// - an error value (#N/A…) or a formula saved without its result is a CellFault, refused
//   with its reason — never text, never blank.
import type * as XLSX from '@e965/xlsx';
import { CellFault, type Cell } from './cell';
import { excelSerialToDate } from './cell-text';
import { excelErrorFault } from './excel-errors';

/** BIFF error codes, which SheetJS keeps as the cell's value (for .xlsx as well). */
const ERROR_CODES: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** Whether a number format shows a date (SheetJS's SSF.is_date), remembered per format: a sheet has few. */
export class DateFormats {
  private readonly known = new Map<string, boolean>();
  constructor(private readonly isDate: (format: string) => boolean) {}

  has(format: XLSX.CellObject['z']): boolean {
    if (typeof format !== 'string' || format === 'General') return false;
    let known = this.known.get(format);
    if (known === undefined) {
      known = this.isDate(format);
      if (this.known.size < 1000) this.known.set(format, known);
    }
    return known;
  }
}

export function sheetCell(cell: XLSX.CellObject | undefined, date1904: boolean, dates: DateFormats): Cell {
  if (!cell) return null;
  const v = cell.v;
  switch (cell.t) {
    case 's':
      return typeof v === 'string' ? v : v === undefined ? null : String(v);
    case 'n': {
      if (typeof v !== 'number') return cell.f ? formulaWithoutResult(cell.f) : null;
      if (dates.has(cell.z)) return excelSerialToDate(v, date1904) ?? v; // no such day (1900-02-29): the number, refused later in a date column
      return v;
    }
    case 'b':
      return Boolean(v);
    case 'e':
      return excelErrorFault(cell.w?.startsWith('#') ? cell.w : (ERROR_CODES[Number(v)] ?? '#错误'));
    case 'd':
      return v instanceof Date ? v : null;
    case 'z':
      // A stub: an empty cell that only has a format — or a formula with no result saved.
      return cell.f ? formulaWithoutResult(cell.f) : null;
  }
}

function formulaWithoutResult(formula: string): CellFault {
  return new CellFault(
    `=${formula}`,
    '是公式，但文件中没有保存计算结果（由程序生成的文件常这样），无法知道它显示的值；请在 Excel 或 WPS 中打开该文件并保存一次后再导入',
  );
}
