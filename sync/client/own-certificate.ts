// Before any connection: is this node's own identity usable? Checked locally, so the
// operator gets the exact reason (expired, not yet valid, revoked by the last CRL, not from
// the provincial root, key mismatch, no clientAuth) instead of a TLS alert from the far end,
// and a node with a dead certificate does not knock on the exchange's door every minute.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { normaliseSerial } from '../../certs/asn1';
import { PROBLEMS } from './failures';

export interface NodeCredentials {
  privateKeyPem: string | null;
  certificatePem: string | null;
  /** Intermediate certificates between the node's certificate and the root, if any. */
  chainPems: string[];
  rootPem: string | null;
  /** Serial numbers (hex) revoked by the last CRL the node holds. */
  revokedSerials: ReadonlySet<string>;
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export function certificateDates(cert: X509Certificate): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}

/** null when the node may connect; otherwise the problem sentence that stops sync. */
export function ownCertificateProblem(creds: NodeCredentials, now: Date): string | null {
  if (!creds.rootPem) return PROBLEMS.noRoot;
  if (!creds.privateKeyPem || !creds.certificatePem) return PROBLEMS.noCertificate;
  let leaf: X509Certificate;
  let root: X509Certificate;
  try {
    leaf = new X509Certificate(creds.certificatePem);
    root = new X509Certificate(creds.rootPem);
  } catch {
    return PROBLEMS.noCertificate;
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(creds.privateKeyPem))) return PROBLEMS.ownKeyMismatch;
  } catch {
    return PROBLEMS.ownKeyMismatch;
  }
  if (!chainsTo(leaf, creds.chainPems, root)) return PROBLEMS.ownNotFromRoot;
  const { notBefore, notAfter } = certificateDates(leaf);
  if (now.getTime() < notBefore.getTime()) return PROBLEMS.ownNotYetValid;
  if (now.getTime() > notAfter.getTime()) return PROBLEMS.ownExpired;
  if (creds.revokedSerials.has(normaliseSerial(leaf.serialNumber))) return PROBLEMS.ownRevoked;
  const eku = leaf.keyUsage;
  if (eku && !eku.includes(CLIENT_AUTH)) return PROBLEMS.ownNotClientAuth;
  if (!eku) return PROBLEMS.ownNotClientAuth;
  return null;
}

/** True when leaf → (intermediates…) → root verifies signature by signature. */
export function chainsTo(leaf: X509Certificate, intermediatePems: string[], root: X509Certificate): boolean {
  const pool = intermediatePems.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  let current = leaf;
  for (let depth = 0; depth <= pool.length; depth++) {
    if (issuedBy(current, root)) return true;
    const next = pool.find((candidate) => candidate.ca && issuedBy(current, candidate));
    if (!next || next === current) return false;
    current = next;
  }
  return false;
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
