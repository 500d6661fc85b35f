// What is inside an .xlsx, checked before SheetJS parses it. The size checks in
// workbook-limits.ts bound the bytes; these bound the shapes that cost far more memory or
// time than their bytes suggest, and that no sheet a township office sends ever has:
// - a part that compresses too well (a zip bomb kept under the size cap still means the
//   parser walks megabytes of filler made from a few kilobytes);
// - a huge shared-strings table (SheetJS builds one object per entry before any row);
// - a row wider than any real roster (SheetJS's dense rows are arrays as wide as the
//   widest column referenced);
// - a cell longer than Excel itself allows (it cannot have come from Excel or WPS; cutting
//   it would import something other than what was sent, so it is refused, with its place).
// Each part is inflated with its declared size as the cap (zip-directory.ts), one part at a
// time, in memory: nothing is written to the temp folder.
import { IntakeFileError } from './file-error';
import { inflateEntry, type ZipEntry } from './zip-directory';

/** Unpacked ÷ packed for one part. Real sheet XML packs 5–40×; deflate's ceiling is ≈ 1,030×. */
export const XLSX_MAX_PART_RATIO = 200;
/** Unpacked ÷ packed for the whole workbook. */
export const XLSX_MAX_TOTAL_RATIO = 100;
/** Ratios are only judged above this size: a small part cannot cost much, whatever its ratio. */
export const XLSX_RATIO_MIN_BYTES = 1024 * 1024;
/** Shared-strings entries: a 140,000-row roster with its names and addresses has < 300,000. */
export const XLSX_MAX_SHARED_STRINGS = 500_000;
/** Shared-strings part, unpacked. */
export const XLSX_MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024;
/**
 * Cells in one row. Excel allows 16,384 columns; the widest form the node reads has under
 * 100 fields, so 1,024 leaves room for notes columns while keeping dense rows small.
 */
export const XLSX_MAX_CELLS_PER_ROW = 1024;
/** Characters in one cell: Excel's own limit (32,767). */
export const XLSX_MAX_CELL_CHARS = 32_767;

const UNREADABLE = '请在 Excel 或 WPS 中打开并重新保存后再导入';

/**
 * Checks the content; returns the parts it inflated, which are thereby known to unpack to
 * their declared size (the caller need not inflate them again to check that).
 */
export function checkXlsxContent(zip: Buffer, entries: ZipEntry[]): Set<ZipEntry> {
  checkRatios(entries);
  const inflated = new Set<ZipEntry>();
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  let longStrings = new Set<number>();
  if (strings) {
    longStrings = checkSharedStrings(part(zip, strings));
    inflated.add(strings);
  }
  for (const entry of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) continue;
    checkSheet(part(zip, entry), longStrings);
    inflated.add(entry);
  }
  return inflated;
}

/**
 * The part's bytes. The XML is scanned as bytes, not decoded to a string: a 100,000-row
 * sheet is a 45 MB string beside its bytes, and the scan only looks at ASCII markup.
 */
function part(zip: Buffer, entry: ZipEntry): Buffer {
  const bytes = inflateEntry(zip, entry);
  if (!bytes) throw new IntakeFileError(`无法读取 Excel 文件：其中的「${entry.name}」已损坏或与声明的大小不符，请重新导出后再导入`);
  return bytes;
}

function checkRatios(entries: ZipEntry[]): void {
  let packed = 0;
  let unpacked = 0;
  for (const e of entries) {
    packed += e.compressedSize;
    unpacked += e.uncompressedSize;
    if (e.uncompressedSize > XLSX_RATIO_MIN_BYTES && e.uncompressedSize > XLSX_MAX_PART_RATIO * Math.max(1, e.compressedSize)) {
      throw new IntakeFileError(`Excel 文件异常：其中的「${e.name}」压缩比过高（超过 ${XLSX_MAX_PART_RATIO} 倍），疑似“压缩炸弹”，已拒绝读取；${UNREADABLE}`);
    }
  }
  if (unpacked > XLSX_RATIO_MIN_BYTES && unpacked > XLSX_MAX_TOTAL_RATIO * Math.max(1, packed)) {
    throw new IntakeFileError(`Excel 文件异常：整体压缩比过高（超过 ${XLSX_MAX_TOTAL_RATIO} 倍），疑似“压缩炸弹”，已拒绝读取；${UNREADABLE}`);
  }
}

/** Counts the <si> entries (the header's count can lie) and returns the indexes of over-long ones. */
function checkSharedStrings(xml: Buffer): Set<number> {
  if (xml.length > XLSX_MAX_SHARED_STRINGS_BYTES) {
    throw new IntakeFileError(`Excel 文件异常：共享字符串表超过 ${XLSX_MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MB 的上限，已拒绝读取；请把数据分成几个文件后再导入`);
  }
  const long = new Set<number>();
  let index = 0;
  scanElements(xml, 'si', null, (element) => {
    if (index >= XLSX_MAX_SHARED_STRINGS) {
      throw new IntakeFileError(`Excel 文件异常：共享字符串超过 ${XLSX_MAX_SHARED_STRINGS.toLocaleString('en-US')} 项的上限，已拒绝读取；请把数据分成几个文件后再导入`);
    }
    if (tooLongText(xml, element)) long.add(index);
    index++;
  });
  return long;
}

