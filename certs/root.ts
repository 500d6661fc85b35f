// The pinned provincial root: the only trust anchor the node has, for its own certificate
// and for the exchange's server. What makes a certificate acceptable in that role: it is
// self-signed (its own key verifies it) and a CA (basicConstraints cA, and keyCertSign if
// it states key usages at all). The system certificate store is never consulted.
import { certificateErrors } from './errors';
import { readCertificate, type CertificateDetails } from './x509';

/** Structure only (no dates): NO_ROOT, DAMAGED_FILE or NOT_A_CA. */
export function readRootCertificate(rootPem: string | null | undefined): CertificateDetails {
  if (!rootPem || rootPem.trim() === '') throw certificateErrors.noRoot();
  const root = readCertificate(rootPem);
  assertCa(root);
  if (!root.x509.checkIssued(root.x509) || !root.x509.verify(root.x509.publicKey)) {
    throw certificateErrors.notACa(root.displayName, 'not-self-signed');
  }
  return root;
}

/** A CA certificate (root or intermediate) may sign others. */
export function assertCa(cert: CertificateDetails): void {
  if (!cert.isCa) throw certificateErrors.notACa(cert.displayName, 'not-ca');
  if (cert.keyUsage && !cert.keyUsage.has('keyCertSign')) throw certificateErrors.notACa(cert.displayName, 'no-cert-sign');
}

/**
 * For `cert.setRoot`: the root must be well-formed and valid now. Returns it as normalised
 * PEM (one certificate, LF line endings), ready to store.
 */
export function checkRootCertificate(rootPem: string, now: Date): string {
  const root = readRootCertificate(rootPem);
  const role = { kind: 'root' as const, name: root.displayName };
  if (now.getTime() < root.notBefore.getTime()) throw certificateErrors.notYetValid(root.notBefore, role);
  if (now.getTime() > root.notAfter.getTime()) throw certificateErrors.expired(root.notAfter, role);
  return root.pem;
}
