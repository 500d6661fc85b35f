// The parsers on their own: CSV as it streams (any split of the text, quotes, CRLF, BOM,
// GB18030 detection, delimiters), JSON arrays and JSON Lines streamed, and workbooks read
// with SheetJS (sheet choice, numbers vs text, dates, error cells, the reader chosen by the
// file's first bytes, size limits).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CsvParser, detectDelimiter } from '../../main/intake/csv-parser';
import { csvRows } from '../../main/intake/csv-source';
import { inspectBytes } from '../../main/intake/byte-input';
import { chooseEncoding } from '../../main/intake/text-decoding';
import { JsonArraySplitter, jsonArrayRows, jsonLinesRows } from '../../main/intake/json-source';
import * as XLSX from '@e965/xlsx';
import { CellFault, type SourceRow } from '../../main/intake/cell';
import { openRows, requireFormat } from '../../main/intake/file-format';
import { XLSX_MAX_FILE_BYTES, XLSX_MAX_UNPACKED_BYTES, XLS_MAX_FILE_BYTES, checkWorkbookFileSize } from '../../main/intake/workbook-limits';
import { zipEntries } from '../../main/intake/zip-directory';
import { handmadeXlsx, zipBuffer } from './support/handmade-xlsx';
import { csvText, gb18030, utf8Bom, xlsxBuffer } from './support/fixtures';

async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Parses text fed in the given pieces. */
function parsePieces(pieces: string[], delimiter = ','): string[][] {
  const parser = new CsvParser(delimiter);
  const rows = pieces.flatMap((p) => parser.push(p));
  const end = parser.end();
  assert.equal(end.unterminatedQuote, false);
  return [...rows, ...end.rows].map((r) => r.cells);
}

const TRICKY = 'a,"b,1","c ""q"" d"\r\n"line\r\nbreak",,e\n"",x,"y"\rlast,"z"""';
const TRICKY_ROWS = [
  ['a', 'b,1', 'c "q" d'],
  ['line\r\nbreak', '', 'e'],
  ['', 'x', 'y'],
  ['last', 'z"'],
];

describe('CSV parser', () => {
  test('quoted fields with commas, doubled quotes and line breaks; CRLF, LF and lone CR', () => {
    assert.deepEqual(parsePieces([TRICKY]), TRICKY_ROWS);
  });

  test('gives the same rows however the text is split (every split point, and one character at a time)', () => {
    for (let at = 0; at <= TRICKY.length; at++) {
      assert.deepEqual(parsePieces([TRICKY.slice(0, at), TRICKY.slice(at)]), TRICKY_ROWS, `split at ${at}`);
    }
    assert.deepEqual(parsePieces([...TRICKY]), TRICKY_ROWS);
  });

  test('numbers rows as a spreadsheet shows them, blank lines included', () => {
    const parser = new CsvParser();
    const rows = [...parser.push('h1,h2\n\na,b\n'), ...parser.end().rows];
    assert.deepEqual(rows, [
      { rowNumber: 1, cells: ['h1', 'h2'] },
      { rowNumber: 2, cells: [''] },
      { rowNumber: 3, cells: ['a', 'b'] },
    ]);
  });

  test('a quote left open is reported, not silently swallowed', () => {
    const parser = new CsvParser();
    parser.push('a,b\n"open,x\n');
    assert.equal(parser.end().unterminatedQuote, true);
  });

  test('tabs (Excel "Unicode 文本") and semicolons are detected from the first line; commas are the default', () => {
    assert.equal(detectDelimiter('户主姓名\t户主公民身份号码\t所在村\n1,2,3'), '\t');
    assert.equal(detectDelimiter('a;b;c\n'), ';');
    assert.equal(detectDelimiter('"a;b",c\n'), ',');
    assert.equal(detectDelimiter('single'), ',');
  });
});

describe('encodings', () => {
  const text = csvText([['户主姓名', '所在村'], ['王小明', '469030100201'], ['符亚妹', '琼中县湾岭镇']]);
  const expected = [['户主姓名', '所在村'], ['王小明', '469030100201'], ['符亚妹', '琼中县湾岭镇']];

  for (const [label, bytes, encoding] of [
    ['UTF-8 without BOM', Buffer.from(text), 'utf-8'],
    ['UTF-8 with BOM (Excel "CSV UTF-8")', utf8Bom(text), 'utf-8-bom'],
    ['GB18030 (Excel "CSV (逗号分隔)" on Chinese Windows)', gb18030(text), 'gb18030'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
  ] as const) {
    test(`${label} is detected and decoded`, async () => {
      const facts = await inspectBytes({ kind: 'buffer', fileName: 'x.csv', buffer: bytes });
      assert.equal(chooseEncoding(facts), encoding);
      // 7-byte pieces: multi-byte characters are cut between pieces.
      const pieces = Readable.from(Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)));
      const rows = await collect(csvRows(pieces, encoding));
      assert.deepEqual(rows.map((r) => ('cells' in r ? r.cells : r)), expected);
    });
  }

  test('GB18030 further down a file that starts in plain ASCII is still detected (the whole file is checked)', async () => {
    const ascii = 'householder_name,village_code\n' + 'a,469030100201\n'.repeat(100_000);
    const bytes = Buffer.concat([Buffer.from(ascii), gb18030('王小明,469030100201\n')]);
    const facts = await inspectBytes({ kind: 'buffer', fileName: 'x.csv', buffer: bytes });
    assert.equal(facts.validUtf8, false);
    assert.equal(chooseEncoding(facts), 'gb18030');
  });
});

