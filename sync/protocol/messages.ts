// The wire contract between an edge node and the provincial exchange (and its DR centre).
// Both sides import these schemas: the client to build and check, the reference exchange to
// validate. docs/protocol.md explains them in prose. Version 1; paths are under /v1. The
// version 2 batch upload and its receipt live in batch-v2.ts; everything else is the same
// in both versions.
import { z } from 'zod';

/** Version of the messages in this file (heartbeat, v1 batch and receipt); the v2 batch is batch-v2.ts. */
export const PROTOCOL_VERSION = 1;

export const PATHS = {
  catalog: '/v1/catalog',
  batches: '/v1/batches',
  highWaterMark: (nodeId: string) => `/v1/nodes/${encodeURIComponent(nodeId)}/high-water-mark`,
  /** The audit head the exchange holds for the node: the base its next proof must start from. */
  auditBase: (nodeId: string) => `/v1/nodes/${encodeURIComponent(nodeId)}/audit-head`,
  heartbeat: '/v1/heartbeat',
  crl: '/v1/crl',
  /** The exchange's receipt-signing certificate (chains to the pinned provincial root). */
  signingCertificate: '/v1/signing-certificate',
} as const;

/** Caps for one upload batch; the client also caps by its own configured limits. */
export const MAX_BATCH_ITEMS = 1000;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024; // uncompressed canonical JSON

const nodeId = z.string().min(1).max(64);
const epoch = z.number().int().min(1);
const seq = z.number().int().min(1);
const isoTime = z.string().datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One record version to deliver. Idempotency key: (nodeId, epoch, seq). */
export const batchItemSchema = z.strictObject({
  seq,
  recordId: z.string().uuid(),
  version: z.number().int().min(1),
  resourceCode: z.string().min(1).max(64),
  status: z.enum(['active', 'withdrawn']),
  fields: z.record(z.string(), z.string()),
  unit: z.string().max(100),
  registeredAt: isoTime,
  /** sha256 of canonical JSON of { id, version, resourceCode, status, fields, at }: what the node stored. */
  payloadHash: sha256Hex,
});
export type BatchItem = z.infer<typeof batchItemSchema>;

export const batchSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  nodeId,
  epoch,
  /** Random per attempt; a retry of the same items may reuse or renew it — keys decide. */
  batchId: z.string().min(8).max(64),
  createdAt: isoTime,
  items: z.array(batchItemSchema).min(1).max(MAX_BATCH_ITEMS),
});
export type Batch = z.infer<typeof batchSchema>;

export const REJECTION_CODES = [
  'UNKNOWN_RESOURCE', // the exchange's catalog has no such resource
  'NOT_SHAREABLE', // the resource is on the negative list (不予共享): must never arrive
  'INVALID_FIELD', // a field fails the catalog's validation at the exchange
  'HASH_MISMATCH', // payloadHash does not match the fields sent
  'STALE_VERSION', // an older version than one already applied for this record
] as const;

export const receiptItemSchema = z.strictObject({
  seq,
  outcome: z.enum(['accepted', 'duplicate', 'rejected']),
  code: z.enum(REJECTION_CODES).optional(),
  /** Chinese, for the operator. */
  reason: z.string().optional(),
});
export type ReceiptItem = z.infer<typeof receiptItemSchema>;

/** 回执: the exchange's signed answer to one batch. */
export const receiptSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  nodeId,
  epoch,
  batchId: z.string(),
  items: z.array(receiptItemSchema),
  /** Highest seq of this node and epoch the exchange has processed (accepted or rejected). */
  highWaterMark: z.number().int().min(0),
  serverTime: isoTime,
});
export type Receipt = z.infer<typeof receiptSchema>;

/** What the node keeps of any version's verified receipt: the outcome per seq, and the marks (batch-v2.ts makes one from a v2 receipt). */
export type ReceiptOutcomes = Pick<Receipt, 'batchId' | 'epoch' | 'items' | 'highWaterMark' | 'serverTime'>;

export const highWaterMarkSchema = z.strictObject({
  nodeId,
  /** Per epoch the highest processed seq; epochs the exchange never saw are absent. */
  epochs: z.record(z.string(), z.number().int().min(0)),
  serverTime: isoTime,
});
export type HighWaterMark = z.infer<typeof highWaterMarkSchema>;

/**
 * Audit HMACs every exchange takes in one heartbeat's consistency proof (the first release's
 * limit: 256 × 64 hex digits, about 17 KB). A node further behind reports a signed
 * intermediate head and sends the rest with its next heartbeats.
 */
export const BASE_AUDIT_PROOF_LINKS = 256;

/**
 * Audit HMACs an exchange of this version takes in one heartbeat, and says so on every answer
 * (AUDIT_PROOF_LINKS_HEADER): about 270 KB of JSON, 150 KB gzipped, 0.6 s on a 2 Mbit/s
 * line. After weeks offline a node owes one entry per registration, so at 256 a heartbeat the
 * proof took a round trip per 256 records — most of the drain (bench/README.md).
 */
