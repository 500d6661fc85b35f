// Uploads a backup file to the DR centre (容灾备份中心) over mutual TLS — the node's client
// certificate, and only the pinned provincial root trusted for the server, exactly as the sync
// transport does — in pieces, resumable: after a dropped connection or a restart the node asks
// the DR centre how much it holds (HEAD) and continues from there. The last piece is answered
// with a receipt signed by the exchange's receipt-signing certificate, naming the SHA-256 of
// the stored file, which must be the node's own. Protocol: docs/backup-format.md.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import https from 'node:https';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ThrottleStream } from '../../sync/client/throttle';
import { backoffDelay } from '../../sync/client/backoff';
import { checkSigningCertificate } from '../../sync/client/receipt';
import { SIGNING_CERTIFICATE_PATH } from '../../sync/client/engine';
import { certFingerprint, verify } from '../../sync/protocol/signing';
import { signatureSchema } from '../../sync/protocol/messages';
import { ApiFailure } from '../../common/contract/api-failure';

export const DR_PATH = (nodeId: string, fileName: string) => `/v1/dr/nodes/${encodeURIComponent(nodeId)}/backups/${encodeURIComponent(fileName)}`;

export const drReceiptSchema = z.strictObject({
  nodeId: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storedAt: z.string(),
});
export type DrReceipt = z.infer<typeof drReceiptSchema>;
const signedDrReceiptSchema = z.strictObject({ body: drReceiptSchema, signature: signatureSchema });

export interface DrTarget {
  baseUrl: string;
  nodeId: string;
  rootPem: string;
  certificatePem: string;
  chainPems: string[];
  privateKeyPem: string;
  /** The exchange's receipt-signing certificate, if the node has it already. */
  signingPem: string | null;
  /** Upload cap (the sync settings' bandwidth), 0: none. */
  bytesPerSecond: number;
}

export interface DrUploadOptions {
  pieceBytes?: number;
  /** Failed attempts in a row (no progress between them) before giving up. */
  maxAttempts?: number;
  backoff?: { baseMs: number; capMs: number };
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** A new signing certificate fetched on the way (the caller stores it). */
  onSigningCertificate?: (pem: string) => void;
}

export class DrUploadError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'DrUploadError';
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const DEFAULTS = { pieceBytes: 4 * 1024 * 1024, maxAttempts: 8, backoff: { baseMs: 1_000, capMs: 60_000 }, timeoutMs: 60_000 };

export async function uploadToDrCentre(target: DrTarget, file: { path: string; fileName: string }, options: DrUploadOptions = {}): Promise<DrReceipt> {
  const o = { ...DEFAULTS, ...options };
  const now = options.now ?? (() => new Date());
  const size = (await stat(file.path)).size;
  const sha256 = await fileSha256(file.path);
  const agent = new https.Agent({
    ca: [target.rootPem],
    cert: [target.certificatePem, ...target.chainPems].join('\n'),
    key: target.privateKeyPem,
    rejectUnauthorized: true,
    keepAlive: true,
    maxSockets: 1,
    minVersion: 'TLSv1.2',
  });
  const path = DR_PATH(target.nodeId, file.fileName);
  const request = (method: string, headers: Record<string, string>, body: Buffer | null, reqPath = path) =>
    send(agent, new URL(reqPath, target.baseUrl), method, headers, body, target.bytesPerSecond, o.timeoutMs, options.signal);
  const handle = await open(file.path, 'r');
  let failures = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      try {
        let offset = 0;
        const head = await request('HEAD', {}, null);
        if (head.status === 200) offset = Number(header(head, 'upload-offset') ?? 0);
        else if (head.status !== 404) throw statusError(head);
        if (Number(header(head, 'upload-length') ?? size) !== size && head.status === 200) offset = 0;
        options.onProgress?.(offset, size);
        for (;;) {
          const piece = Buffer.alloc(Math.min(o.pieceBytes, size - offset));
          if (piece.length > 0) await handle.read(piece, 0, piece.length, offset);
          const answer = await request('PATCH', { 'upload-offset': String(offset), 'upload-length': String(size), 'content-type': 'application/offset+octet-stream' }, piece);
          if (answer.status === 204) {
            const next = Number(header(answer, 'upload-offset'));
            if (!Number.isInteger(next) || next <= offset) throw new DrUploadError('容灾备份中心的应答不正确（上传位置没有前进）', true);
            offset = next;
            failures = 0;
            options.onProgress?.(offset, size);
            continue;
          }
          if (answer.status === 409) {
            offset = Number(header(answer, 'upload-offset') ?? 0);
            continue;
          }
          if (answer.status === 200) {
            options.onProgress?.(size, size);
            return await checkReceipt(answer.body, target, file.fileName, size, sha256, request, now(), options.onSigningCertificate);
          }
          throw statusError(answer);
        }
      } catch (error) {
        const transient = error instanceof DrUploadError ? error.transient : !options.signal?.aborted;
        if (!transient) throw error;
        failures += 1;
        if (failures >= o.maxAttempts) throw new DrUploadError(`上传到容灾备份中心连续失败 ${failures} 次，稍后将再次尝试（${describe(error)}）`, true);
        await sleep(backoffDelay(failures, o.backoff), options.signal);
      }
    }
  } finally {
    await handle.close();
    agent.destroy();
  }
}

