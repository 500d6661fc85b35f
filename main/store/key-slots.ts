// The database key is 32 random bytes that never touch the disk in the clear. It is stored
// only sealed, in one or more key slots of keys.json: the recovery passphrase (scrypt +
// AES-256-GCM) is always there, plus a host slot (OS safeStorage in the desktop app, a
// protected key file for the headless CLI). Any one slot opens the database.
import { randomBytes } from 'node:crypto';
import type { KeyProtector } from '../../platform/key-protector';
import { readJsonFile, writeFileAtomically } from '../../platform/atomic-file';
import type { PassphraseSlot } from '../../platform/passphrase-slot';

export interface HostSlot {
  kind: KeyProtector['kind'];
  sealed: string;
}

export type KeySlot = PassphraseSlot | HostSlot;

export interface KeySlotFile {
  format: 1;
  slots: KeySlot[];
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