export const LARGE_AUDIT_PROOF_LINKS = 4096;

/** The answer header in which an exchange names the most HMACs one heartbeat may carry. */
export const AUDIT_PROOF_LINKS_HEADER = 'x-exchange-audit-proof-links';

/**
 * The proof size a node may send, from the exchange's latest answer: what it advertised,
 * within BASE…LARGE (the header is untrusted input); BASE when it says nothing (the first
 * release) or something that is not a whole number.
 */
export function advertisedProofLinks(header: string | undefined): number {
  const value = header === undefined || !/^\s*\d{1,9}\s*$/.test(header) ? NaN : Number(header);
  if (!(value >= BASE_AUDIT_PROOF_LINKS)) return BASE_AUDIT_PROOF_LINKS;
  return Math.min(value, LARGE_AUDIT_PROOF_LINKS);
}

/** After a restore to an older backup: the gap the node recorded in its new chain. */
export const auditGapSchema = z.strictObject({
  /** The gap entry's own seq in the restored chain. */
  entrySeq: seq,
  /** The audit entries no longer on the node: lostFrom..lostTo of the replaced chain. */
  lostFrom: seq,
  lostTo: seq,
  /** The head the node had last reported before the restore: what the exchange holds. */
  reported: z.strictObject({ seq: z.number().int().min(0), link: sha256Hex }),
});
export type AuditGap = z.infer<typeof auditGapSchema>;

/** What the node signs about its audit log (sync/protocol/audit-chain.ts has the links). */
export const auditHeadStatementSchema = z.strictObject({
  nodeId,
  seq: z.number().int().min(0),
  /** link_seq of the keyless public chain over the entries' HMACs. */
  link: sha256Hex,
  signedAt: isoTime,
  gap: auditGapSchema.optional(),
});
export type AuditHeadStatement = z.infer<typeof auditHeadStatementSchema>;

/**
 * The exchange's signed answer to GET auditBase: the head a node's next proof must start
 * from (null: none yet). A node asks after a restore and after a refused heartbeat, and
 * believes it only signed by the receipt-signing certificate (sync/client/audit-base.ts).
 */
export const auditBaseSchema = z.strictObject({
  nodeId,
  head: z.strictObject({ seq: z.number().int().min(0), link: sha256Hex }).nullable(),
  serverTime: isoTime,
});
export type AuditBase = z.infer<typeof auditBaseSchema>;

/** The entries' HMACs fromSeq+1 … statement.seq: enough to fold the exchange's link onto the new one. */
export const auditProofSchema = z.strictObject({
  fromSeq: z.number().int().min(0),
  // Bounded by the heartbeat's byte limit, then by the number the exchange advertised, which it
  // checks itself to name the limit in its refusal (sync/exchange/routes.ts).
  hmacs: z.array(sha256Hex),
});
export type AuditProof = z.infer<typeof auditProofSchema>;

/** The audit head in a heartbeat: the HMAC head as before, plus the signed public head and its proof. */
export const heartbeatAuditHeadSchema = z.strictObject({
  seq: z.number().int().min(0),
  hash: sha256Hex,
  /** Signed with the node's client-certificate key, kept by the exchange as it is. */
  signed: z.strictObject({ body: auditHeadStatementSchema, signature: z.lazy(() => signatureSchema) }).optional(),
  proof: auditProofSchema.optional(),
});
export type HeartbeatAuditHead = z.infer<typeof heartbeatAuditHeadSchema>;

export const heartbeatSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  nodeId,
  sentAt: isoTime,
  appVersion: z.string(),
  catalogVersion: z.string(),
  /** Aggregates only: never personal data. Shape grows with the status issue. */
  status: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  auditHead: heartbeatAuditHeadSchema,
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Signed by the receipt-signing certificate (docs/protocol.md); travels as signedSchema(catalogEnvelopeSchema). */
export const catalogEnvelopeSchema = z.strictObject({
  version: z.string(),
  /** Monotonic publication number: a node refuses a serial lower than the one it holds (version strings are not ordered). */
  serial: z.number().int().min(1),
  issuedAt: isoTime,
  /** The catalog itself, shaped like common/catalog's Catalog (validated by the node). */
  catalog: z.unknown(),
});

/** Every signed body travels as { body, signature } where signature signs canonicalJson(body). */
export const signatureSchema = z.strictObject({
  alg: z.literal('RSA-SHA256'),
  /** sha256 fingerprint (hex) of the signer's certificate (DER). */
  certFingerprint: sha256Hex,
  value: z.string().min(1), // base64
});
export type Signature = z.infer<typeof signatureSchema>;

export function signedSchema<T extends z.ZodType>(body: T) {
  return z.strictObject({ body, signature: signatureSchema });
}

/** Error answers from the exchange: { error: { code, message } } with an HTTP status. */
export const exchangeErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
