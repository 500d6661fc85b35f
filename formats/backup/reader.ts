// Reads a backup file: the header first (structure only, no key needed — enough to list a
// folder), then, given a key (recovery passphrase, the node's own database key, or the DR
// centre's private key), the file key; the header's HMAC is checked before anything in it is
// trusted; then the payload chunk by chunk, each authenticated in its place before a single
// byte of it is written anywhere. Memory stays at about two chunks.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { FORMAT_VERSION, LABELS, TAG_BYTES } from './constants';
import { parseHeader, type BackupContent, type BackupHeader, type ParsedHeader, type Slot } from './header';
import { fileKeyFromDatabaseKey, fileKeyFromDrKey, headerMac, macMatches, openSecrets, subkey } from './keys';
import { decryptChunk } from './chunks';
import { BackupError, backupErrors } from './errors';
import { openWithPassphrase, WrongPassphraseError } from '../../platform/passphrase-slot';

export interface UnlockedBackup {
  header: BackupHeader;
  /** The database key the payload is encrypted with (SQLCipher). Zero it when done. */
  databaseKey: Buffer;
  /** Which slot opened it. */
  openedWith: 'passphrase' | 'database-key' | 'dr-centre';
  dispose(): void;
}

export class BackupFile {
  private constructor(
    readonly path: string,
    readonly size: number,
    readonly parsed: ParsedHeader,
  ) {}

