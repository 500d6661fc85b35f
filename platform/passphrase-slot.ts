// A key sealed with a passphrase: scrypt derives a wrapping key, AES-256-GCM seals the
// 32-byte key. The node's recovery-passphrase slot (keys.json) and a backup file's
// passphrase slot (formats/backup) are the same thing, so both read and write it here.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost for the recovery passphrase: 2^17 × 8 × 128 B = 128 MiB, ~0.5 s. */
export const PASSPHRASE_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;

export interface PassphraseSlot {
  kind: 'passphrase';
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  sealed: string;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('恢复口令不正确');
    this.name = 'WrongPassphraseError';
  }
}

export async function sealWithPassphrase(key: Buffer, passphrase: string): Promise<PassphraseSlot> {
  const salt = randomBytes(16);
  const wrappingKey = await derive(passphrase, salt, PASSPHRASE_KDF);
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
    const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
    return {
      kind: 'passphrase',
      kdf: 'scrypt',
      ...PASSPHRASE_KDF,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      sealed: sealed.toString('base64'),
    };
  } finally {
    wrappingKey.fill(0);
  }
}

export async function openWithPassphrase(slot: PassphraseSlot, passphrase: string): Promise<Buffer> {
  const wrappingKey = await derive(passphrase, Buffer.from(slot.salt, 'base64'), slot);
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(slot.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(slot.sealed, 'base64')), decipher.final()]);
  } catch {
    // GCM authentication failure is the only sign of a wrong passphrase, by design.
    throw new WrongPassphraseError();
  } finally {
    wrappingKey.fill(0);
  }
}

function derive(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}
