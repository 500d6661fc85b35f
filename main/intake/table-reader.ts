// From rows as parsed to a table: which row is the header, and the data rows after it.
//
// Spreadsheets kept by village officials rarely start with the header on row 1: there is a
// title (「XX镇2024年贫困户信息表」, merged across the sheet), sometimes a group row
// (「户主信息」 over two columns) and then the real header. So the first rows are scanned and
// the one naming the most catalog items is the header; rows above it are not data. Where a
// header cell is empty because a vertically merged cell keeps its text in the row above
// (merged header cells: only the top-left cell holds the value), the text above is used if
// it names an item. JSON has no header row: the keys seen in the first elements are the
// columns, and a key that first appears later becomes a new column when it appears.
import type { CatalogResource } from '../../common/catalog/types';
import { cellText, isBlankCell, type Cell, type SourceRow } from './cell';
import { headerScore, itemForHeader } from './header-mapping';

const HEADER_SCAN_ROWS = 20;
const JSON_KEY_SCAN_ROWS = 50;

export type DataRow = { rowNumber: number; values: Cell[]; problem?: undefined } | { rowNumber: number; problem: string };

export interface Table {
  /** Column names; for JSON this grows when a later element brings a new key. */
  headers: string[];
  headerRowNumber: number | null;
  rows: AsyncGenerator<DataRow>;
}

export async function openTable(source: AsyncGenerator<SourceRow>, resources: readonly CatalogResource[]): Promise<Table> {
  const buffered: SourceRow[] = [];
  let kind: 'cells' | 'record' | null = null;
  for (;;) {
    if (buffered.length >= (kind === 'record' ? JSON_KEY_SCAN_ROWS : HEADER_SCAN_ROWS)) break;
    const next = await source.next();
    if (next.done) break;
    buffered.push(next.value);
    if (!kind && !next.value.problem) kind = 'cells' in next.value && next.value.cells.length > 0 ? 'cells' : 'record' in next.value ? 'record' : null;
  }
  return kind === 'record' ? recordTable(buffered, source) : cellTable(buffered, source, resources);
}

function cellTable(buffered: SourceRow[], source: AsyncGenerator<SourceRow>, resources: readonly CatalogResource[]): Table {
  const texts = buffered.map((row) => ('cells' in row ? row.cells.map(cellText) : []));
  let best = -1;
  let bestScore = 0;
  texts.forEach((cells, i) => {
    const score = headerScore(resources, cells);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  if (best < 0) best = texts.findIndex((cells) => cells.some((c) => c.trim() !== ''));
  if (best < 0) return { headers: [], headerRowNumber: null, rows: emptyRows(source) };

  const headers = texts[best]!.map((h) => h.trim());
  // Longest row in the scan decides how many columns there are; merged text may sit above.
  const width = Math.max(headers.length, ...texts.map((r) => r.length));
  for (let col = 0; col < width; col++) {
    if (headers[col]) continue;
    headers[col] = '';
    for (let above = best - 1; above >= 0; above--) {
      const text = (texts[above]![col] ?? '').trim();
      if (!text) continue;
      if (resources.some((r) => itemForHeader(r, text))) headers[col] = text;
      break;
    }
  }
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  // Two-row headers: a group label merged across columns (「家庭情况」) with the item names
  // in the row below. When the next row names items and holds nothing else, its names fill
  // (and refine) the header, and the data starts after it.
  let last = best;
  const below = texts[best + 1];
  if (below && below.some((c) => c.trim() !== '') && below.every((c) => c.trim() === '' || resources.some((r) => itemForHeader(r, c)))) {
    below.forEach((c, col) => {
      if (c.trim() !== '') headers[col] = c.trim();
    });
    last = best + 1;
  }
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const headerRowNumber = buffered[last]!.rowNumber;
  const rest = buffered.slice(last + 1);
  async function* rows(): AsyncGenerator<DataRow> {
    try {
      for (const row of rest) yield toDataRow(row);
      for await (const row of source) yield toDataRow(row);
    } finally {
      await source.return(undefined);
    }
  }
  return { headers, headerRowNumber, rows: rows() };
}

function toDataRow(row: SourceRow): DataRow {
  if (row.problem !== undefined) return { rowNumber: row.rowNumber, problem: row.problem };
  if ('cells' in row) return { rowNumber: row.rowNumber, values: row.cells };
  return { rowNumber: row.rowNumber, values: Object.values(row.record) };
}

function recordTable(buffered: SourceRow[], source: AsyncGenerator<SourceRow>): Table {
  const headers: string[] = [];
  const index = new Map<string, number>();
  const column = (key: string) => {
    let at = index.get(key);
    if (at === undefined) {
      at = headers.length;
      headers.push(key);
      index.set(key, at);
    }
    return at;
  };
  for (const row of buffered) if ('record' in row) for (const key of Object.keys(row.record)) column(key);
  const align = (row: SourceRow): DataRow => {
    if (row.problem !== undefined) return { rowNumber: row.rowNumber, problem: row.problem };
    if ('cells' in row) return { rowNumber: row.rowNumber, values: row.cells }; // a blank JSON line
    const values: Cell[] = new Array<Cell>(headers.length).fill(null);
    for (const [key, value] of Object.entries(row.record)) values[column(key)] = value;
    return { rowNumber: row.rowNumber, values };
  };
  async function* rows(): AsyncGenerator<DataRow> {
    try {
      for (const row of buffered) yield align(row);
      for await (const row of source) yield align(row);
    } finally {
      await source.return(undefined);
    }
  }
  return { headers, headerRowNumber: null, rows: rows() };
}

async function* emptyRows(source: AsyncGenerator<SourceRow>): AsyncGenerator<DataRow> {
  await source.return(undefined);
  yield* [];
}

/** A row with nothing in the columns that matter (Excel keeps formatted but empty rows). */
export function isEmptyRow(values: readonly Cell[], columns: readonly number[]): boolean {
  for (const col of columns) if (!isBlankCell(values[col] ?? null)) return false;
  return true;
}
