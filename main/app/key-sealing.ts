// The main process's half of the 'os' key protector: seals and unseals the database key
// with Electron's safeStorage (DPAPI on Windows, libsecret / KWallet on Linux) on behalf of
// the core in the utility process, which cannot call safeStorage itself.
//
// Pure: safeStorage is passed in (a fake one in tests), so this file never imports electron.
//
// Refuses rather than degrades: on Linux without a keyring Chromium falls back to the
// `basic_text` backend, which "encrypts" with a hard-coded key — anyone with the file could
// unseal the database key. Then the core keeps only the recovery-passphrase slot, and the
// node is unlocked with the recovery passphrase.
import type { KeyRequestMessage, KeyResultMessage } from '../core/utility-protocol';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const BASIC_TEXT_REFUSED =
  '本机未提供安全的系统密钥存储（basic_text），请安装并启用系统钥匙环后重试，或使用恢复口令解锁';
export const KEYSTORE_UNAVAILABLE = '本机系统密钥存储当前不可用，请确认已登录桌面会话并启用系统钥匙环后重试，或使用恢复口令解锁';
export const UNSEAL_FAILED = '无法用本机系统密钥存储解开数据库密钥（系统钥匙环可能已更换或重置），请使用恢复口令解锁';
export const SEAL_FAILED = '无法用本机系统密钥存储保护数据库密钥，请确认系统钥匙环已解锁后重试，或使用恢复口令解锁';

/** Linux backends that keep their secret outside our files. 'unknown' means "not ready yet". */
const SECURE_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** Why safeStorage must not be used on this machine, or null when it may. */
export function keyStoreProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | null {
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text') return BASIC_TEXT_REFUSED;
    if (!SECURE_LINUX_BACKENDS.has(backend)) return KEYSTORE_UNAVAILABLE;
  }
  if (!safeStorage.isEncryptionAvailable()) return KEYSTORE_UNAVAILABLE;
  return null;
}

/**
 * Answers one key request from the core. The key travels as base64 text because
 * safeStorage seals strings; the text is never logged.
 */
export function answerKeyRequest(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  request: KeyRequestMessage,
): KeyResultMessage {
  const refuse = (message: string): KeyResultMessage => ({ type: 'key-result', id: request.id, ok: false, message });
  const problem = keyStoreProblem(safeStorage, platform);
  if (problem) return refuse(problem);

  if (request.op === 'wrap') {
    try {
      const sealed = safeStorage.encryptString(request.data);
      return { type: 'key-result', id: request.id, ok: true, data: sealed.toString('base64') };
    } catch {
      return refuse(SEAL_FAILED);
    }
  }
  try {
    const keyBase64 = safeStorage.decryptString(Buffer.from(request.data, 'base64'));
    return { type: 'key-result', id: request.id, ok: true, data: keyBase64 };
  } catch {
    return refuse(UNSEAL_FAILED);
  }
}
