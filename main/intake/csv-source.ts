// CSV rows from a byte stream: decoded (UTF-8 with or without BOM, GB18030, UTF-16),
// delimiter detected from the first line, parsed as it streams.
import type { Readable } from 'node:stream';
import type { SourceRow } from './cell';
import { CsvParser, detectDelimiter } from './csv-parser';
import { decodeText, type TextEncoding } from './text-decoding';

export async function* csvRows(bytes: Readable, encoding: TextEncoding): AsyncGenerator<SourceRow> {
  let parser: CsvParser | null = null;
  try {
    for await (const text of decodeText(bytes, encoding)) {
      parser ??= new CsvParser(detectDelimiter(text));
      yield* parser.push(text);
    }
    if (!parser) return;
    const { rows, unterminatedQuote } = parser.end();
    for (const row of rows) {
      if (unterminatedQuote) yield { rowNumber: row.rowNumber, problem: '引号未闭合：从这一行起到文件末尾都被读成了一个单元格，请检查该行的双引号' };
      else yield row;
    }
  } finally {
    bytes.destroy();
  }
}
