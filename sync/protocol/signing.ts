// Signatures over canonical JSON, shared by node and exchange: RSA-SHA256 (PKCS#1 v1.5),
// which both OpenSSL and Electron's BoringSSL provide. The signer is named by the sha256
// fingerprint of its certificate, so the verifier checks the key it already trusts (the
// node's TLS client certificate, or the exchange's pinned signing certificate).
import { createHash, createSign, createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { Signature } from './messages';

export function certFingerprint(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
}

export function sign<T>(body: T, privateKey: KeyObject | string, certPem: string): { body: T; signature: Signature } {
  const signer = createSign('sha256');
  signer.update(canonicalJson(body));
  return { body, signature: { alg: 'RSA-SHA256', certFingerprint: certFingerprint(certPem), value: signer.sign(privateKey, 'base64') } };
}

/** True only when the signature is by this certificate's key over exactly this body. */
export function verify(signed: { body: unknown; signature: Signature }, certPem: string): boolean {
  if (signed.signature.certFingerprint !== certFingerprint(certPem)) return false;
  const verifier = createVerify('sha256');
  verifier.update(canonicalJson(signed.body));
  return verifier.verify(new X509Certificate(certPem).publicKey, signed.signature.value, 'base64');
}

/** Protocol v2 (batch-v2.ts): RSA-SHA256 over exact bytes (the compressed batch body), no canonicalisation. */
export function signBytes(bytes: Uint8Array, privateKey: KeyObject | string, certPem: string): Signature {
  const signer = createSign('sha256');
  signer.update(bytes);
  return { alg: 'RSA-SHA256', certFingerprint: certFingerprint(certPem), value: signer.sign(privateKey, 'base64') };
}

/** True only when `signature` is by this certificate's key over exactly these bytes. */
export function verifyBytes(bytes: Uint8Array, signature: Signature, certPem: string): boolean {
  if (signature.certFingerprint !== certFingerprint(certPem)) return false;
  const verifier = createVerify('sha256');
  verifier.update(bytes);
  return verifier.verify(new X509Certificate(certPem).publicKey, signature.value, 'base64');
}
