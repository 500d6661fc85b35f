// Which parser reads a file, from its name, and opening its rows. The extension decides:
// content sniffing would let a renamed file be read in a way its owner did not intend.
import type { IntakeFormat } from '../../common/contract';
import { openByteStream, type ByteFacts, type ByteInput } from './byte-input';
import type { SourceRow } from './cell';
import { csvRows } from './csv-source';
import { IntakeFileError } from './file-error';
import { jsonArrayRows, jsonLinesRows } from './json-source';
import { chooseEncoding, type TextEncoding } from './text-decoding';
import { xlsxRows, type XlsxInfo } from './xlsx-source';

const EXTENSIONS: Record<string, IntakeFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'csv',
  '.xlsx': 'xlsx',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export function formatOf(fileName: string): IntakeFormat | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : (EXTENSIONS[fileName.slice(dot).toLowerCase()] ?? null);
}

export function requireFormat(fileName: string): IntakeFormat {
  const format = formatOf(fileName);
  if (format) return format;
  if (/\.xls$/i.test(fileName)) throw new IntakeFileError('不支持旧的 .xls 格式，请在 Excel 中“另存为” .xlsx 或 CSV 后再导入');
  throw new IntakeFileError('不支持的文件类型：请使用 .csv、.xlsx、.json 或 .jsonl 文件');
}

export interface OpenedRows {
  rows: AsyncGenerator<SourceRow>;
  encoding: TextEncoding | null;
  xlsx: XlsxInfo;
}

export function openRows(input: ByteInput, format: IntakeFormat, facts: ByteFacts, sheet: string | undefined, onBytes?: (n: number) => void): OpenedRows {
  const bytes = openByteStream(input, onBytes);
  const xlsx: XlsxInfo = { sheets: [], sheetName: null, date1904: false };
  if (format === 'xlsx') return { rows: xlsxRows(bytes, sheet, xlsx), encoding: null, xlsx };
  const encoding = chooseEncoding(facts);
  const rows = format === 'csv' ? csvRows(bytes, encoding) : format === 'json' ? jsonArrayRows(bytes, encoding) : jsonLinesRows(bytes, encoding);
  return { rows, encoding, xlsx };
}
