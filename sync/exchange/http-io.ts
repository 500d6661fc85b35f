// Reading request bodies within caps (including gzip bombs) and writing answers, optionally
// trickled to simulate a slow link.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { errors, HttpError } from './http-error';

const gunzipAsync = promisify(gunzip);

/**
 * The request body, decompressed, at most `limit` bytes both on the wire and after gunzip:
 * a few KiB of gzip can expand to gigabytes, so the output is capped by zlib itself.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') throw errors.unsupportedEncoding(encoding);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw errors.tooLarge(limit);

  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume(); // drain whatever else comes, without keeping it
        reject(errors.tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(errors.timeout()));
  });
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw errors.tooLarge(limit);
    throw errors.badGzip();
  }
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw errors.notJson();
  }
}

export interface AnswerOptions {
  headers?: Record<string, string>;
  /** 0: at once; otherwise trickle the body at about this many bytes per second. */
  bytesPerSec?: number;
}

export function sendJson(res: ServerResponse, status: number, value: unknown, options: AnswerOptions = {}): Promise<void> {
  return send(res, status, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json; charset=utf-8', options);
}

export function sendError(res: ServerResponse, error: HttpError, options: AnswerOptions = {}): Promise<void> {
  const headers = { ...options.headers };
  if (error.status === 503) headers['retry-after'] = '1';
  // After a refused or half-read body the connection's state is unknown: do not reuse it.
  if (error.status === 413 || error.status === 408) headers.connection = 'close';
  return sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { ...options, headers });
}

export async function send(res: ServerResponse, status: number, body: Buffer, contentType: string, options: AnswerOptions = {}): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length), 'cache-control': 'no-store', ...options.headers });
  const rate = options.bytesPerSec ?? 0;
  if (rate <= 0 || body.length === 0) {
    res.end(body);
    return;
  }
  // Ten slices a second: smooth enough to exercise a client's read timeout.
  const slice = Math.max(1, Math.floor(rate / 10));
  for (let offset = 0; offset < body.length; offset += slice) {
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + slice));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  res.end();
}
