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

export function checkXlsxContent(zip: Buffer, entries: ZipEntry[]): void {
  checkRatios(entries);
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  const longStrings = strings ? checkSharedStrings(part(zip, strings)) : new Set<number>();
  for (const entry of entries) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) checkSheet(part(zip, entry), longStrings);
  }
}

function part(zip: Buffer, entry: ZipEntry): string {
  const bytes = inflateEntry(zip, entry);
  if (!bytes) throw new IntakeFileError(`无法读取 Excel 文件：其中的「${entry.name}」已损坏或与声明的大小不符，请重新导出后再导入`);
  return bytes.toString('utf8');
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
function checkSharedStrings(xml: string): Set<number> {
  if (Buffer.byteLength(xml) > XLSX_MAX_SHARED_STRINGS_BYTES) {
    throw new IntakeFileError(`Excel 文件异常：共享字符串表超过 ${XLSX_MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MB 的上限，已拒绝读取；请把数据分成几个文件后再导入`);
  }
  const long = new Set<number>();
  let index = 0;
  for (const element of elements(xml, 'si')) {
    if (index >= XLSX_MAX_SHARED_STRINGS) {
      throw new IntakeFileError(`Excel 文件异常：共享字符串超过 ${XLSX_MAX_SHARED_STRINGS.toLocaleString('en-US')} 项的上限，已拒绝读取；请把数据分成几个文件后再导入`);
    }
    if (element.body.length > XLSX_MAX_CELL_CHARS && textLength(element.body) > XLSX_MAX_CELL_CHARS) long.add(index);
    index++;
  }
  return long;
}

/** Cells per row and characters per cell, with the place of the first offender. */
function checkSheet(xml: string, longStrings: Set<number>): void {
  let row = 0;
  let cells = 0;
  for (const element of elements(xml, 'c', 'row')) {
    if (element.name === 'row') {
      const r = /\br="(\d+)"/.exec(element.attributes);
      row = r ? Number(r[1]) : row + 1;
      cells = 0;
      continue;
    }
    cells++;
    const ref = /\br="([A-Z]+\d+)"/.exec(element.attributes)?.[1] ?? `第 ${row} 行第 ${cells} 个`;
    if (cells > XLSX_MAX_CELLS_PER_ROW) {
      throw new IntakeFileError(`Excel 文件异常：第 ${row} 行超过 ${XLSX_MAX_CELLS_PER_ROW} 个单元格（导入表最多 ${XLSX_MAX_CELLS_PER_ROW} 列），已拒绝读取；请删去多余的列后再导入`);
    }
    const shared = /\bt="s"/.test(element.attributes) ? /<v>\s*(\d+)\s*<\/v>/.exec(element.body) : null;
    const tooLong = shared ? longStrings.has(Number(shared[1])) : element.body.length > XLSX_MAX_CELL_CHARS && textLength(element.body) > XLSX_MAX_CELL_CHARS;
    if (tooLong) {
      throw new IntakeFileError(`Excel 文件异常：单元格 ${ref}（第 ${row} 行）的内容超过 ${XLSX_MAX_CELL_CHARS.toLocaleString('en-US')} 个字符（Excel 单元格的上限），已拒绝读取，未作截断；请检查该单元格后再导入`);
    }
  }
}

interface Element {
  name: string;
  attributes: string;
  body: string;
}

/**
 * The named elements in document order, found with indexOf — linear in the part's size even
 * when tags are left open (a regular expression with a lazy body would rescan to the end
 * for each unclosed tag). Only `first` elements have a body read; the others are just opened.
 */
function* elements(xml: string, first: string, ...opened: string[]): Generator<Element> {
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) {
    let end = at + 1;
    while (end < xml.length && !' \t\r\n/>'.includes(xml[end]!)) end++;
    const name = xml.slice(at + 1, end);
    if (name !== first && !opened.includes(name)) continue;
    const close = xml.indexOf('>', end);
    if (close < 0) throw new IntakeFileError(`无法读取 Excel 文件：XML 结构已损坏；${UNREADABLE}`);
    const selfClosing = xml[close - 1] === '/';
    const attributes = xml.slice(end, selfClosing ? close - 1 : close);
    if (name !== first || selfClosing) {
      yield { name, attributes, body: '' };
      at = close;
      continue;
    }
    const endTag = xml.indexOf(`</${first}>`, close);
    if (endTag < 0) throw new IntakeFileError(`无法读取 Excel 文件：XML 结构已损坏；${UNREADABLE}`);
    yield { name, attributes, body: xml.slice(close + 1, endTag) };
    at = endTag;
  }
}

/** Characters of text in an element's content: tags dropped, each entity one character. */
function textLength(content: string): number {
  return content.replace(/<[^>]*>/g, '').replace(/&[^;\s]{1,10};/g, '_').length;
}
