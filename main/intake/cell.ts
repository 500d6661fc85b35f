// One value as a file holds it, before it is turned into the text a catalog validator
// checks. CSV gives only strings; workbooks and JSON also give numbers, booleans and
// (workbooks) dates — which is exactly where Excel's pitfalls hide (ID numbers as numbers,
// dates as serials). A cell whose value no one can know (an Excel error value, a formula
// saved without its result) is a CellFault: it is shown as the file shows it and always
// refused with its reason, never stored as text and never read as blank.
export class CellFault {
  constructor(
    /** What the cell shows in Excel (#N/A) or holds (=B2&"x"), for reports and the preview. */
    readonly shown: string,
    /** Why no value can be taken from it, in Chinese, without the item's name. */
    readonly reason: string,
  ) {}
}

export type Cell = string | number | boolean | Date | CellFault | null;

/** A row as the parser read it: either positional cells (CSV, workbooks) or named values (JSON). */
export type SourceRow =
  | { rowNumber: number; cells: Cell[]; problem?: undefined }
  | { rowNumber: number; record: Record<string, Cell>; problem?: undefined }
  /** The row could not be read at all (broken JSON line, element that is not an object…). */
  | { rowNumber: number; problem: string };

/** Blank: null, or text that is only whitespace (including the full-width space). */
export function isBlankCell(cell: Cell): boolean {
  if (cell === null) return true;
  if (typeof cell === 'string') return cell.replace(/[\s\u3000\u200b\ufeff]+/g, '') === '';
  return false;
}

/** A cell as plain text for headers and the preview. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return formatNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof CellFault) return cell.shown;
  return formatDate(cell);
}

/**
 * A number as a person would write it: no exponent, no binary noise. Excel keeps 15
 * significant digits, so a value like 4500.499999999999 (from a formula) is shown as
 * 4500.5, as Excel itself shows it.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n.toFixed(0);
  if (Math.abs(n) >= 1e15 && Math.abs(n) < 1e21) {
    // Beyond 15 significant digits Excel shows zeros (and that is all the file ever had):
    // 469030194001010000, not the binary value's 469030194001009984.
    const [mantissa, exponent] = Math.abs(n).toPrecision(15).split('e+');
    const digits = mantissa!.replace('.', '');
    return `${n < 0 ? '-' : ''}${digits.padEnd(Number(exponent) + 1, '0')}`;
  }
  const rounded = String(Number(n.toPrecision(15)));
  const m = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(rounded);
  // Shortest form is plain except for tiny magnitudes: write 1e-7 as 0.0000001.
  return m ? `${m[1]}0.${'0'.repeat(Number(m[4]) - 1)}${m[2]}${m[3] ?? ''}` : rounded;
}

/** Excel and exceljs give dates as UTC midnight; show the calendar date (and time if any). */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
