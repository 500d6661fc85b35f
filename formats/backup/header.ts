// The backup file's header: a fixed 16-byte preamble (magic, format version, flags, header
// length), then the header as UTF-8 JSON, then its HMAC. The JSON says what the backup holds
// (node, versions, counts) in the clear — so a folder of backups can be listed without the
// passphrase — and carries the key slots and the sealed secrets. It is authenticated twice:
// by the HMAC right after it (checked as soon as the file key is known) and by every chunk,
// whose AAD includes the header's SHA-256.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FORMAT_VERSION, MAGIC, MAX_CHUNK_BYTES, MAX_HEADER_BYTES, MIN_CHUNK_BYTES, NONCE_PREFIX_BYTES, PREAMBLE_BYTES, HEADER_MAC_BYTES, TAG_BYTES } from './constants';
import { backupErrors } from './errors';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const count = z.number().int().min(0);

/** AES-256-GCM output: iv, tag and ciphertext, base64. */
export const sealedSchema = z.strictObject({ iv: base64, tag: base64, sealed: base64 });
export type Sealed = z.infer<typeof sealedSchema>;

/** The node's own recovery-passphrase slot (keys.json), copied as is: scrypt + AES-GCM over the database key. */
export const nodePassphraseSlotSchema = z.strictObject({
  kind: z.literal('passphrase'),
  kdf: z.literal('scrypt'),
  // Bounded so a forged header cannot make scrypt allocate gigabytes (the node uses 2^17, 8, 1).
  N: z.number().int().min(2).max(2 ** 18),
  r: z.number().int().min(1).max(8),
  p: z.number().int().min(1).max(4),
  salt: base64,
  iv: base64,
  tag: base64,
  sealed: base64,
});

export const slotSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('passphrase'),
    /** Opens the database key with the recovery passphrase. */
    node: nodePassphraseSlotSchema,
    /** The file key, sealed with a key derived from the database key. */
    fileKey: sealedSchema,
  }),
  z.strictObject({
    kind: z.literal('dr-centre'),
    alg: z.literal('RSA-OAEP-SHA256'),
    /** SHA-256 of the DR centre certificate's DER, hex. */
    certFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    subject: z.string().max(1000),
    /** The file key, RSA-OAEP (SHA-256, MGF1-SHA-256) encrypted. */
    sealed: base64,
  }),
]);
export type Slot = z.infer<typeof slotSchema>;

export const countsSchema = z.strictObject({
  records: count,
  recordVersions: count,
  outbox: count,
  outboxPending: count,
  outboxRejected: count,
  receipts: count,
  auditLog: count,
  users: count,
});
export type BackupCounts = z.infer<typeof countsSchema>;

/** What a backup holds, as the header says it (no secrets). */
export const backupContentSchema = z.strictObject({
  createdAt: z.string(),
  appVersion: z.string().max(50),
  node: z.strictObject({ nodeId: z.string().max(100), unitName: z.string().max(200), creditCode: z.string().max(50), divisionCode: z.string().max(20) }),
  schemaVersion: z.number().int().min(1),
  epoch: z.number().int().min(1),
  counts: countsSchema,
  auditHead: z.strictObject({ seq: count, hash: z.string().max(64) }),
});
export type BackupContent = z.infer<typeof backupContentSchema>;

export const headerSchema = backupContentSchema.extend({
  format: z.literal(FORMAT_VERSION),
  payload: z.strictObject({
    /** An SQLCipher 4 database file (2 KiB pages), encrypted with the node's database key. */
    kind: z.literal('sqlcipher-database'),
    pageSize: z.number().int(),
    bytes: z.number().int().min(1),
    compression: z.literal('none'),
  }),
  encryption: z.strictObject({
    alg: z.literal('AES-256-GCM'),
    chunkBytes: z.number().int().min(MIN_CHUNK_BYTES).max(MAX_CHUNK_BYTES),
    chunks: z.number().int().min(1),
    noncePrefix: base64,
  }),
  slots: z.array(slotSchema).min(1).max(8),
  /** { databaseKey } sealed with a key derived from the file key. */
  secrets: sealedSchema,
});
export type BackupHeader = z.infer<typeof headerSchema>;

