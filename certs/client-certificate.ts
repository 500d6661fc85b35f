// Is this the right certificate for this node, today? Run on import (PEM or PKCS#12) and
// before every sync run, so that a problem is named exactly instead of surfacing as a TLS
// handshake failure. The FIRST problem found is reported, in this order:
//
//   damaged file → key mismatch → pinned root missing/unusable → chain does not reach the
//   pinned root → not yet valid → expired → no clientAuth → revoked
//
// The order puts "is it ours at all" before "is it good": telling someone their certificate
// expired is useless when it belongs to another node. Trust comes only from the pinned
// root passed in; the system store is never used.
import type { CertificateView } from '../common/contract';
import { describeCertificate } from './certificate-info';
import type { ParsedCrl } from './crl';
import { certificateErrors, type CertificateRole } from './errors';
import { loadPrivateKey, publicKeyDer } from './node-key';
import { readCertificateBundle } from './pem';
import { assertCa, readRootCertificate } from './root';
import { OID_CLIENT_AUTH, readCertificate, type CertificateDetails } from './x509';

// cert.setRoot's check lives with the root; re-exported so the import path is one module.
export { checkRootCertificate } from './root';

export interface CheckClientCertificateInput {
  /** The issued certificate, possibly followed (or preceded) by intermediates and the root. */
  certificatePem: string;
  /** The node's private key (or the one that came in the PKCS#12 file). */
  privateKeyPem: string;
  /** The pinned provincial root. */
  rootPem: string | null;
  /** Verified CRLs (parseCrl), from the root and/or intermediates. None: revocation not checked. */
  crl?: ParsedCrl | ParsedCrl[] | null;
  now: Date;
}

export interface CheckedClientCertificate {
  /** The node's certificate, normalised PEM. */
  leafPem: string;
  /** Intermediates from the leaf's issuer up to (not including) the root: what TLS presents after the leaf. */
  chainPems: string[];
  view: CertificateView;
}

/** Longest chain we follow: root → a few intermediates → leaf. */
const MAX_INTERMEDIATES = 5;

function issuedBy(child: CertificateDetails, issuer: CertificateDetails): boolean {
  // The names must match (byte for byte, as CAs copy them; else OpenSSL's checkIssued,
  // which also compares key identifiers), and the issuer's key must verify the signature.
  // Whether the issuer may sign certificates at all is asked separately (assertCa), so a
  // non-CA in the middle is named as such rather than as "does not reach the root".
  const namesMatch = child.issuerDer.equals(issuer.subjectDer) || child.x509.checkIssued(issuer.x509);
  return namesMatch && child.x509.verify(issuer.x509.publicKey);
}

/** The certificate's SPKI, or null when this runtime cannot load its key type (e.g. SM2 under BoringSSL). */
function certificateKeyDer(cert: CertificateDetails): Buffer | null {
  try {
    return cert.x509.publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return null;
  }
}

function roleOf(cert: CertificateDetails, leaf: CertificateDetails, root: CertificateDetails): CertificateRole {
  if (cert === leaf) return { kind: 'leaf' };
  if (cert === root) return { kind: 'root', name: cert.displayName };
  return { kind: 'intermediate', name: cert.displayName };
}

export function checkClientCertificate(input: CheckClientCertificateInput): CheckedClientCertificate {
  const { now } = input;

  // 1. Damaged: every certificate must parse, and so must the key.
  const certs = readCertificateBundle(input.certificatePem).certificates.map((pem) => readCertificate(pem));
  const key = loadPrivateKey(input.privateKeyPem);

  // 2. Key mismatch: the leaf is the certificate of our key, wherever it sits in the bundle
  //    (some CAs ship the chain root-first).
  const spki = publicKeyDer(key);
  const leaf = certs.find((c) => certificateKeyDer(c)?.equals(spki));
  if (!leaf) throw certificateErrors.keyMismatch();

  // 3. The pinned root must exist and be a self-signed CA.
  const root = readRootCertificate(input.rootPem);

  // 4. Chain: from the leaf, through intermediates in the bundle, to the pinned root. A copy
  //    of the root in the bundle is fine; another self-signed root is just not used.
  const pool = certs.filter((c) => c !== leaf && c.fingerprintSha256 !== root.fingerprintSha256);
  const path: CertificateDetails[] = [leaf];
  for (let current = leaf; !issuedBy(current, root); ) {
    const issuer = pool.find((c) => !path.includes(c) && issuedBy(current, c));
    if (!issuer || path.length > MAX_INTERMEDIATES) {
      const issuerName = current.issuerAttributes.findLast((a) => a.name === 'CN')?.value ?? current.issuer;
      throw certificateErrors.untrustedChain(issuerName, root.displayName);
    }
    assertCa(issuer);
    path.push(issuer);
    current = issuer;
  }
  const all = [...path, root];

  // 5./6. Validity of every certificate on the path, the node's own first.
  for (const c of all) if (now.getTime() < c.notBefore.getTime()) throw certificateErrors.notYetValid(c.notBefore, roleOf(c, leaf, root));
  for (const c of all) if (now.getTime() > c.notAfter.getTime()) throw certificateErrors.expired(c.notAfter, roleOf(c, leaf, root));

  // 7. Client authentication. The provincial CA states clientAuth explicitly, so a
  //    certificate without an extendedKeyUsage is refused too (it is not the one it issued
  //    for a node). TLS servers (OpenSSL's sslclient purpose) also demand digitalSignature
  //    when keyUsage is present.
  if (leaf.extendedKeyUsage === null) throw certificateErrors.noClientAuth('missing-eku');
  if (!leaf.extendedKeyUsage.includes(OID_CLIENT_AUTH)) throw certificateErrors.noClientAuth('eku-without-client-auth');
  if (leaf.keyUsage && !leaf.keyUsage.has('digitalSignature')) throw certificateErrors.noClientAuth('key-usage');

  // 8. Revocation, by the CRL of each certificate's issuer when we have one.
  const crls = input.crl ? (Array.isArray(input.crl) ? input.crl : [input.crl]) : [];
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]!;
    const issuer = all[i + 1]!;
    const crl = crls.find((l) => l.issuerFingerprintSha256 === issuer.fingerprintSha256);
    if (crl?.revokedSerials.has(cert.serialNumber)) throw certificateErrors.revoked(crl.thisUpdate, roleOf(cert, leaf, root));
  }

  return {
    leafPem: leaf.pem,
    chainPems: path.slice(1).map((c) => c.pem),
    view: describeCertificate(leaf, now),
  };
}
