// Hostile workbooks, written by hand (support/handmade-xlsx.ts): each is refused before
// SheetJS parses it, with a Chinese message that says what is wrong and where, quickly, and
// within a bounded memory — the core must survive whatever a watch folder is handed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { openRows, requireFormat } from '../../main/intake/file-format';
import { inspectBytes } from '../../main/intake/byte-input';
import { zipEntries } from '../../main/intake/zip-directory';
import { handmadeXlsx, zipBuffer } from './support/handmade-xlsx';

/**
 * Peak resident memory allowed for this whole test process: the workbook budget of
 * workbook-limits.ts (≈ 1 GB on an office PC). Building the hostile files is most of it.
 */
const MAX_RSS_BYTES = 1024 * 1024 * 1024;
/** Each refusal is a scan, not a parse: far under the seconds a real 100,000-row import takes. */
const MAX_SECONDS = 5;

const open = async (bytes: Buffer) => {
  const input = { kind: 'buffer' as const, fileName: 'hostile.xlsx', buffer: bytes };
  return openRows(input, requireFormat('hostile.xlsx'), await inspectBytes(input), undefined);
};

async function refused(bytes: Buffer, message: RegExp): Promise<void> {
  const started = performance.now();
  await assert.rejects(open(bytes), message);
  assert.ok((performance.now() - started) / 1000 < MAX_SECONDS, 'refused quickly');
  // maxRSS is the process's peak so far, in KiB: nothing along the way went past the bound.
  assert.ok(process.resourceUsage().maxRSS * 1024 < MAX_RSS_BYTES, `peak RSS ${process.resourceUsage().maxRSS} KiB`);
}

/** A workbook whose sheet (or shared strings) is the given XML, the other parts as usual. */
function withParts(parts: Record<string, string>): Buffer {
  return zipBuffer({ ...usualParts(handmadeXlsx([{ name: 'S', rows: [['x']] }])), ...parts });
}

/** The parts of a handmade workbook, as text (they are small). */
function usualParts(zip: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of zipEntries(zip)!) {
    const start = entry.localHeaderOffset + 30 + zip.readUInt16LE(entry.localHeaderOffset + 26) + zip.readUInt16LE(entry.localHeaderOffset + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    out[entry.name] = (entry.method === 8 ? inflateRawSync(data) : data).toString('utf8');
  }
  return out;
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const sheet = (rows: string) => ({ 'xl/worksheets/sheet1.xml': SHEET_HEAD + rows + SHEET_TAIL });

/** Text that does not compress much, so the ratio check is not what refuses it. */
function noise(chars: number): string {
  let seed = 12345;
  let s = '';
  for (let i = 0; i < chars; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(0x4e00 + (seed % 2000));
  }
  return s;
}

function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

describe('hostile workbooks are refused before parsing', () => {
  test('a zip bomb: a few kilobytes that unpack to 40 MB of filler', async () => {
    await refused(withParts(sheet(`<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(40 * 1024 * 1024)}`)), /压缩比过高（超过 \d+ 倍），疑似“压缩炸弹”，已拒绝读取/);
  });

  test('a lying central directory: a part declared 50 MB (too good a ratio) or 10 bytes (not what it unpacks to)', async () => {
    const bytes = handmadeXlsx([{ name: 'S', rows: [['x']] }]);
    const lie = (declared: number) => {
      const copy = Buffer.from(bytes);
      for (let at = copy.length - 22; at > 0; at--) {
        if (copy.readUInt32LE(at) === 0x02014b50 && copy.toString('utf8', at + 46, at + 46 + copy.readUInt16LE(at + 28)) === 'xl/worksheets/sheet1.xml') {
          copy.writeUInt32LE(declared, at + 24);
          break;
        }
      }
      return copy;
    };
    await refused(lie(50 * 1024 * 1024), /压缩比过高.*压缩炸弹/);
    await refused(lie(10), /「xl\/worksheets\/sheet1\.xml」已损坏或与声明的大小不符/);
  });

  test('a million shared strings', async () => {
    const items: string[] = [];
    for (let i = 0; i < 1_000_000; i++) items.push(`<si><t>${(i * 7919) % 1_000_003}</t></si>`);
    const strings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">${items.join('')}</sst>`;
    await refused(withParts({ 'xl/sharedStrings.xml': strings }), /共享字符串超过 500,000 项的上限/);
  });

  test('a row of 100,000 cells', async () => {
    const cells: string[] = [];
    for (let c = 0; c < 100_000; c++) cells.push(`<c r="${column(c % 16384)}1"><v>${c}</v></c>`);
    await refused(withParts(sheet(`<row r="1">${cells.join('')}</row>`)), /第 1 行超过 1024 个单元格/);
  });

  test('a 1 MB cell, inline or shared, is refused with its place, not cut', async () => {
    const text = noise(350_000); // ≈ 1 MB of UTF-8
    await refused(withParts(sheet(`<row r="1"><c r="A1"><v>1</v></c></row><row r="7"><c r="C7" t="inlineStr"><is><t>${text}</t></is></c></row>`)), /单元格 C7（第 7 行）的内容超过 32,767 个字符.*未作截断/);
    const strings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>短</t></si><si><t>${text}</t></si></sst>`;
    await refused(withParts({ ...sheet('<row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c></row>'), 'xl/sharedStrings.xml': strings }), /单元格 D2（第 2 行）的内容超过 32,767 个字符/);
  });

  test('a cell at the limit and an ordinary workbook still read', async () => {
    const opened = await open(withParts(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${noise(32_767)}</t></is></c></row>`)));
    const rows = [];
    for await (const row of opened.rows) rows.push(row);
    assert.equal(rows.length, 1);
  });
});