/** Cells per row and characters per cell, with the place of the first offender. */
function checkSheet(xml: Buffer, longStrings: Set<number>): void {
  let row = 0;
  let cells = 0;
  scanElements(xml, 'c', 'row', (element) => {
    if (!element.first) {
      const r = /\br="(\d+)"/.exec(attributesOf(xml, element));
      row = r ? Number(r[1]) : row + 1;
      cells = 0;
      return;
    }
    cells++;
    // The cell's name is only read to name an offender: most cells are never decoded at all.
    const ref = () => /\br="([A-Z]+\d+)"/.exec(attributesOf(xml, element))?.[1] ?? `第 ${row} 行第 ${cells} 个`;
    if (cells > XLSX_MAX_CELLS_PER_ROW) {
      throw new IntakeFileError(`Excel 文件异常：第 ${row} 行超过 ${XLSX_MAX_CELLS_PER_ROW} 个单元格（导入表最多 ${XLSX_MAX_CELLS_PER_ROW} 列），已拒绝读取；请删去多余的列后再导入`);
    }
    if (tooLongCell(xml, element, longStrings)) {
      throw new IntakeFileError(`Excel 文件异常：单元格 ${ref()}（第 ${row} 行）的内容超过 ${XLSX_MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 单元格的上限），已拒绝读取，未作截断；请检查该单元格后再导入`);
    }
  });
}

/**
 * A cell over Excel's length: a shared string listed as too long, or its own text too long.
 * A UTF-8 body of at most XLSX_MAX_CELL_CHARS bytes cannot hold more characters, so only a
 * shared-string cell (when any string is too long) or a long body is decoded.
 */
function tooLongCell(xml: Buffer, element: ScannedElement, longStrings: Set<number>): boolean {
  const long = element.bodyEnd - element.bodyStart > XLSX_MAX_CELL_CHARS;
  if (!long && longStrings.size === 0) return false;
  const shared = /\bt="s"/.test(attributesOf(xml, element)) ? /<v>\s*(\d+)\s*<\/v>/.exec(xml.toString('utf8', element.bodyStart, element.bodyEnd)) : null;
  return shared ? longStrings.has(Number(shared[1])) : tooLongText(xml, element);
}

function tooLongText(xml: Buffer, element: ScannedElement): boolean {
  if (element.bodyEnd - element.bodyStart <= XLSX_MAX_CELL_CHARS) return false;
  const body = xml.toString('utf8', element.bodyStart, element.bodyEnd);
  return body.length > XLSX_MAX_CELL_CHARS && textLength(body) > XLSX_MAX_CELL_CHARS;
}

interface ScannedElement {
  /** The `first` element (with a body), or one of the elements only opened. */
  first: boolean;
  attributesStart: number;
  attributesEnd: number;
  /** Empty (start = end) for a self-closing or only-opened element. */
  bodyStart: number;
  bodyEnd: number;
}

const attributesOf = (xml: Buffer, e: ScannedElement) => xml.toString('utf8', e.attributesStart, e.attributesEnd);

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** Whether a byte ends a tag's name: whitespace, `/` or `>`. */
const endsName = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a || b === SLASH || b === GT;

function nameIs(xml: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (xml[start + i] !== name[i]) return false;
  return true;
}

/** Where `pattern` next occurs at or after `from`, or -1 (a plain loop: far cheaper than a Buffer.indexOf call per cell). */
function find(xml: Buffer, from: number, pattern: Buffer): number {
  const last = xml.length - pattern.length;
  const head = pattern[0]!;
  outer: for (let i = from; i <= last; i++) {
    if (xml[i] !== head) continue;
    for (let k = 1; k < pattern.length; k++) if (xml[i + k] !== pattern[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Visits the named elements in document order in one forward pass — linear in the part's
 * size even when tags are left open (a regular expression with a lazy body would rescan to
 * the end for each unclosed tag). Only `first` elements have a body; `opened` is just opened.
 * One element object is reused for every visit (a sheet has millions of cells).
 */
function scanElements(xml: Buffer, first: string, opened: string | null, visit: (element: ScannedElement) => void): void {
  const firstName = Buffer.from(first, 'latin1');
  const openedName = opened === null ? null : Buffer.from(opened, 'latin1');
  const closing = Buffer.from(`</${first}>`, 'latin1');
  const element: ScannedElement = { first: true, attributesStart: 0, attributesEnd: 0, bodyStart: 0, bodyEnd: 0 };
  const n = xml.length;
  for (let at = 0; at < n; at++) {
    if (xml[at] !== LT) continue;
    let end = at + 1;
    while (end < n && !endsName(xml[end]!)) end++;
    const isFirst = nameIs(xml, at + 1, end, firstName);
    if (!isFirst && !(openedName && nameIs(xml, at + 1, end, openedName))) continue;
    let close = end;
    while (close < n && xml[close] !== GT) close++;
    if (close >= n) throw new IntakeFileError(`无法读取 Excel 文件：XML 结构已损坏；${UNREADABLE}`);
    const selfClosing = xml[close - 1] === SLASH;
    element.first = isFirst;
    element.attributesStart = end;
    element.attributesEnd = selfClosing ? Math.max(end, close - 1) : close;
    if (!isFirst || selfClosing) {
      element.bodyStart = element.bodyEnd = close;
      visit(element);
      at = close;
      continue;
    }
    const endTag = find(xml, close, closing);
    if (endTag < 0) throw new IntakeFileError(`无法读取 Excel 文件：XML 结构已损坏；${UNREADABLE}`);
    element.bodyStart = close + 1;
    element.bodyEnd = endTag;
    visit(element);
    at = endTag;
  }
}

/** Characters of text in an element's content: tags dropped, each entity one character. */
function textLength(content: string): number {
  return content.replace(/<[^>]*>/g, '').replace(/&[^;\s]{1,10};/g, '_').length;
}
