// The database key is 32 random bytes that never touch the disk in the clear. It is stored
// only sealed, in one or more key slots of keys.json: the recovery passphrase (scrypt +
// AES-256-GCM) is always there, plus a host slot (OS safeStorage in the desktop app, a
// protected key file for the headless CLI). Any one slot opens the database.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyProtector } from '../core/types';
import { readJsonFile, writeFileAtomically } from '../core/atomic-file';

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

export interface HostSlot {
  kind: KeyProtector['kind'];
  sealed: string;
}

export type KeySlot = PassphraseSlot | HostSlot;

export interface KeySlotFile {
  format: 1;
  slots: KeySlot[];
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('恢复口令不正确');
    this.name = 'WrongPassphraseError';
  }
}

export class MissingKeySlotError extends Error {
  constructor(kind: string) {
    super(`本节点没有可用于本机的密钥槽（${kind}），请使用恢复口令解锁`);
    this.name = 'MissingKeySlotError';
  }
}

export function newDatabaseKey(): Buffer {
  return randomBytes(32);
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

export async function sealWithHost(key: Buffer, protector: KeyProtector): Promise<HostSlot> {
  return { kind: protector.kind, sealed: (await protector.wrap(key)).toString('base64') };
}

/**
 * Seals for the host when it can; null when it refuses (no safe OS key store, e.g. Linux
 * basic_text). Such a node then opens only with the recovery passphrase, at every start.
 */
export async function sealWithHostIfPossible(key: Buffer, protector: KeyProtector): Promise<HostSlot | null> {
  try {
    return await sealWithHost(key, protector);
  } catch {
    return null;
  }
}

export async function openWithHost(file: KeySlotFile, protector: KeyProtector): Promise<Buffer> {
  const slot = file.slots.find((s): s is HostSlot => s.kind === protector.kind);
  if (!slot) throw new MissingKeySlotError(protector.kind);
  return protector.unwrap(Buffer.from(slot.sealed, 'base64'));
}

export function passphraseSlotOf(file: KeySlotFile): PassphraseSlot {
  const slot = file.slots.find((s): s is PassphraseSlot => s.kind === 'passphrase');
  if (!slot) throw new Error('keys.json has no recovery passphrase slot');
  return slot;
}

/** Replaces (or adds) the slot of the same kind, keeping the others. */
export function withSlot(file: KeySlotFile, slot: KeySlot): KeySlotFile {
  return { format: 1, slots: [...file.slots.filter((s) => s.kind !== slot.kind), slot] };
}

export async function readKeySlots(path: string): Promise<KeySlotFile> {
  const file = await readJsonFile(path);
  if (!isKeySlotFile(file)) throw new Error(`密钥槽文件格式不正确：${path}`);
  return file;
}

export async function writeKeySlots(path: string, file: KeySlotFile): Promise<void> {
  await writeFileAtomically(path, JSON.stringify(file, null, 2), 0o600);
}

function isKeySlotFile(value: unknown): value is KeySlotFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { format?: unknown; slots?: unknown };
  return v.format === 1 && Array.isArray(v.slots);
}

function derive(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 });
}
