// The parsers on their own: CSV as it streams (any split of the text, quotes, CRLF, BOM,
// GB18030 detection, delimiters), JSON arrays and JSON Lines streamed, and XLSX read with
// exceljs's streaming reader (sheet choice, numbers vs text, dates).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CsvParser, detectDelimiter } from '../../main/intake/csv-parser';
import { csvRows } from '../../main/intake/csv-source';
import { inspectBytes } from '../../main/intake/byte-input';
import { chooseEncoding } from '../../main/intake/text-decoding';
import { JsonArraySplitter, jsonArrayRows, jsonLinesRows } from '../../main/intake/json-source';
import { xlsxRows } from '../../main/intake/xlsx-source';
import type { SourceRow } from '../../main/intake/cell';
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

describe('XLSX (streaming reader)', () => {
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
        dateColumns: [],
      },
    ]);
    const info = { sheets: [] as string[], sheetName: null as string | null, date1904: false };
    const first = await collect(xlsxRows(Readable.from([buffer]), undefined, info));
    assert.deepEqual(info.sheets, ['说明', '贫困户']);
    assert.equal(info.sheetName, '说明');
    assert.deepEqual(first, [{ rowNumber: 1, cells: ['填表说明'] }]);

    const chosen = await collect(xlsxRows(Readable.from([buffer]), '贫困户', info));
    assert.equal(info.sheetName, '贫困户');
    assert.deepEqual(chosen[1], { rowNumber: 2, cells: ['王小明', 110105194912310000, new Date(Date.UTC(2016, 2, 5)), 4] });
    assert.deepEqual(chosen[2], { rowNumber: 3, cells: ['李四', '11010519491231002X', 42435, '4'] });
  });

  test('a missing sheet, and a file that is not a workbook, are refused with a clear message', async () => {
    const buffer = await xlsxBuffer([{ name: 'A', rows: [['x']] }]);
    const info = { sheets: [] as string[], sheetName: null as string | null, date1904: false };
    await assert.rejects(collect(xlsxRows(Readable.from([buffer]), 'B', info)), /没有名为「B」的工作表，现有：A/);
    await assert.rejects(collect(xlsxRows(Readable.from([Buffer.from('not a zip at all')]), undefined, info)), /无法读取 Excel 文件/);
  });
});
