// Writes one backup file: header (with key slots and sealed secrets), its HMAC, then the
// payload in chunks of `chunkBytes`, each AES-256-GCM sealed in its place. The payload is
// read from `source` (the snapshot, itself an SQLCipher file) one chunk at a time, so memory
// stays at about two chunks whatever the database size. The destination is created
// exclusively and flushed before this returns; naming it (temporary name, rename) is the
// caller's job.
import { createHash, randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { DEFAULT_CHUNK_BYTES, FORMAT_VERSION, LABELS, MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, NONCE_PREFIX_BYTES } from './constants';
import { chunkCount, encodeHeader, hashHeader, type BackupContent, type BackupHeader } from './header';
import { drCentreSlot, headerMac, passphraseSlot, sealSecrets, subkey } from './keys';
import { encryptChunk } from './chunks';
import { backupErrors } from './errors';
import type { PassphraseSlot } from '../../platform/passphrase-slot';

export interface WriteBackupInput {
  /** The snapshot: an SQLCipher database file encrypted with `databaseKey`. */
  source: string;
  destination: string;
  content: BackupContent;
  databaseKey: Buffer;
  /** The node's recovery-passphrase slot from keys.json. */
  nodeSlot: PassphraseSlot;
  /** When set, the file key is also sealed to this certificate (RSA-OAEP-SHA256). */
  drCertificatePem?: string | null;
  chunkBytes?: number;
  pageSize?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface WrittenBackup {
  header: BackupHeader;
  /** Size of the whole file. */
  bytes: number;
  /** SHA-256 of the whole file, hex (the DR centre confirms the same value). */
  sha256: string;
}

export async function writeBackupFile(input: WriteBackupInput): Promise<WrittenBackup> {
  const chunkBytes = input.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) throw new Error(`chunk size ${chunkBytes} out of range`);
  const payloadBytes = (await stat(input.source)).size;
  if (payloadBytes === 0) throw new Error('the snapshot is empty');
  const chunks = chunkCount(payloadBytes, chunkBytes);

  const fileKey = randomBytes(32);
  const streamKey = subkey(fileKey, LABELS.stream);
  const prefix = randomBytes(NONCE_PREFIX_BYTES);
  try {
    const slots = [passphraseSlot(input.nodeSlot, input.databaseKey, fileKey)];
    if (input.drCertificatePem) slots.push(drCentreSlot(input.drCertificatePem, fileKey));
    const header: BackupHeader = {
      format: FORMAT_VERSION,
      ...input.content,
      payload: { kind: 'sqlcipher-database', pageSize: input.pageSize ?? 2048, bytes: payloadBytes, compression: 'none' },
      encryption: { alg: 'AES-256-GCM', chunkBytes, chunks, noncePrefix: prefix.toString('base64') },
      slots,
      secrets: sealSecrets(fileKey, input.databaseKey),
    };
    const headerBytes = encodeHeader(header);
    const headerHash = hashHeader(headerBytes);
    const mac = headerMac(fileKey, headerBytes);

    const digest = createHash('sha256');
    const source = await open(input.source, 'r');
    let out;
    try {
      out = await open(input.destination, 'wx', 0o600);
    } catch (error) {
      await source.close();
      throw backupErrors.io('创建备份文件', error);
    }
    let written = 0;
    try {
      const write = async (data: Buffer) => {
        digest.update(data);
        let offset = 0;
        while (offset < data.length) {
          const { bytesWritten } = await out.write(data, offset, data.length - offset, written);
          offset += bytesWritten;
          written += bytesWritten;
        }
      };
      await write(headerBytes);
      await write(mac);
      const buffer = Buffer.allocUnsafe(chunkBytes);
      let position = 0;
      for (let index = 0; index < chunks; index++) {
        if (input.signal?.aborted) throw input.signal.reason ?? new Error('aborted');
        const want = Math.min(chunkBytes, payloadBytes - position);
        let got = 0;
        while (got < want) {
          const { bytesRead } = await source.read(buffer, got, want - got, position + got);
          if (bytesRead === 0) throw new Error('the snapshot changed size while it was being read');
          got += bytesRead;
        }
        position += want;
        await write(encryptChunk(streamKey, prefix, headerHash, index, index === chunks - 1, buffer.subarray(0, want)));
        input.onProgress?.(position, payloadBytes);
      }
      buffer.fill(0);
      await out.sync();
    } catch (error) {
      if ((error as { name?: string }).name === 'BackupError') throw error;
      throw (error as NodeJS.ErrnoException).code ? backupErrors.io('写入备份文件', error) : error;
    } finally {
      await out.close();
      await source.close();
    }
    return { header, bytes: written, sha256: digest.digest('hex') };
  } finally {
    fileKey.fill(0);
    streamKey.fill(0);
  }
}
