// CSV rows from a byte stream: decoded (UTF-8 with or without BOM, GB18030, UTF-16),
// delimiter detected from the first line, parsed as it streams. A field that is exactly an
// Excel error value (#N/A, #VALUE! …) is how Excel writes an error cell into a CSV, and how
// Excel reads it back: it becomes an error cell here too, refused with its reason.
import type { Readable } from 'node:stream';
import type { Cell, SourceRow } from './cell';
import { CsvParser, detectDelimiter, type CsvRow } from './csv-parser';
import { excelErrorInText } from './excel-errors';
import { decodeText, type TextEncoding } from './text-decoding';

export async function* csvRows(bytes: Readable, encoding: TextEncoding): AsyncGenerator<SourceRow> {
  let parser: CsvParser | null = null;
  try {
    for await (const text of decodeText(bytes, encoding)) {
      parser ??= new CsvParser(detectDelimiter(text));
      for (const row of parser.push(text)) yield withErrorCells(row);
    }
    if (!parser) return;
    const { rows, unterminatedQuote } = parser.end();
    for (const row of rows) {
      if (unterminatedQuote) yield { rowNumber: row.rowNumber, problem: '引号未闭合：从这一行起到文件末尾都被读成了一个单元格，请检查该行的双引号' };
      else yield withErrorCells(row);
    }
  } finally {
    bytes.destroy();
  }
}

/** The row as read, with error values as error cells; untouched (no copy) when there are none. */
function withErrorCells(row: CsvRow): SourceRow {
  let cells: Cell[] | null = null;
  row.cells.forEach((text, i) => {
    const fault = excelErrorInText(text);
    if (!fault) return;
    cells ??= [...row.cells];
    cells[i] = fault;
  });
  return cells ? { rowNumber: row.rowNumber, cells } : row;
}
