// How big a workbook may be. A CSV is read row by row and can be any size, but a workbook is
// read whole into memory (see workbook-source.ts for why), so its size is bounded where the
// memory it costs stays under about 1 GB on an office PC. Measured with
// bench/import.bench.ts (peak resident memory of a whole import, of which ≈ 170 MB is the
// process before the import starts): a 100,000-row, 10-column .xlsx (8 MB, unpacking to
// 45 MB) peaks at ≈ 690 MB — about 11.5 bytes per unpacked byte — and a 65,535-row .xls of
// 12 MB at ≈ 730 MB — about 47 bytes per file byte. Each refusal says what to do instead, in
// Chinese, and is made before anything is parsed.
import type { IntakeFormat } from '../../common/contract';
import { IntakeFileError } from './file-error';
import { checkXlsxContent } from './xlsx-content-limits';
import { entryHonest, zipEntries } from './zip-directory';

/** Largest .xlsx file in bytes (what it unpacks to is bounded below). */
export const XLSX_MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Largest total unpacked size of an .xlsx's parts (the XML the reader parses). */
export const XLSX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Largest .xls / .et file: a full 65,536-row sheet as Excel writes it is 10–14 MB. */
export const XLS_MAX_FILE_BYTES = 16 * 1024 * 1024;

const MB = 1024 * 1024;
const ALTERNATIVE = '工作簿须整个读入内存才能读取；请把数据分成几个文件，或在 Excel / WPS 中“另存为” CSV（CSV 逐行读取，没有大小限制）后再导入';

export function checkWorkbookFileSize(format: Extract<IntakeFormat, 'xlsx' | 'xls'>, size: number): void {
  const limit = format === 'xlsx' ? XLSX_MAX_FILE_BYTES : XLS_MAX_FILE_BYTES;
  if (size > limit) {
    const kind = format === 'xlsx' ? '.xlsx' : '.xls / .et';
    throw new IntakeFileError(`Excel 工作簿太大：文件有 ${(size / MB).toFixed(1)} MB，超过 ${kind} 文件 ${limit / MB} MB 的上限。${ALTERNATIVE}`);
  }
}

/**
 * An .xlsx's parts: it must be an Office Open XML package, unpack to no more than the limit,
 * every part must unpack to the size it declares (a zip that lies is refused), and its
 * content must keep within xlsx-content-limits.ts.
 */
export function checkXlsxPackage(zip: Buffer): void {
  const entries = zipEntries(zip);
  if (!entries) throw new IntakeFileError('无法读取 Excel 文件：压缩包结构已损坏（文件可能没有完整保存或下载），请重新导出后再导入');
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) {
    const ods = names.has('content.xml') && names.has('mimetype');
    throw new IntakeFileError(
      ods
        ? '这是 OpenDocument 表格（.ods，LibreOffice / WPS 的格式），不是 .xlsx：请“另存为” Excel 工作簿（.xlsx）后再导入'
        : '文件的扩展名是 Excel 工作簿，但内容只是一个普通压缩包，不是 Excel 工作簿；请确认选择了正确的文件',
    );
  }
  const unpacked = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (unpacked > XLSX_MAX_UNPACKED_BYTES) {
    throw new IntakeFileError(
      `Excel 工作簿太大：解压后的内容有 ${(unpacked / MB).toFixed(0)} MB，超过 ${XLSX_MAX_UNPACKED_BYTES / MB} MB 的上限（约 14 万行 × 10 列）。${ALTERNATIVE}`,
    );
  }
  // Ratios, shared strings, row widths and cell lengths: before the other parts are inflated
  // (the parts inflated there are not inflated again to check their sizes).
  const inflated = checkXlsxContent(zip, entries);
  for (const entry of entries) {
    if (!inflated.has(entry) && !entryHonest(zip, entry)) throw new IntakeFileError(`无法读取 Excel 文件：其中的「${entry.name}」已损坏或与声明的大小不符，请重新导出后再导入`);
  }
}
