// The exchange's endpoints (docs/protocol.md). Each handler gets an authenticated TLS peer;
// anything it cannot accept is thrown as an HttpError and answered by server.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { Catalog } from '../../common/catalog/types';
import { canonicalJson } from '../protocol/canonical-json';
import { AUDIT_PROOF_LINKS_HEADER, BASE_AUDIT_PROOF_LINKS, batchSchema, heartbeatSchema, MAX_BATCH_BYTES, PATHS, signatureSchema, type AuditBase, type HighWaterMark, type Signature } from '../protocol/messages';
import { sign, verify } from '../protocol/signing';
import { applyBatch, applyItems, withComputedHashes } from './apply-batch';
import { BatchV2Error, batchDigest, decodeBatchV2, MAX_BATCH_V2_WIRE_BYTES, parseSignatureHeader, PATH_BATCHES_V2, PROTOCOLS_HEADER, receiptV2Body, SIGNATURE_HEADER } from '../protocol/batch-v2';
import { verifyBytes } from '../protocol/signing';
import { AUDIT_ANOMALIES, judgeAuditHead } from './audit-heads';
import { clientIdentity, type ClientIdentity } from './client-identity';
import { errors } from './http-error';
import { parseJson, readBody, send, sendJson, type AnswerOptions } from './http-io';
import type { ExchangeStore } from './store';
import { DR_PATH, type DrCentre } from './dr-centre';

/** Room for the signature envelope around a batch of MAX_BATCH_BYTES. */
const ENVELOPE_ALLOWANCE = 64 * 1024;
/** A heartbeat's status and signed head fit here; its proof adds 67 bytes an HMAC (64 hex digits, quotes, comma). */
const HEARTBEAT_BYTES_BEYOND_PROOF = 64 * 1024;
const BYTES_PER_PROOF_LINK = 67;

/** Not in PATHS yet (see docs/protocol.md): how a node obtains the receipt-signing certificate. */
export const SIGNING_CERT_PATH = PATHS.signingCertificate;

export interface ExchangeContext {
  store: ExchangeStore;
  catalog(): Catalog;
  /** Publication number of the current catalog and when it was published: signed with it. */
  catalogSerial(): { serial: number; issuedAt: string };
  crlPem(): string | undefined;
  signing: { key: KeyObject; certPem: string };
  now(): Date;
  /** Tests only (server.ts setCatalogTamper): what a forger in the path would send instead. */
  tamperCatalog?: (signed: { body: unknown; signature: unknown }) => unknown;
  /** The DR centre's backup uploads (dr-centre.ts). */
  dr?: DrCentre;
  /**
   * Most audit HMACs a heartbeat may carry: LARGE_AUDIT_PROOF_LINKS, advertised on every
   * answer; BASE_AUDIT_PROOF_LINKS behaves as the first release did (says nothing).
   */
  auditProofLinks: number;
}

export interface RequestControl {
  answer: AnswerOptions;
  /** Called after the batch committed: true means drop the connection instead of answering. */
  dropAfterApply: boolean;
}

type Handler = (ctx: ExchangeContext, req: IncomingMessage, res: ServerResponse, peer: ClientIdentity, control: RequestControl) => Promise<void>;

const HIGH_WATER_MARK = /^\/v1\/nodes\/([^/]+)\/high-water-mark$/;
const AUDIT_BASE = /^\/v1\/nodes\/([^/]+)\/audit-head$/;

export async function route(ctx: ExchangeContext, req: IncomingMessage, res: ServerResponse, control: RequestControl): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://exchange.invalid').pathname;
  const handler = pick(req.method ?? 'GET', path);
  // The version story (docs/protocol.md "Versions"): every answer says which batch protocols
  // this exchange accepts, so a node learns it from its first housekeeping request.
  res.setHeader(PROTOCOLS_HEADER, '1, 2');
  // Likewise the largest audit proof one heartbeat may carry (the first release took 256 and said nothing).
  if (ctx.auditProofLinks > BASE_AUDIT_PROOF_LINKS) res.setHeader(AUDIT_PROOF_LINKS_HEADER, String(ctx.auditProofLinks));
  await handler(ctx, req, res, clientIdentity(req.socket as TLSSocket), control);
}

function pick(method: string, path: string): Handler {
  const only = (allowed: string, handler: Handler): Handler => (method === allowed ? handler : methodNotAllowed(allowed));
  if (path === PATHS.batches) return only('POST', postBatch);
  if (path === PATH_BATCHES_V2) return only('POST', postBatchV2);
  if (path === PATHS.heartbeat) return only('POST', postHeartbeat);
  if (path === PATHS.catalog) return only('GET', getCatalog);
  if (path === PATHS.crl) return only('GET', getCrl);
  if (path === SIGNING_CERT_PATH) return only('GET', getSigningCert);
  if (HIGH_WATER_MARK.test(path)) return only('GET', getHighWaterMark);
  if (AUDIT_BASE.test(path)) return only('GET', getAuditBase);
  if (DR_PATH.test(path)) return drUpload;
  return async () => {
    throw errors.notFound();
  };
}

