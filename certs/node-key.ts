// The node's identity key: RSA, made by Node's crypto (OpenSSL under Node, BoringSSL under
// Electron — both implement it). Generation runs on libuv's thread pool (the async
// generateKeyPair), because a 3072-bit key can take a second or more and must not freeze
// the main process that serves the UI. The private key leaves here as unencrypted PKCS#8
// PEM and must go straight into the encrypted database; it never crosses to the renderer.
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { certificateErrors } from './errors';

export type NodeKeyBits = 2048 | 3072;
export const NODE_KEY_BITS: readonly NodeKeyBits[] = [2048, 3072];

export interface NodeKeyPair {
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted. */
  privateKeyPem: string;
  /** SPKI PEM ("BEGIN PUBLIC KEY"). */
  publicKeyPem: string;
  bits: NodeKeyBits;
}

export function generateNodeKeyPair(bits: NodeKeyBits): Promise<NodeKeyPair> {
  // The type says 2048 | 3072, but the value may come from a CLI flag or an old setting.
  if (!NODE_KEY_BITS.includes(bits)) return Promise.reject(new RangeError(`RSA key size must be 2048 or 3072, not ${String(bits)}`));
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: bits,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKeyPem, privateKeyPem) => (error ? reject(error) : resolve({ privateKeyPem, publicKeyPem, bits })),
    );
  });
}

/** Reads the node's private key; a key that cannot be read is reported as a damaged file. */
export function loadPrivateKey(privateKeyPem: string): KeyObject {
  try {
    return createPrivateKey(privateKeyPem);
  } catch (cause) {
    throw certificateErrors.damagedFile('私钥无法读取', cause);
  }
}

/** The SPKI DER of a key's public half: equal bytes mean the same key pair. */
export function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

export function publicKeyPemOf(privateKeyPem: string): string {
  return createPublicKey(loadPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** RSA modulus length in bits (for the status page); null for other key types. */
export function rsaKeyBits(privateKeyPem: string): number | null {
  const key = loadPrivateKey(privateKeyPem);
  return key.asymmetricKeyType === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? null) : null;
}