  /** Reads and checks the header's structure. Throws BackupError. */
  static async open(path: string): Promise<BackupFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw backupErrors.io('打开备份文件', error);
    }
    try {
      const size = (await handle.stat()).size;
      const parsed = await parseHeader(async (offset, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, offset);
        return buffer;
      }, size);
      return new BackupFile(path, size, parsed);
    } finally {
      await handle.close();
    }
  }

  get header(): BackupHeader {
    return this.parsed.header;
  }

  /** What the header says the backup holds. Not authenticated until a key has opened the file. */
  content(): BackupContent {
    const { createdAt, appVersion, node, schemaVersion, epoch, counts, auditHead } = this.parsed.header;
    return { createdAt, appVersion, node, schemaVersion, epoch, counts, auditHead };
  }

  hasDrSlot(): boolean {
    return this.header.slots.some((s) => s.kind === 'dr-centre');
  }

  /** A size problem (truncated, extra bytes) as a BackupError, or null. */
  sizeProblem(): BackupError | null {
    if (this.size < this.parsed.fileBytes) return backupErrors.truncated(this.parsed.fileBytes, this.size);
    if (this.size > this.parsed.fileBytes) return backupErrors.trailingData(this.parsed.fileBytes, this.size);
    return null;
  }

  async unlockWithPassphrase(passphrase: string): Promise<UnlockedBackup> {
    const slot = this.passphraseSlot();
    let databaseKey: Buffer;
    try {
      databaseKey = await openWithPassphrase(slot.node, passphrase);
    } catch (error) {
      if (error instanceof WrongPassphraseError) throw backupErrors.wrongPassphrase();
      throw error;
    }
    try {
      const fileKey = fileKeyFromDatabaseKey(slot, databaseKey);
      if (!fileKey) throw backupErrors.headerDamaged('密钥槽中的文件密钥无法解开');
      return this.finish(fileKey, 'passphrase', databaseKey);
    } finally {
      databaseKey.fill(0);
    }
  }

  /** The node's own database key opens its own backups without the passphrase. */
  unlockWithDatabaseKey(databaseKey: Buffer): UnlockedBackup {
    const fileKey = fileKeyFromDatabaseKey(this.passphraseSlot(), databaseKey);
    if (!fileKey) throw backupErrors.keyMismatch();
    return this.finish(fileKey, 'database-key', databaseKey);
  }

  unlockWithDrKey(privateKeyPem: string): UnlockedBackup {
    const slot = this.header.slots.find((s): s is Extract<Slot, { kind: 'dr-centre' }> => s.kind === 'dr-centre');
    if (!slot) throw backupErrors.noSlot('容灾备份中心');
    const fileKey = fileKeyFromDrKey(slot, privateKeyPem);
    if (!fileKey) throw backupErrors.headerDamaged('容灾备份中心密钥槽无法解开');
    return this.finish(fileKey, 'dr-centre', null);
  }

  /**
   * Decrypts and authenticates every chunk, in order, writing the plaintext payload (an
   * SQLCipher file: still encrypted with the database key) to `destination`, or nowhere
   * when null (authentication only). Throws BackupError on the first bad chunk.
   */
  async decryptPayload(
    unlocked: UnlockedBackup,
    destination: string | null,
    options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal; /** fsync the destination (a restore: yes; a verify's throwaway copy: no) */ durable?: boolean } = {},
  ): Promise<void> {
    const sized = this.sizeProblem();
    if (sized) throw sized;
    const secret = fileKeys.get(unlocked);
    if (!secret) throw new Error('backup not unlocked');
    const { chunkBytes, chunks, noncePrefix } = this.header.encryption;
    const total = this.header.payload.bytes;
    const prefix = Buffer.from(noncePrefix, 'base64');
    const streamKey = subkey(secret, LABELS.stream);
    let input: FileHandle;
    try {
      input = await open(this.path, 'r');
    } catch (error) {
      streamKey.fill(0);
      throw backupErrors.io('打开备份文件', error);
    }
    let output: FileHandle | null = null;
    try {
      if (destination) output = await open(destination, 'wx', 0o600).catch((error: unknown) => Promise.reject(backupErrors.io('写入临时文件', error)));
      const buffer = Buffer.allocUnsafe(chunkBytes + TAG_BYTES);
      let position = this.parsed.payloadOffset;
      let done = 0;
      for (let index = 0; index < chunks; index++) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
        const plainBytes = Math.min(chunkBytes, total - done);
        const want = plainBytes + TAG_BYTES;
        let got = 0;
        while (got < want) {
          const { bytesRead } = await input.read(buffer, got, want - got, position + got);
          if (bytesRead === 0) throw backupErrors.truncated(this.parsed.fileBytes, position + got);
          got += bytesRead;
        }
        const plain = decryptChunk(streamKey, prefix, this.parsed.headerHash, index, index === chunks - 1, buffer.subarray(0, want));
        if (!plain) throw backupErrors.chunkDamaged(index, chunks);
        position += want;
        done += plainBytes;
        if (output) {
          let offset = 0;
          while (offset < plain.length) offset += (await output.write(plain, offset, plain.length - offset, done - plainBytes + offset)).bytesWritten;
        }
        options.onProgress?.(done, total);
      }
      // The file may have grown since it was opened.
      const now = (await input.stat()).size;
      if (now !== this.parsed.fileBytes) throw now > this.parsed.fileBytes ? backupErrors.trailingData(this.parsed.fileBytes, now) : backupErrors.truncated(this.parsed.fileBytes, now);
      if (output && options.durable !== false) await output.sync();
    } catch (error) {
      if (error instanceof BackupError) throw error;
      if ((error as NodeJS.ErrnoException).code) throw backupErrors.io('读取备份文件', error);
      throw error;
    } finally {
      streamKey.fill(0);
      await output?.close();
      await input.close();
    }
  }

  private passphraseSlot(): Extract<Slot, { kind: 'passphrase' }> {
    const slot = this.header.slots.find((s): s is Extract<Slot, { kind: 'passphrase' }> => s.kind === 'passphrase');
    if (!slot) throw backupErrors.noSlot('恢复口令');
    return slot;
  }

  /** Checks the header MAC and opens the secrets; the header is trusted from here on. */
  private finish(fileKey: Buffer, openedWith: UnlockedBackup['openedWith'], expectedDatabaseKey: Buffer | null): UnlockedBackup {
    try {
      if (!macMatches(headerMac(fileKey, this.parsed.headerBytes), this.parsed.mac)) throw backupErrors.headerDamaged('文件头校验值不符');
      const databaseKey = openSecrets(fileKey, this.header.secrets);
      if (!databaseKey) throw backupErrors.headerDamaged('加密的密钥信息无法解开');
      if (expectedDatabaseKey && !databaseKey.equals(expectedDatabaseKey)) {
        databaseKey.fill(0);
        throw backupErrors.headerDamaged('密钥信息与密钥槽不一致');
      }
      const unlocked: UnlockedBackup = {
        header: this.header,
        databaseKey,
        openedWith,
        dispose() {
          databaseKey.fill(0);
          fileKeys.get(unlocked)?.fill(0);
          fileKeys.delete(unlocked);
        },
      };
      fileKeys.set(unlocked, Buffer.from(fileKey));
      return unlocked;
    } finally {
      fileKey.fill(0);
    }
  }
}

/** File keys stay out of the object callers pass around (and out of any JSON of it). */
const fileKeys = new WeakMap<UnlockedBackup, Buffer>();

/** Size of a file, or -1 when it cannot be read. */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}

export { FORMAT_VERSION };
