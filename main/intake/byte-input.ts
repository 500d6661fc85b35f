// Where an import's bytes come from: a buffer the UI sent (base64, ≤ 64 MiB) or a path on
// this machine (CLI, watch folders) read as a stream, never loaded whole. One pass over the
// bytes before parsing gives the content hash (re-imports are recognised by it) and tells
// whether the text is valid UTF-8 — Chinese Windows and Excel write CSV in GB18030/GBK, and
// a strict decode of the WHOLE file is the only reliable way to tell them apart (a file
// whose first megabyte is ASCII item codes can still have GBK names further down).
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';

export type ByteInput =
  | { kind: 'buffer'; fileName: string; buffer: Buffer }
  | { kind: 'path'; fileName: string; path: string };

export interface ByteFacts {
  size: number;
  /** SHA-256 of the bytes, hex. */
  contentHash: string;
  /** Byte-order mark at the start, if any. */
  bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null;
  /** The whole content decodes as strict UTF-8 (after any UTF-8 BOM). */
  validUtf8: boolean;
  /** What the first bytes say the file is: a zip (.xlsx), an OLE2 compound file (.xls, .et), or neither. */
  container: 'zip' | 'ole2' | null;
}

/** Hashing reads big pieces; parsing reads small ones, so the rows of one piece die young (less memory). */
const CHUNK = 1 << 20;
const PARSE_CHUNK = 64 << 10;

export async function inspectBytes(input: ByteInput): Promise<ByteFacts> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let size = 0;
  let head: Buffer | null = null;
  const take = (chunk: Buffer) => {
    if (!head) head = Buffer.from(chunk.subarray(0, 8));
    size += chunk.length;
    hash.update(chunk);
    if (validUtf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  };
  if (input.kind === 'buffer') {
    for (let at = 0; at < input.buffer.length; at += CHUNK) take(input.buffer.subarray(at, at + CHUNK));
  } else {
    for await (const chunk of createReadStream(input.path, { highWaterMark: CHUNK })) take(chunk as Buffer);
  }
  if (validUtf8) {
    try {
      decoder.decode(); // a multi-byte sequence cut off at the end is not valid UTF-8
    } catch {
      validUtf8 = false;
    }
  }
  const first = head ?? Buffer.alloc(0);
  return { size, contentHash: hash.digest('hex'), bom: bomOf(first), validUtf8, container: containerOf(first) };
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function containerOf(head: Buffer): ByteFacts['container'] {
  if (head.subarray(0, 4).equals(ZIP)) return 'zip';
  if (head.equals(OLE2)) return 'ole2';
  return null;
}

function bomOf(head: Buffer): ByteFacts['bom'] {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The bytes as a stream, counting what has been read so far (for the progress bar). The
 * count is of bytes handed to the parser, which is close enough for a progress bar.
 */
export function openByteStream(input: ByteInput, onBytes: (total: number) => void = () => {}): Readable {
  let total = 0;
  const source =
    input.kind === 'buffer'
      ? Readable.from(chunksOf(input.buffer, PARSE_CHUNK), { objectMode: false })
      : createReadStream(input.path, { highWaterMark: PARSE_CHUNK });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
  source.on('error', (error: Error) => counter.destroy(error));
  counter.on('close', () => source.destroy());
  return source.pipe(counter);
}

function* chunksOf(buffer: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
