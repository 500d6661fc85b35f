// JSON rows, streamed: a top-level array of objects is split into its elements as the text
// arrives (each element is parsed on its own, so a million-row array never sits in memory
// at once), and JSON Lines are parsed line by line. Row numbers are the element's position
// in the array (1 = first) and the line number in JSON Lines.
import type { Readable } from 'node:stream';
import type { Cell, SourceRow } from './cell';
import { IntakeFileError } from './file-error';
import { decodeText, type TextEncoding } from './text-decoding';

/** An element bigger than this is refused rather than buffered (no record is that large). */
const MAX_ELEMENT_CHARS = 1 << 20;

export async function* jsonArrayRows(bytes: Readable, encoding: TextEncoding): AsyncGenerator<SourceRow> {
  const splitter = new JsonArraySplitter();
  try {
    for await (const text of decodeText(bytes, encoding)) {
      for (const element of splitter.push(text)) yield toRow(element.index, element.text);
    }
    splitter.end();
  } finally {
    bytes.destroy();
  }
}

export async function* jsonLinesRows(bytes: Readable, encoding: TextEncoding): AsyncGenerator<SourceRow> {
  let rest = '';
  let line = 0;
  try {
    for await (const text of decodeText(bytes, encoding)) {
      rest += text;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const row = lineRow(++line, rest.slice(0, nl));
        rest = rest.slice(nl + 1);
        if (row) yield row;
      }
      if (rest.length > MAX_ELEMENT_CHARS) throw new IntakeFileError(`第 ${line + 1} 行超过 1 MB，不像是一条记录，请检查文件格式`);
    }
    // A final line break ends the last line; it does not start an empty one.
    if (rest.trim() !== '') yield lineRow(++line, rest)!;
  } finally {
    bytes.destroy();
  }
}

function lineRow(lineNumber: number, text: string): SourceRow | null {
  const trimmed = text.trim();
  if (trimmed === '') return { rowNumber: lineNumber, cells: [] }; // a blank line: an empty row
  return toRow(lineNumber, trimmed);
}

function toRow(rowNumber: number, text: string): SourceRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { rowNumber, problem: '不是有效的 JSON，无法读取这一条' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { rowNumber, problem: '应为一个对象（{"信息项": "值", …}），无法读取这一条' };
  }
  const record: Record<string, Cell> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    record[key] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
  }
  return { rowNumber, record };
}

/**
 * Splits `[ {…}, {…}, … ]` into element texts without parsing the whole: tracks strings,
 * escapes and nesting depth; an element ends at a comma or the closing bracket at depth 1.
 */
export class JsonArraySplitter {
  private started = false;
  private finished = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current: string[] = [];
  private currentLength = 0;
  private index = 0;

  push(text: string): { index: number; text: string }[] {
    const out: { index: number; text: string }[] = [];
    let from = 0; // start of the part of `text` that belongs to the current element
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.finished) {
        if (!isSpace(c)) throw new IntakeFileError('JSON 数组结束后还有多余的内容，请检查文件格式');
        continue;
      }
      if (!this.started) {
        if (isSpace(c) || c === 0xfeff) continue;
        if (c !== 0x5b /* [ */) throw new IntakeFileError('JSON 文件应为由对象组成的数组：[{"信息项": "值", …}, …]；每行一个对象的文件请用 .jsonl 扩展名');
        this.started = true;
        this.depth = 1;
        from = i + 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* \ */) this.escaped = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b /* { */ || c === 0x5b) this.depth++;
      else if (c === 0x7d /* } */) this.depth--;
      else if (c === 0x5d /* ] */) {
        this.depth--;
        if (this.depth === 0) {
          this.take(text.slice(from, i), out, true);
          this.finished = true;
          from = i + 1;
        }
      } else if (c === 0x2c /* , */ && this.depth === 1) {
        this.take(text.slice(from, i), out, false);
        from = i + 1;
      }
    }
    if (this.started && !this.finished) this.append(text.slice(from));
    return out;
  }

  end(): void {
    if (!this.started) throw new IntakeFileError('文件是空的，或不是 JSON 数组');
    if (!this.finished) throw new IntakeFileError('JSON 数组没有结束（缺少末尾的 ]），文件可能不完整');
  }

  private append(piece: string): void {
    if (!piece) return;
    this.current.push(piece);
    this.currentLength += piece.length;
    if (this.currentLength > MAX_ELEMENT_CHARS) throw new IntakeFileError(`第 ${this.index + 1} 条记录超过 1 MB，不像是一条记录，请检查文件格式`);
  }

  private take(piece: string, out: { index: number; text: string }[], last: boolean): void {
    this.append(piece);
    const text = this.current.join('').trim();
    this.current = [];
    this.currentLength = 0;
    if (text === '' && last && this.index === 0) return; // []
    out.push({ index: ++this.index, text });
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
