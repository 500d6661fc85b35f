// One chunk of the encrypted stream. AES-256-GCM under the stream key; the nonce is the
// file's random 4-byte prefix followed by the chunk index (u64 BE), so no nonce repeats
// within a file and the file key is fresh per file. The AAD binds each chunk to its place:
//
//   AAD = "edge-node-backup/v1/chunk" || SHA-256(preamble || header JSON) || index (u64 BE) || final (1 byte)
//
// so a chunk moved to another index, copied from another backup, or a stream cut after a
// non-final chunk fails authentication.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { LABELS, TAG_BYTES } from './constants';

export function chunkNonce(prefix: Buffer, index: number): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0, 0, 4);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

export function chunkAad(headerHash: Buffer, index: number, final: boolean): Buffer {
  const label = Buffer.from(LABELS.chunkAad, 'utf8');
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = final ? 1 : 0;
  return Buffer.concat([label, headerHash, tail]);
}

/** Ciphertext followed by its 16-byte tag. */
export function encryptChunk(streamKey: Buffer, prefix: Buffer, headerHash: Buffer, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', streamKey, chunkNonce(prefix, index));
  cipher.setAAD(chunkAad(headerHash, index, final));
  const body = cipher.update(plain);
  const rest = cipher.final();
  return Buffer.concat([body, rest, cipher.getAuthTag()]);
}

/** The plaintext of ciphertext+tag, or null when it does not authenticate at this place. */
export function decryptChunk(streamKey: Buffer, prefix: Buffer, headerHash: Buffer, index: number, final: boolean, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', streamKey, chunkNonce(prefix, index));
    decipher.setAAD(chunkAad(headerHash, index, final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    return Buffer.concat([body, decipher.final()]);
  } catch {
    return null;
  }
}
