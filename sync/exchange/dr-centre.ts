// The DR centre's side (容灾备份中心) of the resumable backup upload, for the reference
// exchange: a node PATCHes its backup file in pieces at the offset the DR centre already
// holds (HEAD says which), over the same mutual-TLS connection as the exchange, and may only
// store files under its own node id (the certificate's CN). When the last byte has arrived
// the file's header is checked (a backup of that node, of exactly that size), the file is
// kept under its name and a receipt naming its SHA-256 is signed with the exchange's
// receipt-signing key. The DR centre cannot read a backup unless a DR key slot was sealed to
// a certificate whose private key it holds; it only stores what it receives.
// Protocol: docs/backup-format.md, "DR centre upload".
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { parseHeader } from '../../formats/backup/header';
import { sign } from '../protocol/signing';
import type { ClientIdentity } from './client-identity';
import { errors, HttpError } from './http-error';
import { sendJson } from './http-io';

export const DR_PATH = /^\/v1\/dr\/nodes\/([^/]+)\/backups\/([^/]+)$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.enbak$/;
/** Largest piece one PATCH may carry. */
export const MAX_PIECE_BYTES = 8 * 1024 * 1024;
const MAX_FILE_BYTES = 64 * 1024 * 1024 * 1024;

export interface DrReceiptBody {
  nodeId: string;
  fileName: string;
  bytes: number;
  sha256: string;
  storedAt: string;
}

export interface DrContext {
  signing: { key: KeyObject; certPem: string };
  now(): Date;
}

export class DrCentre {
  /** One request per file at a time: a second PATCH waits for the first. */
  private readonly busy = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {}

  async handle(ctx: DrContext, req: IncomingMessage, res: ServerResponse, peer: ClientIdentity, dropAfterStore: boolean): Promise<void> {
    const match = DR_PATH.exec(new URL(req.url ?? '/', 'https://exchange.invalid').pathname)!;
    let nodeId: string;
    let fileName: string;
    try {
      nodeId = decodeURIComponent(match[1]!);
      fileName = decodeURIComponent(match[2]!);
    } catch {
      throw errors.malformed('备份文件路径', '路径中的编码无效');
    }
    if (nodeId !== peer.nodeId) throw errors.nodeMismatch(nodeId, peer.nodeId);
    if (!FILE_NAME.test(fileName)) throw errors.malformed('备份文件名', '应为字母、数字、点、下划线或短横线组成的 .enbak 文件名');
    const folder = join(this.dir, nodeId.replace(/[^A-Za-z0-9-]/g, '_'));
    mkdirSync(folder, { recursive: true });
    const paths = { final: join(folder, fileName), part: join(folder, `${fileName}.part`), meta: join(folder, `${fileName}.part.json`), receipt: join(folder, `${fileName}.receipt.json`) };

    if (req.method === 'HEAD') return this.head(res, paths);
    if (req.method !== 'PATCH') {
      res.setHeader('allow', 'HEAD, PATCH');
      throw errors.methodNotAllowed();
    }
    const key = paths.final;
    while (this.busy.has(key)) await this.busy.get(key);
    let release!: () => void;
    this.busy.set(key, new Promise<void>((r) => (release = r)));
    try {
      await this.patch(ctx, req, res, peer, fileName, paths, dropAfterStore);
    } finally {
      this.busy.delete(key);
      release();
    }
  }

  /** Completed files of a node, with their SHA-256 (tests, operators). */
  files(nodeId: string): { fileName: string; bytes: number; sha256: string }[] {
    const folder = join(this.dir, nodeId.replace(/[^A-Za-z0-9-]/g, '_'));
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((n) => n.endsWith('.receipt.json'))
      .map((n) => JSON.parse(readFileSync(join(folder, n), 'utf8')) as { body: DrReceiptBody })
      .map((r) => ({ fileName: r.body.fileName, bytes: r.body.bytes, sha256: r.body.sha256 }));
  }

  private head(res: ServerResponse, paths: Paths): void {
    if (existsSync(paths.final) && existsSync(paths.receipt)) {
      const size = statSync(paths.final).size;
      res.writeHead(200, { 'upload-offset': String(size), 'upload-length': String(size), 'upload-complete': '1', 'cache-control': 'no-store' }).end();
      return;
    }
    if (existsSync(paths.part) && existsSync(paths.meta)) {
      const length = (JSON.parse(readFileSync(paths.meta, 'utf8')) as { length: number }).length;
      res.writeHead(200, { 'upload-offset': String(statSync(paths.part).size), 'upload-length': String(length), 'upload-complete': '0', 'cache-control': 'no-store' }).end();
      return;
    }
    res.writeHead(404, { 'cache-control': 'no-store' }).end();
  }