function methodNotAllowed(allowed: string): Handler {
  return async (_ctx, _req, res) => {
    res.setHeader('allow', allowed);
    throw errors.methodNotAllowed();
  };
}

const postBatch: Handler = async (ctx, req, res, peer, control) => {
  const signed = await readSigned(req, MAX_BATCH_BYTES + ENVELOPE_ALLOWANCE, peer);
  const batch = parseOrThrow(batchSchema, signed.body, '批次');
  if (batch.nodeId !== peer.nodeId) throw errors.nodeMismatch(batch.nodeId, peer.nodeId);
  if (Buffer.byteLength(canonicalJson(batch)) > MAX_BATCH_BYTES) throw errors.tooLarge(MAX_BATCH_BYTES);
  const receipt = applyBatch(ctx.store, ctx.catalog(), batch, ctx.now);
  // Committed: from here on a lost answer is the classic lost receipt; a retry gets 'duplicate'.
  if (control.dropAfterApply) {
    req.socket.destroy();
    return;
  }
  await sendJson(res, 200, sign(receipt, ctx.signing.key, ctx.signing.certPem), control.answer);
};

/**
 * Protocol v2: the body is the raw-deflate batch itself (no HTTP content encoding), signed
 * over exactly those bytes in a header. The signature is checked before anything is
 * inflated; the receipt signs the body's digest and the outcome of every item in order.
 */
const postBatchV2: Handler = async (ctx, req, res, peer, control) => {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw errors.unsupportedEncoding(encoding);
  const signature = parseSignatureHeader(req.headers[SIGNATURE_HEADER] as string | undefined);
  const body = await readBody(req, MAX_BATCH_V2_WIRE_BYTES);
  if (req.headers[SIGNATURE_HEADER] === undefined) throw errors.unsigned();
  if (!signature) throw errors.badSignature();
  let valid = false;
  try {
    valid = verifyBytes(body, signature, peer.certPem);
  } catch {
    valid = false;
  }
  if (!valid) throw errors.badSignature();
  let batch;
  try {
    batch = await decodeBatchV2(body);
  } catch (error) {
    if (!(error instanceof BatchV2Error)) throw error;
    if (error.kind === 'too-large') throw errors.tooLarge(MAX_BATCH_BYTES);
    throw errors.malformed('批次', error.message);
  }
  if (batch.nodeId !== peer.nodeId) throw errors.nodeMismatch(batch.nodeId, peer.nodeId);
  const applied = applyItems(ctx.store, ctx.catalog(), withComputedHashes(batch), ctx.now);
  if (control.dropAfterApply) {
    req.socket.destroy();
    return;
  }
  const receipt = receiptV2Body(
    { nodeId: batch.nodeId, epoch: batch.epoch, batchId: batch.batchId, batchDigest: batchDigest(body), highWaterMark: applied.highWaterMark, serverTime: applied.serverTime },
    applied.items,
  );
  await sendJson(res, 200, sign(receipt, ctx.signing.key, ctx.signing.certPem), control.answer);
};

const postHeartbeat: Handler = async (ctx, req, res, peer, control) => {
  const signed = await readSigned(req, HEARTBEAT_BYTES_BEYOND_PROOF + ctx.auditProofLinks * BYTES_PER_PROOF_LINK, peer);
  const heartbeat = parseOrThrow(heartbeatSchema, signed.body, '心跳');
  if (heartbeat.nodeId !== peer.nodeId) throw errors.nodeMismatch(heartbeat.nodeId, peer.nodeId);
  const links = heartbeat.auditHead.proof?.hmacs.length ?? 0;
  if (links > ctx.auditProofLinks) throw errors.proofTooLong(links, ctx.auditProofLinks);
  const serverTime = ctx.now().toISOString();
  // Judged and kept with the heartbeat in one transaction: two heartbeats of one node cannot
  // both extend the same head. A refused head still leaves the node's status for the listing.
  const verdict = ctx.store.transaction(() => {
    const judged = judgeAuditHead({
      nodeId: peer.nodeId,
      certPem: peer.certPem,
      head: heartbeat.auditHead,
      last: ctx.store.lastAuditHead(peer.nodeId),
      acceptedLinkAt: (seq) => ctx.store.acceptedAuditLink(peer.nodeId, seq),
    });
    ctx.store.addHeartbeat(heartbeat, signed.signature, serverTime, { unit: peer.unit, county: peer.county });
    ctx.store.recordAuditHead(peer.nodeId, judged, heartbeat.auditHead.signed, serverTime);
    return judged;
  });
  if (verdict.outcome === 'refused') throw errors.auditChain(verdict.code, AUDIT_ANOMALIES[verdict.code], verdict.reason);
  await sendJson(res, 200, { serverTime }, control.answer);
};