describe('JSON', () => {
  const array = '[ {"户主姓名": "王, [小] 明", "n": 1},\n {"户主姓名": "李\\"四\\"", "x": {"nested": [1, 2]}}, {"户主姓名": null} ]';

  test('an array is split into its elements however the text is cut', () => {
    for (let at = 0; at <= array.length; at++) {
      const splitter = new JsonArraySplitter();
      const parts = [...splitter.push(array.slice(0, at)), ...splitter.push(array.slice(at))];
      splitter.end();
      assert.deepEqual(parts.map((p) => JSON.parse(p.text) as unknown), JSON.parse(array), `split at ${at}`);
    }
  });

  test('array rows: objects become named values; nested values become JSON text; non-objects are row problems', async () => {
    const rows = await collect(jsonArrayRows(Readable.from([Buffer.from('[{"a": 1, "b": [1]}, 5, {"a": "x"}]')]), 'utf-8'));
    assert.deepEqual(rows, [
      { rowNumber: 1, record: { a: 1, b: '[1]' } },
      { rowNumber: 2, problem: '应为一个对象（{"信息项": "值", …}），无法读取这一条' },
      { rowNumber: 3, record: { a: 'x' } },
    ]);
  });

  test('a file that is not an array, or an array cut short, is refused with a clear message', async () => {
    await assert.rejects(collect(jsonArrayRows(Readable.from([Buffer.from('{"a": 1}')]), 'utf-8')), /应为由对象组成的数组/);
    await assert.rejects(collect(jsonArrayRows(Readable.from([Buffer.from('[{"a": 1}, {"a"')]), 'utf-8')), /没有结束/);
  });

  test('JSON Lines: one object per line, blank lines are empty rows, broken lines are row problems', async () => {
    const rows = await collect(jsonLinesRows(Readable.from([Buffer.from('{"a": 1}\r\n\n{broken\n{"a": 2}')]), 'utf-8'));
    assert.deepEqual(rows, [
      { rowNumber: 1, record: { a: 1 } },
      { rowNumber: 2, cells: [] },
      { rowNumber: 3, problem: '不是有效的 JSON，无法读取这一条' },
      { rowNumber: 4, record: { a: 2 } },
    ]);
  });
});