export interface ParsedHeader {
  header: BackupHeader;
  /** Preamble + JSON bytes: what the MAC covers and the chunk AAD hashes. */
  headerBytes: Buffer;
  headerHash: Buffer;
  mac: Buffer;
  /** Offset of the first chunk. */
  payloadOffset: number;
  /** Exact size the whole file must have. */
  fileBytes: number;
}

export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) throw new Error('backup header too large');
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt16BE(FORMAT_VERSION, 8);
  preamble.writeUInt16BE(0, 10);
  preamble.writeUInt32BE(json.length, 12);
  return Buffer.concat([preamble, json]);
}

export function hashHeader(headerBytes: Buffer): Buffer {
  return createHash('sha256').update(headerBytes).digest();
}

/** Size of the chunked payload on disk: every chunk's ciphertext plus its tag. */
export function encryptedPayloadBytes(payloadBytes: number, chunks: number): number {
  return payloadBytes + chunks * TAG_BYTES;
}

export function chunkCount(payloadBytes: number, chunkBytes: number): number {
  return Math.ceil(payloadBytes / chunkBytes);
}

/**
 * Reads the preamble, JSON and MAC from the start of a file (`read(offset, length)` returns
 * what is there, possibly less at the end). Checks structure only: the MAC needs the file
 * key (see reader.ts). Throws BackupError.
 */
export async function parseHeader(read: (offset: number, length: number) => Promise<Buffer>, fileSize: number): Promise<ParsedHeader> {
  const preamble = await read(0, PREAMBLE_BYTES);
  if (preamble.length < MAGIC.length || !preamble.subarray(0, MAGIC.length).equals(MAGIC)) throw backupErrors.notABackup();
  if (preamble.length < PREAMBLE_BYTES) throw backupErrors.truncated(PREAMBLE_BYTES, fileSize);
  const version = preamble.readUInt16BE(8);
  const flags = preamble.readUInt16BE(10);
  const length = preamble.readUInt32BE(12);
  if (length < 2 || length > MAX_HEADER_BYTES) throw backupErrors.headerDamaged('文件头长度不合理');
  const json = await read(PREAMBLE_BYTES, length);
  if (json.length < length) throw backupErrors.truncated(PREAMBLE_BYTES + length + HEADER_MAC_BYTES, fileSize);
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch {
    throw version > FORMAT_VERSION ? backupErrors.formatTooNew(version, FORMAT_VERSION) : backupErrors.headerDamaged('文件头不是有效的 JSON');
  }
  const declared = (raw as { format?: unknown } | null)?.format;
  if (version > FORMAT_VERSION) {
    // A newer format is named as such only when the header agrees with the preamble; a single
    // flipped bit in the version field is damage, not the future.
    if (declared === version) throw backupErrors.formatTooNew(version, FORMAT_VERSION);
    throw backupErrors.headerDamaged('格式版本字段与文件头不一致');
  }
  if (version !== FORMAT_VERSION || declared !== version) throw backupErrors.headerDamaged('格式版本字段与文件头不一致');
  if (flags !== 0) throw backupErrors.headerDamaged('保留字段不为零');
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw backupErrors.headerDamaged(`字段 ${issue?.path.join('.') || '（顶层）'} 不符合格式`);
  }
  const header = parsed.data;
  if (Buffer.from(header.encryption.noncePrefix, 'base64').length !== NONCE_PREFIX_BYTES) throw backupErrors.headerDamaged('随机数前缀长度不正确');
  if (chunkCount(header.payload.bytes, header.encryption.chunkBytes) !== header.encryption.chunks) throw backupErrors.headerDamaged('数据块数与数据长度不符');
  const mac = await read(PREAMBLE_BYTES + length, HEADER_MAC_BYTES);
  const payloadOffset = PREAMBLE_BYTES + length + HEADER_MAC_BYTES;
  const fileBytes = payloadOffset + encryptedPayloadBytes(header.payload.bytes, header.encryption.chunks);
  if (mac.length < HEADER_MAC_BYTES) throw backupErrors.truncated(fileBytes, fileSize);
  const headerBytes = Buffer.concat([preamble, json]);
  return { header, headerBytes, headerHash: hashHeader(headerBytes), mac, payloadOffset, fileBytes };
}
