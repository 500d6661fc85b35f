// The keys of one backup file. A fresh random 32-byte file key F encrypts the stream; F is
// sealed into the header's key slots:
//
//   passphrase slot  the node's own recovery-passphrase slot (scrypt + AES-256-GCM over the
//                    database key K, copied from keys.json) + F sealed under HMAC(K, label).
//                    So the recovery passphrase opens every backup of its node, a scheduled
//                    backup needs no passphrase (the node has K, never the passphrase), and
//                    the node can verify its own backups unattended.
//   DR-centre slot   F sealed with RSA-OAEP (SHA-256) to the DR centre's certificate.
//
// The database key K itself travels in `secrets`, sealed under a key derived from F, because
// the payload is the SQLCipher file encrypted with K: whoever holds F (the DR centre) must
// also get K. Every subkey is HMAC-SHA256(key, purpose label); all of it exists in BoringSSL.
import { constants, createCipheriv, createDecipheriv, createHmac, publicEncrypt, privateDecrypt, randomBytes, timingSafeEqual, X509Certificate, createHash } from 'node:crypto';
import { LABELS } from './constants';
import type { Sealed, Slot } from './header';
import type { PassphraseSlot } from '../../platform/passphrase-slot';

export function subkey(key: Buffer, label: string): Buffer {
  return createHmac('sha256', key).update(label, 'utf8').digest();
}

/** AES-256-GCM with a random IV; `label` is the AAD, binding the ciphertext to its purpose. */
export function seal(key: Buffer, plain: Buffer, label: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
}

/** Opens what seal() made; null when the key or the data is wrong (GCM says which only as "no"). */
export function open(key: Buffer, box: Sealed, label: string): Buffer | null {
  try {
    const iv = Buffer.from(box.iv, 'base64');
    const tag = Buffer.from(box.tag, 'base64');
    if (iv.length !== 12 || tag.length !== 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.sealed, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

export function passphraseSlot(nodeSlot: PassphraseSlot, databaseKey: Buffer, fileKey: Buffer): Slot {
  const wrap = subkey(databaseKey, LABELS.fileKeyWrap);
  try {
    return { kind: 'passphrase', node: { ...nodeSlot }, fileKey: seal(wrap, fileKey, LABELS.fileKeyWrap) };
  } finally {
    wrap.fill(0);
  }
}

/** The file key from a passphrase slot, given the database key; null if it does not fit. */
export function fileKeyFromDatabaseKey(slot: Extract<Slot, { kind: 'passphrase' }>, databaseKey: Buffer): Buffer | null {
  const wrap = subkey(databaseKey, LABELS.fileKeyWrap);
  try {
    const key = open(wrap, slot.fileKey, LABELS.fileKeyWrap);
    return key && key.length === 32 ? key : null;
  } finally {
    wrap.fill(0);
  }
}

export function certificateFingerprint(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

export function drCentreSlot(certPem: string, fileKey: Buffer): Slot {
  const cert = new X509Certificate(certPem);
  if (cert.publicKey.asymmetricKeyType !== 'rsa') throw new Error('容灾备份中心证书应为 RSA 证书');
  const sealed = publicEncrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, fileKey);
  return { kind: 'dr-centre', alg: 'RSA-OAEP-SHA256', certFingerprint: certificateFingerprint(certPem), subject: cert.subject, sealed: sealed.toString('base64') };
}

export function fileKeyFromDrKey(slot: Extract<Slot, { kind: 'dr-centre' }>, privateKeyPem: string): Buffer | null {
  try {
    const key = privateDecrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(slot.sealed, 'base64'));
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

export function sealSecrets(fileKey: Buffer, databaseKey: Buffer): Sealed {
  const key = subkey(fileKey, LABELS.secrets);
  const plain = Buffer.from(JSON.stringify({ databaseKey: databaseKey.toString('hex') }), 'utf8');
  try {
    return seal(key, plain, LABELS.secrets);
  } finally {
    key.fill(0);
    plain.fill(0);
  }
}

/** The database key from the sealed secrets; null if the file key does not fit or the content is odd. */
export function openSecrets(fileKey: Buffer, box: Sealed): Buffer | null {
  const key = subkey(fileKey, LABELS.secrets);
  try {
    const plain = open(key, box, LABELS.secrets);
    if (!plain) return null;
    try {
      const value = JSON.parse(plain.toString('utf8')) as { databaseKey?: unknown };
      if (typeof value.databaseKey !== 'string' || !/^[0-9a-f]{64}$/.test(value.databaseKey)) return null;
      return Buffer.from(value.databaseKey, 'hex');
    } finally {
      plain.fill(0);
    }
  } finally {
    key.fill(0);
  }
}

export function headerMac(fileKey: Buffer, headerBytes: Buffer): Buffer {
  const key = subkey(fileKey, LABELS.headerMac);
  try {
    return createHmac('sha256', key).update(headerBytes).digest();
  } finally {
    key.fill(0);
  }
}

export function macMatches(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
