// A file's cell to the text a catalog validator checks, per item type — where Excel's
// pitfalls are caught before they become wrong data:
//
// - An ID number (or an all-digit credit code) typed into a General cell is stored by Excel
//   as a floating-point number: 15 significant digits survive, the rest become zeros, and the
//   file says 1.10105194912310E+17 (CSV) or 110105194912310000 (XLSX). The real number cannot
//   be recovered, and a guessed one would be someone else's. Such a row is REJECTED with the
//   reason, never stored.
// - Dates typed into General cells arrive as serial numbers (days since 1900-01-00, with
//   Lotus 1-2-3's fictitious 1900-02-29 kept for compatibility; or since 1904-01-01 in
//   workbooks from old Mac Excel). Dates in date-formatted cells arrive as Date already.
// - Codes lose their leading zeros as numbers (02 → 2), in a workbook and in the CSV saved
//   from it: matched to the code table by value when exactly one code fits (code-match.ts).
// - Excel error values (#N/A) and formulas saved without their result hold no value: the
//   cell is refused with its reason, whatever the item's type.
// - Full-width digits, full-width spaces and trailing blanks are left to the validators,
//   which fold and trim them exactly as for the form.
import type { CatalogItem } from '../../common/catalog/types';
import { CellFault, formatDate, formatNumber, type Cell } from './cell';
import { ambiguousCodeReason, matchCode } from './code-match';

export type CellTextResult = { ok: true; text: string } | { ok: false; reason: string };

const PRECISION_LOST = (item: CatalogItem) =>
  `${item.type === 'idNumber' ? '身份证号' : '统一社会信用代码'}在 Excel 中被存成了数字，后几位已丢失，请将该列设为文本后重新导出`;

/** Scientific notation as Excel writes a big number into CSV: 1.10105E+17, 1.10105194912310E+17. */
const SCIENTIFIC = /^\s*[+-]?\d+(?:\.\d+)?[eE]\+?\d+\s*$/;

export function cellToText(item: CatalogItem, cell: Cell, options: { date1904?: boolean } = {}): CellTextResult {
  if (cell === null) return { ok: true, text: '' };
  if (cell instanceof CellFault) return { ok: false, reason: `「${item.name}」${cell.reason}` };
  const identifier = item.type === 'idNumber' || item.type === 'creditCode';
  if (typeof cell === 'string') {
    if (identifier && SCIENTIFIC.test(cell)) return { ok: false, reason: PRECISION_LOST(item) };
    if (item.type === 'date' && /^\s*\d{5}\s*$/.test(cell)) {
      // A five-digit "date" is a serial number that lost its format on the way to CSV
      // (10000 = 1927-05-18 … 99999 = 2173-10-14); nothing else valid has that shape.
      const iso = excelSerialToIso(Number(cell), options.date1904);
      if (iso) return { ok: true, text: iso };
    }
    if (item.type === 'code') return codeText(item, cell);
    return { ok: true, text: cell };
  }
  if (typeof cell === 'number') {
    if (identifier) {
      if (!Number.isInteger(cell) || Math.abs(cell) >= 1e15) return { ok: false, reason: PRECISION_LOST(item) };
      return { ok: true, text: cell.toFixed(0) };
    }
    if (item.type === 'date') {
      const iso = excelSerialToIso(cell, options.date1904);
      if (iso) return { ok: true, text: iso };
      return { ok: false, reason: `「${item.name}」的值 ${formatNumber(cell)} 不是有效的日期（Excel 日期序号应在 1 到 2958465 之间，且 60 对应的 1900年2月29日并不存在）` };
    }
    // A number is matched as Excel shows it (2, 13): the same rule as the text in a CSV.
    if (item.type === 'code') return codeText(item, formatNumber(cell));
    return { ok: true, text: formatNumber(cell) };
  }
  if (typeof cell === 'boolean') return { ok: true, text: cell ? 'TRUE' : 'FALSE' };
  return { ok: true, text: formatDate(cell) };
}

/** A code item's value: the code it means by value, or the text as seen for the validator to judge. */
function codeText(item: CatalogItem, seen: string): CellTextResult {
  const match = matchCode(item, seen);
  if (match.kind === 'code') return { ok: true, text: match.code };
  if (match.kind === 'ambiguous') return { ok: false, reason: ambiguousCodeReason(item, seen, match.codes) };
  return { ok: true, text: seen };
}

const DAY_MS = 86_400_000;

/**
 * An Excel serial date to YYYY-MM-DD (the time of day, the fraction, is dropped), or null
 * when the serial names no real day. 1900 system: serial 1 = 1900-01-01, 59 = 1900-02-28,
 * 60 = the non-existent 1900-02-29, 61 = 1900-03-01. 1904 system: 0 = 1904-01-01.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  if (days > 2_958_465) return null; // 9999-12-31
  let ms: number;
  if (date1904) {
    if (days < 0) return null;
    ms = Date.UTC(1904, 0, 1) + days * DAY_MS;
  } else {
    if (days < 1 || days === 60) return null;
    ms = Date.UTC(1899, 11, 31) + (days < 60 ? days : days - 1) * DAY_MS;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * An Excel serial date-time to the Date it shows (UTC, as exceljs gave dates), the time of
 * day rounded to the second as Excel displays it; null when the serial names no real day.
 */
export function excelSerialToDate(serial: number, date1904 = false): Date | null {
  const iso = excelSerialToIso(serial, date1904);
  if (!iso) return null;
  const seconds = Math.round((serial - Math.floor(serial)) * 86_400);
  return new Date(Date.parse(iso) + seconds * 1000);
}