  private async patch(ctx: DrContext, req: IncomingMessage, res: ServerResponse, peer: ClientIdentity, fileName: string, paths: Paths, dropAfterStore: boolean): Promise<void> {
    const offset = intHeader(req, 'upload-offset');
    const length = intHeader(req, 'upload-length');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (offset === null || length === null || length < 1 || length > MAX_FILE_BYTES || offset > length) throw errors.malformed('上传请求', 'upload-offset / upload-length 缺失或不合理');
    if ((req.headers['content-encoding'] ?? 'identity') !== 'identity') throw errors.unsupportedEncoding(String(req.headers['content-encoding']));
    if (!Number.isFinite(declared) || declared > MAX_PIECE_BYTES || offset + declared > length) throw errors.tooLarge(MAX_PIECE_BYTES);

    if (existsSync(paths.final) && existsSync(paths.receipt)) {
      req.resume();
      if (statSync(paths.final).size !== length) throw new HttpError(409, 'ALREADY_STORED', `容灾备份中心已保存同名而内容不同的文件 ${fileName}`);
      await sendJson(res, 200, JSON.parse(readFileSync(paths.receipt, 'utf8')));
      return;
    }
    const known = existsSync(paths.meta) ? (JSON.parse(readFileSync(paths.meta, 'utf8')) as { length: number }).length : null;
    if (known !== length) {
      // A new upload (or a different file under the same name): start over.
      rmSync(paths.part, { force: true });
      writeFileSync(paths.meta, JSON.stringify({ length }));
    }
    const current = existsSync(paths.part) ? statSync(paths.part).size : 0;
    if (offset !== current) {
      req.resume();
      res.setHeader('upload-offset', String(current));
      throw new HttpError(409, 'OFFSET_MISMATCH', `上传位置不符：容灾备份中心已有 ${current} 字节`);
    }

    const handle = await open(paths.part, existsSync(paths.part) ? 'r+' : 'w');
    let size = current;
    try {
      size = await appendBody(req, handle, current, Math.min(declared, length - current));
    } finally {
      await handle.close();
    }
    if (dropAfterStore) {
      req.socket.destroy();
      return;
    }
    if (size < length) {
      res.writeHead(204, { 'upload-offset': String(size), 'cache-control': 'no-store' }).end();
      return;
    }
    await this.complete(ctx, res, peer, fileName, paths, length);
  }

  private async complete(ctx: DrContext, res: ServerResponse, peer: ClientIdentity, fileName: string, paths: Paths, length: number): Promise<void> {
    const problem = await checkBackupFile(paths.part, peer.nodeId, length);
    if (problem) {
      rmSync(paths.part, { force: true });
      rmSync(paths.meta, { force: true });
      throw new HttpError(422, 'INVALID_BACKUP', `容灾备份中心拒收：${problem}`);
    }
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(paths.part)) hash.update(chunk as Buffer);
    const body: DrReceiptBody = { nodeId: peer.nodeId, fileName, bytes: length, sha256: hash.digest('hex'), storedAt: ctx.now().toISOString() };
    const receipt = sign(body, ctx.signing.key, ctx.signing.certPem);
    renameSync(paths.part, paths.final);
    writeFileSync(paths.receipt, JSON.stringify(receipt));
    rmSync(paths.meta, { force: true });
    await sendJson(res, 200, receipt);
  }
}

interface Paths {
  final: string;
  part: string;
  meta: string;
  receipt: string;
}

function intHeader(req: IncomingMessage, name: string): number | null {
  const raw = req.headers[name];
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/** Writes the request body at `offset`, never more than `limit` bytes; returns the new size. What arrived before a cut stays. */
function appendBody(req: IncomingMessage, handle: FileHandle, offset: number, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let position = offset;
    let queue = Promise.resolve();
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (position + chunk.length - offset > limit) {
        failed = true;
        req.resume();
        reject(errors.tooLarge(MAX_PIECE_BYTES));
        return;
      }
      const at = position;
      position += chunk.length;
      req.pause();
      queue = queue.then(async () => {
        await handle.write(chunk, 0, chunk.length, at);
        req.resume();
      });
    });
    req.on('end', () => void queue.then(() => resolve(position), reject));
    req.on('aborted', () => void queue.then(() => reject(errors.timeout())));
    req.on('error', (error) => void queue.then(() => reject(error)));
  });
}

/** Why the uploaded file is not a backup of this node of this size; null when it is. */
async function checkBackupFile(path: string, nodeId: string, length: number): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const parsed = await parseHeader(async (offset, size) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(size, length - offset)));
      if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, offset);
      return buffer;
    }, length);
    if (parsed.header.node.nodeId !== nodeId) return `备份文件属于节点 ${parsed.header.node.nodeId}，不是本连接的节点 ${nodeId}`;
    if (parsed.fileBytes !== length) return `文件长度 ${length} 与文件头记录的 ${parsed.fileBytes} 不符`;
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await handle.close();
  }
}