const getHighWaterMark: Handler = async (ctx, req, res, peer, control) => {
  const nodeId = ownNodeId(req, peer, HIGH_WATER_MARK);
  const answer: HighWaterMark = { nodeId, epochs: ctx.store.highWaterMarks(nodeId), serverTime: ctx.now().toISOString() };
  await sendJson(res, 200, sign(answer, ctx.signing.key, ctx.signing.certPem), control.answer);
};

/** The audit head the node's next proof must start from (audit-heads.ts), signed like receipts. */
const getAuditBase: Handler = async (ctx, req, res, peer, control) => {
  const nodeId = ownNodeId(req, peer, AUDIT_BASE);
  const answer: AuditBase = { nodeId, head: ctx.store.lastAuditHead(nodeId), serverTime: ctx.now().toISOString() };
  await sendJson(res, 200, sign(answer, ctx.signing.key, ctx.signing.certPem), control.answer);
};

/** The node a per-node path names; a node may learn only its own state. */
function ownNodeId(req: IncomingMessage, peer: ClientIdentity, pattern: RegExp): string {
  const path = new URL(req.url ?? '/', 'https://exchange.invalid').pathname;
  let nodeId: string;
  try {
    nodeId = decodeURIComponent(pattern.exec(path)![1]!);
  } catch {
    throw errors.malformed('节点编号', '路径中的编码无效');
  }
  if (nodeId !== peer.nodeId) throw errors.nodeMismatch(nodeId, peer.nodeId);
  return nodeId;
}

const drUpload: Handler = async (ctx, req, res, peer, control) => {
  if (!ctx.dr) throw errors.notFound();
  await ctx.dr.handle(ctx, req, res, peer, control.dropAfterApply);
};

const getCatalog: Handler = async (ctx, req, res, _peer, control) => {
  const catalog = ctx.catalog();
  const published = ctx.catalogSerial();
  const etag = `"${published.serial}-${catalog.version.replace(/["\\]/g, '')}"`;
  const wanted = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (wanted.includes(etag) || wanted.includes('*')) {
    res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
    return;
  }
  // Signed like receipts: the catalog decides what nodes may share.
  const envelope = { version: catalog.version, serial: published.serial, issuedAt: published.issuedAt, catalog };
  const signed = sign(envelope, ctx.signing.key, ctx.signing.certPem);
  await sendJson(res, 200, ctx.tamperCatalog ? ctx.tamperCatalog(signed) : signed, { ...control.answer, headers: { etag } });
};

const getCrl: Handler = async (ctx, _req, res, _peer, control) => {
  const crl = ctx.crlPem();
  if (crl === undefined) {
    await sendJson(res, 404, { error: { code: 'NO_CRL', message: '交换平台尚未发布证书吊销列表' } }, control.answer);
    return;
  }
  await send(res, 200, Buffer.from(crl, 'utf8'), 'application/x-pem-file', control.answer);
};

const getSigningCert: Handler = async (ctx, _req, res, _peer, control) => {
  await send(res, 200, Buffer.from(ctx.signing.certPem, 'utf8'), 'application/x-pem-file', control.answer);
};

const envelopeSchema = z.strictObject({ body: z.unknown(), signature: z.unknown().optional() });

/** Reads a { body, signature } envelope and checks it was signed by the TLS client certificate. */
async function readSigned(req: IncomingMessage, limit: number, peer: ClientIdentity): Promise<{ body: unknown; signature: Signature }> {
  const json = parseJson(await readBody(req, limit));
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.body === undefined) throw errors.malformed('签名信封', '应为 { body, signature }');
  if (envelope.data.signature === undefined || envelope.data.signature === null) throw errors.unsigned();
  const signature = signatureSchema.safeParse(envelope.data.signature);
  if (!signature.success) throw errors.badSignature();
  const signed = { body: envelope.data.body, signature: signature.data };
  let valid = false;
  try {
    valid = verify(signed, peer.certPem);
  } catch {
    valid = false; // a body canonical JSON cannot express is as bad as a wrong signature
  }
  if (!valid) throw errors.badSignature();
  return signed;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : '（顶层）';
  throw errors.malformed(what, `${where}：${issue.message}`);
}
