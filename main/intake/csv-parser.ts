// A streaming CSV parser (RFC 4180 as Excel writes it): fields separated by a delimiter,
// optionally quoted; inside quotes a doubled quote is a quote and delimiters and line
// breaks are data. Line breaks are LF, CRLF or a lone CR. Text arrives in arbitrary
// pieces — a quote, a CRLF or a doubled quote may be split across two pieces — and rows
// come out as soon as they are complete, so memory stays bounded by one row.
//
// Row numbers count records as a spreadsheet program shows them (the first record is row
// 1), so a report's "第 N 行" is the row the clerk sees when opening the file in Excel.
const QUOTE = 34;
const LF = 10;
const CR = 13;

export interface CsvRow {
  rowNumber: number;
  cells: string[];
}

export class CsvParser {
  private field = '';
  private row: string[] = [];
  private inQuotes = false;
  /** The previous piece ended on a quote inside a quoted field: escaped quote or closing? */
  private quoteAtEnd = false;
  /** The previous piece ended on CR: a following LF belongs to the same line break. */
  private crAtEnd = false;
  private rowNumber = 0;
  private readonly delimiter: number;

  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds the next piece of text; returns the rows it completed. */
  push(text: string): CsvRow[] {
    const out: CsvRow[] = [];
    const n = text.length;
    const delimiter = this.delimiter;
    let i = 0;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
    }
    if (this.quoteAtEnd && n > 0) {
      this.quoteAtEnd = false;
      if (text.charCodeAt(i) === QUOTE) {
        this.field += '"';
        i++;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          return out;
        }
        this.field += text.slice(i, q);
        if (q + 1 >= n) {
          this.quoteAtEnd = true;
          return out;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) this.field += text.slice(i, j);
      if (j >= n) return out;
      if (c === QUOTE) {
        // A quote opens a quoted field only at its start; elsewhere it is kept as data,
        // as Excel does with `abc"def`.
        if (this.field === '') this.inQuotes = true;
        else this.field += '"';
        i = j + 1;
      } else if (c === delimiter) {
        this.row.push(this.field);
        this.field = '';
        i = j + 1;
      } else {
        out.push(this.endRow());
        i = j + 1;
        if (c === CR) {
          if (i >= n) this.crAtEnd = true;
          else if (text.charCodeAt(i) === LF) i++;
        }
      }
    }
    return out;
  }

  /** Ends the input: the last row (if it has no final line break) and whether a quote was left open. */
  end(): { rows: CsvRow[]; unterminatedQuote: boolean } {
    const unterminatedQuote = this.inQuotes && !this.quoteAtEnd;
    const rows: CsvRow[] = [];
    if (this.field !== '' || this.row.length > 0 || this.inQuotes) rows.push(this.endRow());
    this.inQuotes = false;
    this.quoteAtEnd = false;
    return { rows, unterminatedQuote };
  }

  private endRow(): CsvRow {
    this.row.push(this.field);
    const row = { rowNumber: ++this.rowNumber, cells: this.row };
    this.row = [];
    this.field = '';
    return row;
  }
}

/**
 * The delimiter of a CSV file from its first line: comma (Excel in China), tab (Excel's
 * "Unicode 文本") or semicolon (Excel in locales with a decimal comma) — whichever occurs
 * most outside quotes. Comma when there is nothing to go by.
 */
export function detectDelimiter(firstText: string): ',' | '\t' | ';' {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  for (let i = 0; i < firstText.length; i++) {
    const ch = firstText[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}
