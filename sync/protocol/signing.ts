// Signatures over canonical JSON, shared by node and exchange: RSA-SHA256 (PKCS#1 v1.5),
// which both OpenSSL and Electron's BoringSSL provide. The signer is named by the sha256
// fingerprint of its certificate, so the verifier checks the key it already trusts (the
// node's TLS client certificate, or the exchange's pinned signing certificate).
import { createHash, createPrivateKey, createSign, createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Signature } from './messages';

/**
 * Parsed certificates and keys by their PEM text. Every batch and every receipt is signed or
 * checked with the same few (the node's own, the exchange's signing certificate): parsing
 * the X.509 and the RSA key again each time cost more than the signature itself. Bounded:
 * a certificate that rotates simply takes a new slot, and the map is cleared when it fills.
 */
const parsed = new Map<string, { fingerprint: string; publicKey: KeyObject }>();
const CACHED_PEMS = 64;
/** One slot only: a rotated key must not linger in memory behind the one in use. */
let lastPrivateKey: { pem: string; key: KeyObject } | null = null;

function certificate(certPem: string): { fingerprint: string; publicKey: KeyObject } {
  let entry = parsed.get(certPem);
  if (!entry) {
    const cert = new X509Certificate(certPem);
    entry = { fingerprint: createHash('sha256').update(cert.raw).digest('hex'), publicKey: cert.publicKey };
    if (parsed.size >= CACHED_PEMS) parsed.clear();
    parsed.set(certPem, entry);
  }
  return entry;
}

function privateKeyOf(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key;
  if (lastPrivateKey?.pem !== key) lastPrivateKey = { pem: key, key: createPrivateKey(key) };
  return lastPrivateKey.key;
}

export function certFingerprint(certPem: string): string {
  return certificate(certPem).fingerprint;
}

export function sign<T>(body: T, privateKey: KeyObject | string, certPem: string): { body: T; signature: Signature } {
  const signer = createSign('sha256');
  signer.update(canonicalJson(body));
  return { body, signature: { alg: 'RSA-SHA256', certFingerprint: certFingerprint(certPem), value: signer.sign(privateKeyOf(privateKey), 'base64') } };
}

/** True only when the signature is by this certificate's key over exactly this body. */
export function verify(signed: { body: unknown; signature: Signature }, certPem: string): boolean {
  if (signed.signature.certFingerprint !== certFingerprint(certPem)) return false;
  const verifier = createVerify('sha256');
  verifier.update(canonicalJson(signed.body));
  return verifier.verify(certificate(certPem).publicKey, signed.signature.value, 'base64');
}

/** Protocol v2 (batch-v2.ts): RSA-SHA256 over exact bytes (the compressed batch body), no canonicalisation. */
export function signBytes(bytes: Uint8Array, privateKey: KeyObject | string, certPem: string): Signature {
  const signer = createSign('sha256');
  signer.update(bytes);
  return { alg: 'RSA-SHA256', certFingerprint: certFingerprint(certPem), value: signer.sign(privateKeyOf(privateKey), 'base64') };
}

/** True only when `signature` is by this certificate's key over exactly these bytes. */
export function verifyBytes(bytes: Uint8Array, signature: Signature, certPem: string): boolean {
  if (signature.certFingerprint !== certFingerprint(certPem)) return false;
  const verifier = createVerify('sha256');
  verifier.update(bytes);
  return verifier.verify(certificate(certPem).publicKey, signature.value, 'base64');
}
