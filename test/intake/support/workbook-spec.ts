// One workbook described once, written by every outside tool (support/office-tools.ts), and
// what a person sees in each of its cells when the file is opened in Excel. The tests
// compare every stored value with that: a value is stored as it is seen, or the row is
// refused with a reason — never silently changed.
//
// The 贫困户 rows hold what real files hold: rich text, error values in a text and in a
// number column, numbers typed as text and as numbers, codes that lost their leading zero,
// real date cells and serial numbers in General cells, an ID number stored as a number,
// Chinese sheet names, and a second sheet with more households.
import { formatNumber } from '../../../main/intake/cell';
import { POVERTY_HEADERS, uniqueIdNumber } from './fixtures';

export type SpecCell =
  | { kind: 'text'; text: string }
  | { kind: 'rich'; runs: { text: string; bold?: boolean }[] }
  | { kind: 'number'; value: number }
  /** A date in a cell formatted yyyy-mm-dd. */
  | { kind: 'date'; iso: string }
  | { kind: 'error'; code: '#N/A' | '#VALUE!' | '#DIV/0!' }
  | null;

export interface WorkbookSpec {
  sheets: { name: string; rows: SpecCell[][] }[];
}

/** What becomes of a data row: stored (with the texts a person sees), or refused naming a column and a reason. */
export type RowOutcome = { stored: Record<string, string> } | { refused: { column: string; reason: RegExp } };

export interface SpecRow {
  cells: SpecCell[];
  outcome: RowOutcome;
}

const text = (t: string): SpecCell => ({ kind: 'text', text: t });
const num = (value: number): SpecCell => ({ kind: 'number', value });

/** A cell as a person sees it in Excel (General format shows up to 11 digits; dates as formatted). */
export function seen(cell: SpecCell): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'rich':
      return cell.runs.map((r) => r.text).join('');
    case 'number':
      return formatNumber(cell.value);
    case 'date':
      return cell.iso;
    case 'error':
      return cell.code;
  }
}

/** The rows of one household, the way a clerk typed them, all as text. */
function plain(i: number): SpecCell[] {
  return [
    text(`符${'明亮华强'[i % 4]}${i}`),
    text(uniqueIdNumber(i)),
    text('469030100201'),
    text(String(1 + (i % 6))),
    text(`${3000 + (i % 500)}.5`),
    text('一般贫困户'),
    text('因病'),
    text('2016-03-05'),
    text('已脱贫'),
    text(`138${String(10_000_000 + i).slice(-8)}`),
  ];
}

type Header = (typeof POVERTY_HEADERS)[number];
const col = (name: Header) => POVERTY_HEADERS.indexOf(name);

/**
 * A household's row with some cells typed differently. Stored rows keep what is seen,
 * except where `expect` names the documented rule that applies (a code matched by value, a
 * serial number in a date column).
 */
function row(i: number, changes: Partial<Record<Header, SpecCell>>, outcome: { refused: { column: Header; reason: RegExp } } | { expect: Partial<Record<Header, string>> } = { expect: {} }): SpecRow {
  const cells = plain(i);
  for (const [name, cell] of Object.entries(changes)) cells[col(name as Header)] = cell ?? null;
  if ('refused' in outcome) return { cells, outcome };
  return { cells, outcome: { stored: Object.fromEntries(POVERTY_HEADERS.map((h, k) => [h, outcome.expect[h] ?? seen(cells[k]!)])) } };
}

/**
 * The two sheets of the fixture: 「2026年3月」 with every kind of cell, 「2026年4月」 with
 * two more households. `base` keeps ID numbers distinct between tools sharing one node.
 */
export function povertyWorkbook(base: number): { spec: WorkbookSpec; sheets: { name: string; rows: SpecRow[] }[] } {
  const march: SpecRow[] = [
    row(base + 0, {}), // all typed as text, leading zeros kept
    row(base + 1, {
      家庭人口数: num(3),
      '家庭年人均纯收入（元）': num(3250.75),
      主要致贫原因: num(2), // 02 因残 that lost its leading zero
      识别日期: { kind: 'date', iso: '2016-03-05' },
      联系电话: num(13812345678),
      所在村: num(469030100201),
    }, { expect: { 主要致贫原因: '02' } }),
    row(base + 2, {
      户主姓名: { kind: 'rich', runs: [{ text: '王', bold: true }, { text: '小明' }] },
      识别日期: num(42434), // a date typed into a General cell: serial 42434 = 2016-03-05
      主要致贫原因: text('02'),
    }, { expect: { 识别日期: '2016-03-05' } }),
    row(base + 3, { 户主姓名: { kind: 'error', code: '#N/A' } }, { refused: { column: '户主姓名', reason: /#N\/A/ } }),
    row(base + 4, { 家庭人口数: { kind: 'error', code: '#VALUE!' } }, { refused: { column: '家庭人口数', reason: /#VALUE!/ } }),
    row(base + 5, { 户主公民身份号码: num(469030194001010000) }, { refused: { column: '户主公民身份号码', reason: /身份证号在 Excel 中被存成了数字/ } }),
    row(base + 6, { 户主姓名: { kind: 'rich', runs: [{ text: '李' }, { text: '四', bold: true }] }, 家庭人口数: text('4') }),
  ];
  const april: SpecRow[] = [row(base + 10, {}), row(base + 11, { 家庭人口数: num(5), 主要致贫原因: num(11) })];
  const header = POVERTY_HEADERS.map(text);
  const sheets = [
    { name: '2026年3月', rows: march },
    { name: '2026年4月', rows: april },
  ];
  return { spec: { sheets: sheets.map((s) => ({ name: s.name, rows: [header, ...s.rows.map((r) => r.cells)] })) }, sheets };
}