describe('workbooks (SheetJS, from memory)', () => {
  const open = async (fileName: string, bytes: Buffer, sheet?: string) => {
    const input = { kind: 'buffer' as const, fileName, buffer: bytes };
    return openRows(input, requireFormat(fileName), await inspectBytes(input), sheet);
  };

  test('reads the first sheet by default or a chosen one; numbers stay numbers, text stays text, dates become dates', async () => {
    const buffer = await xlsxBuffer([
      { name: '说明', rows: [['填表说明']] },
      {
        name: '贫困户',
        rows: [
          ['户主姓名', '户主公民身份号码', '识别日期', '家庭人口数'],
          ['王小明', 110105194912310000, new Date(Date.UTC(2016, 2, 5)), 4],
          ['李四', '11010519491231002X', 42435, '4'],
        ],
        dateColumns: [3],
      },
    ]);
    const first = await open('a.xlsx', buffer);
    assert.equal(first.format, 'xlsx');
    assert.deepEqual(first.workbook, { sheets: ['说明', '贫困户'], sheetName: '说明', date1904: false });
    assert.deepEqual(await collect(first.rows), [{ rowNumber: 1, cells: ['填表说明'] }]);

    const chosen = await open('a.xlsx', buffer, '贫困户');
    assert.equal(chosen.workbook?.sheetName, '贫困户');
    const rows = await collect(chosen.rows);
    assert.deepEqual(rows[1], { rowNumber: 2, cells: ['王小明', 110105194912310000, new Date(Date.UTC(2016, 2, 5)), 4] });
    // A serial number in a date-formatted column is the date; text stays text.
    assert.deepEqual(rows[2], { rowNumber: 3, cells: ['李四', '11010519491231002X', new Date(Date.UTC(2016, 2, 6)), '4'] });
  });

  test('row numbers are the sheet\'s own: a row the sheet does not have is skipped, not renumbered', async () => {
    const bytes = handmadeXlsx([{ name: 'S', rows: [['标题'], [], [null, 'b3', 7]] }]);
    const rows = await collect((await open('gaps.xlsx', bytes)).rows);
    assert.deepEqual(rows, [
      { rowNumber: 1, cells: ['标题'] },
      { rowNumber: 3, cells: [null, 'b3', 7] },
    ]);
  });

  test('error values and formulas without a result are error cells, shown as Excel shows them', async () => {
    const bytes = handmadeXlsx([{ name: 'S', rows: [[{ error: '#N/A' }, { error: '#REF!', formula: 'A9' }, { formula: 'A1+1' }, { rich: [{ text: '王', bold: true }, { text: '小明' }] }]] }]);
    const [row] = await collect((await open('e.xlsx', bytes)).rows);
    assert.ok(row && 'cells' in row);
    const [na, ref, formula, rich] = row.cells;
    assert.ok(na instanceof CellFault && ref instanceof CellFault && formula instanceof CellFault);
    assert.deepEqual([na.shown, ref.shown, formula.shown, rich], ['#N/A', '#REF!', '=A1+1', '王小明']);
    assert.match(na.reason, /^是 Excel 错误值 #N\/A（查找函数没有找到对应的值）/);
  });

  test('the first bytes choose the reader: a renamed .xlsx or .xls is read as what it is; other content is refused', async () => {
    const xlsx = await xlsxBuffer([{ name: 'A', rows: [['x']] }]);
    assert.equal((await open('renamed.xls', xlsx)).format, 'xlsx');
    const xls = Buffer.from(XLSX.write(XLSX.utils.book_new(XLSX.utils.aoa_to_sheet([['x']]), 'A'), { bookType: 'biff8', type: 'buffer' }) as Buffer);
    assert.equal((await open('renamed.xlsx', xls)).format, 'xls');
    assert.equal((await open('wps.et', xls)).format, 'xls');
    await assert.rejects(open('web.xls', Buffer.from('<html><table><tr><td>1</td></tr></table></html>')), /扩展名是 Excel 工作簿，但内容不是（可能是网页或文本格式的导出/);
    await assert.rejects(open('a.csv', xlsx), /内容是 Excel 工作簿，但扩展名不是/);
  });

  test('a missing sheet, an unreadable workbook, an encrypted one and a plain zip are refused with a clear message', async () => {
    const buffer = await xlsxBuffer([{ name: 'A', rows: [['x']] }]);
    await assert.rejects(open('a.xlsx', buffer, 'B'), /没有名为「B」的工作表，现有：A/);
    await assert.rejects(open('a.xlsx', buffer.subarray(0, 200)), /压缩包结构已损坏/);
    await assert.rejects(open('a.xlsx', zipBuffer({ 'readme.txt': 'hello' })), /只是一个普通压缩包/);
    await assert.rejects(open('a.xlsx', zipBuffer({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<x/>' })), /OpenDocument 表格（\.ods/);
    const ole2 = Buffer.from(XLSX.CFB.write(XLSX.CFB.utils.cfb_new(), { type: 'buffer' }) as Buffer);
    await assert.rejects(open('word.xls', ole2), /这不是 Excel 工作簿/);
  });

  test('memory is bounded: a workbook past the size limits, or a zip that lies about its size, is refused before parsing', async () => {
    assert.throws(() => checkWorkbookFileSize('xlsx', XLSX_MAX_FILE_BYTES + 1), /Excel 工作簿太大：文件有 32\.0 MB，超过 \.xlsx 文件 32 MB 的上限。.*另存为” CSV/);
    assert.throws(() => checkWorkbookFileSize('xls', XLS_MAX_FILE_BYTES + 1), /文件有 16\.0 MB，超过 \.xls \/ \.et 文件 16 MB 的上限/);
    checkWorkbookFileSize('xls', XLS_MAX_FILE_BYTES);
    const bytes = handmadeXlsx([{ name: 'S', rows: [['x']] }]);
    const lie = (declared: number) => {
      const copy = Buffer.from(bytes);
      const entries = zipEntries(copy)!;
      const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
      // Patch the central directory's uncompressed size of the sheet.
      for (let at = copy.length - 22; at > 0; at--) {
        if (copy.readUInt32LE(at) === 0x02014b50 && copy.toString('utf8', at + 46, at + 46 + copy.readUInt16LE(at + 28)) === sheet.name) {
          copy.writeUInt32LE(declared, at + 24);
          break;
        }
      }
      return copy;
    };
    await assert.rejects(open('big.xlsx', lie(XLSX_MAX_UNPACKED_BYTES + 1)), /解压后的内容有 64 MB，超过 64 MB 的上限/);
    await assert.rejects(open('bomb.xlsx', lie(10)), /「xl\/worksheets\/sheet1\.xml」已损坏或与声明的大小不符/);
  });
});
