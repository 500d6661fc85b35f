// Which parser reads a file. The extension says what the file is meant to be; for
// workbooks the first bytes then say which reader can read it — an OLE2 compound file
// (D0 CF 11 E0: Excel 97–2003 .xls, and WPS's .et, which is the same layout) or a zip
// (PK: .xlsx) — so an .xls that is really an .xlsx (or the other way round, as renamed files
// often are) is read as what it is. Content never turns a text file into a workbook or a
// workbook into text: a mismatch there is refused with a clear message, not guessed at.
import type { IntakeFormat } from '../../common/contract';
import { openByteStream, type ByteFacts, type ByteInput } from './byte-input';
import type { SourceRow } from './cell';
import { csvRows } from './csv-source';
import { IntakeFileError } from './file-error';
import { jsonArrayRows, jsonLinesRows } from './json-source';
import { chooseEncoding, type TextEncoding } from './text-decoding';
import { openWorkbook, type WorkbookInfo } from './workbook-source';

const EXTENSIONS: Record<string, IntakeFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'csv',
  '.xlsx': 'xlsx',
  '.xls': 'xls',
  // WPS 表格's own extension; WPS writes it in the Excel 97–2003 layout.
  '.et': 'xls',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export const SUPPORTED_TYPES = '.csv、.xlsx、.xls、.et、.json 或 .jsonl';

/** The format a file's name declares, or null when it is not a type the node imports. */
export function formatOf(fileName: string): IntakeFormat | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : (EXTENSIONS[fileName.slice(dot).toLowerCase()] ?? null);
}

export function requireFormat(fileName: string): IntakeFormat {
  const format = formatOf(fileName);
  if (format) return format;
  throw new IntakeFileError(`不支持的文件类型：请使用 ${SUPPORTED_TYPES} 文件`);
}

const isWorkbook = (format: IntakeFormat) => format === 'xlsx' || format === 'xls';

/** The format to read the file as, from its declared format and its first bytes. */
export function contentFormat(declared: IntakeFormat, fileName: string, facts: ByteFacts): IntakeFormat {
  if (isWorkbook(declared)) {
    if (facts.container === 'zip') return 'xlsx';
    if (facts.container === 'ole2') return 'xls';
    if (facts.size === 0) throw new IntakeFileError('文件是空的');
    throw new IntakeFileError(
      `文件「${fileName}」的扩展名是 Excel 工作簿，但内容不是（可能是网页或文本格式的导出，只是改了扩展名）；请在 Excel 或 WPS 中打开它，“另存为” .xlsx 或 CSV 后再导入`,
    );
  }
  if (facts.container) {
    throw new IntakeFileError(`文件「${fileName}」的内容是 Excel 工作簿，但扩展名不是；请把扩展名改为 .xlsx 或 .xls 后再导入`);
  }
  return declared;
}

export interface OpenedRows {
  /** What the file was read as. */
  format: IntakeFormat;
  rows: AsyncGenerator<SourceRow>;
  encoding: TextEncoding | null;
  /** Workbooks: the sheets, the one read and the date system; null for text formats. */
  workbook: WorkbookInfo | null;
}

/**
 * Opens the file's rows. Text formats stream; a workbook is read and parsed here, so its
 * file-level problems (unreadable, too big, no such sheet) are thrown now, as IntakeFileError.
 */
export async function openRows(input: ByteInput, declared: IntakeFormat, facts: ByteFacts, sheet: string | undefined, onBytes?: (n: number) => void): Promise<OpenedRows> {
  const format = contentFormat(declared, input.fileName, facts);
  if (isWorkbook(format)) {
    const opened = await openWorkbook(input, format === 'xlsx' ? 'zip' : 'ole2', sheet, onBytes);
    return { format, rows: opened.rows, encoding: null, workbook: opened.info };
  }
  const encoding = chooseEncoding(facts);
  const parse = format === 'csv' ? csvRows : format === 'json' ? jsonArrayRows : jsonLinesRows;
  return { format, rows: lazily(() => parse(openByteStream(input, onBytes), encoding)), encoding, workbook: null };
}

/**
 * Rows whose file is opened only when the first row is asked for: a file found already
 * imported is never opened, so no handle is left open on it (a watch folder moves it next).
 */
async function* lazily(open: () => AsyncGenerator<SourceRow>): AsyncGenerator<SourceRow> {
  yield* open();
}
