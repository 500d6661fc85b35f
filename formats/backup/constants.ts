// Fixed numbers of the backup file format, version 1 (docs/backup-format.md).

/** First 8 bytes of every backup file: 0x89 "ENBK" CR LF 0x1A (PNG-style: catches text-mode copies). */
export const MAGIC = Buffer.from([0x89, 0x45, 0x4e, 0x42, 0x4b, 0x0d, 0x0a, 0x1a]);
export const FORMAT_VERSION = 1;

/** magic (8) + format version (u16 BE) + flags (u16 BE, 0) + header length (u32 BE). */
export const PREAMBLE_BYTES = 16;
/** HMAC-SHA256 over preamble and header, right after the header. */
export const HEADER_MAC_BYTES = 32;
/** AES-GCM tag after each chunk's ciphertext. */
export const TAG_BYTES = 16;
/** Random part of each chunk nonce; the other 8 bytes are the chunk index. */
export const NONCE_PREFIX_BYTES = 4;

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const MIN_CHUNK_BYTES = 4 * 1024;
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** A header is a few KiB; anything much larger is not one of ours. */
export const MAX_HEADER_BYTES = 1024 * 1024;

export const BACKUP_EXTENSION = '.enbak';

/** Labels that keep every key and every authenticated field to one purpose. */
export const LABELS = {
  stream: 'edge-node-backup/v1/stream',
  headerMac: 'edge-node-backup/v1/header-mac',
  secrets: 'edge-node-backup/v1/secrets',
  fileKeyWrap: 'edge-node-backup/v1/file-key-wrap',
  chunkAad: 'edge-node-backup/v1/chunk',
} as const;
