// The headless CLI's key protector. There is no OS keychain on a server reached over SSH,
// so the database key is sealed (AES-256-GCM) with a 32-byte random key-file key kept in
// a separate file readable only by its owner (mode 0600). This is exactly as strong as
// that file's protection: keep it outside the data folder (the default is in the user's
// config folder), never in a backup, and prefer the desktop app's OS protection where
// there is a desktop. See docs/operations.md.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyProtector } from './key-protector';
import { writeFileAtomically } from './atomic-file';

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

export function keyFileProtector(path: string): KeyProtector {
  return {
    kind: 'keyfile',
    async wrap(key) {
      const fileKey = await loadOrCreate(path);
      try {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
        const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
      } finally {
        fileKey.fill(0);
      }
    },
    async unwrap(sealed) {
      if (!existsSync(path)) throw new KeyFileError(`找不到密钥文件 ${path}，请用恢复口令解锁（--recovery）`);
      const fileKey = readChecked(path);
      try {
        const decipher = createDecipheriv('aes-256-gcm', fileKey, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
      } catch {
        throw new KeyFileError(`密钥文件 ${path} 与本节点不匹配，请用恢复口令解锁（--recovery）`);
      } finally {
        fileKey.fill(0);
      }
    },
  };
}

async function loadOrCreate(path: string): Promise<Buffer> {
  if (existsSync(path)) return readChecked(path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFileAtomically(path, key, 0o600);
  return key;
}

function readChecked(path: string): Buffer {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new KeyFileError(`密钥文件 ${path} 的权限过宽，其他用户可读；请执行 chmod 600 ${path} 后重试`);
  }
  const key = readFileSync(path);
  if (key.length !== 32) throw new KeyFileError(`密钥文件 ${path} 已损坏（长度应为 32 字节）`);
  return key;
}