async function checkReceipt(
  body: Buffer,
  target: DrTarget,
  fileName: string,
  size: number,
  sha256: string,
  request: (method: string, headers: Record<string, string>, body: Buffer | null, path?: string) => Promise<Answer>,
  now: Date,
  onSigningCertificate?: (pem: string) => void,
): Promise<DrReceipt> {
  let signed;
  try {
    signed = signedDrReceiptSchema.parse(JSON.parse(body.toString('utf8')));
  } catch {
    throw new DrUploadError('容灾备份中心的回执格式不正确', true);
  }
  let signingPem = target.signingPem;
  if (!signingPem || signed.signature.certFingerprint !== certFingerprint(signingPem)) {
    const answer = await request('GET', {}, null, SIGNING_CERTIFICATE_PATH);
    if (answer.status !== 200) throw statusError(answer);
    signingPem = answer.body.toString('utf8');
    checkSigningCertificate(signingPem, target.rootPem, now);
    onSigningCertificate?.(signingPem);
  }
  if (signed.signature.certFingerprint !== certFingerprint(signingPem) || !verify(signed, signingPem)) throw new DrUploadError('容灾备份中心回执的签名无法验证', false);
  const r = signed.body;
  if (r.nodeId !== target.nodeId || r.fileName !== fileName) throw new DrUploadError('容灾备份中心的回执不是对本文件的答复', false);
  if (r.bytes !== size || r.sha256 !== sha256) throw new DrUploadError('容灾备份中心保存的文件与本机文件不一致（长度或 SHA-256 不同），将重新上传', true);
  return r;
}

function send(agent: https.Agent, url: URL, method: string, headers: Record<string, string>, body: Buffer | null, bytesPerSecond: number, timeoutMs: number, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, agent, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, timeout: timeoutMs, ...(signal ? { signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 1024 * 1024) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (!body || body.length === 0) {
      req.end();
      return;
    }
    const throttle = new ThrottleStream(bytesPerSecond);
    Readable.from([body]).pipe(throttle).pipe(req);
  });
}

function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function statusError(answer: Answer): Error {
  let message = '';
  try {
    message = (JSON.parse(answer.body.toString('utf8')) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    message = '';
  }
  const said = message ? `：${message}` : '';
  if (answer.status === 401 || answer.status === 403) return new DrUploadError(`容灾备份中心拒绝了本节点证书（HTTP ${answer.status}）${said}`, false);
  if (answer.status === 404) return new DrUploadError(`容灾备份中心没有备份上传接口（HTTP 404）${said}`, false);
  if (answer.status === 413 || answer.status === 422 || answer.status === 400) return new DrUploadError(`容灾备份中心拒收该文件（HTTP ${answer.status}）${said}`, false);
  return new DrUploadError(`容灾备份中心暂时无法接收（HTTP ${answer.status}）${said}`, true);
}

function describe(error: unknown): string {
  if (error instanceof DrUploadError) return error.message;
  const e = error as NodeJS.ErrnoException;
  return `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(error)}`.slice(0, 300);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    }, { once: true });
  });
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the admin sees when the upload cannot even start. */
export function drNotReady(reason: string): ApiFailure {
  return new ApiFailure('NOT_CONFIGURED', `无法上传到容灾备份中心：${reason}`);
}
