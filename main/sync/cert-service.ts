// The node's certificate lifecycle for the admin: generate a key and a CSR (subject from
// the node's identity plus province and county), import the issued certificate (PEM with
// its chain, or PKCS#12) with every check certs/ knows, pin the provincial root, and report
// status with expiry warnings. Private keys stay in the encrypted database: nothing here
// returns one.
//
// Renewal without downtime: a new CSR generates a *pending* key; the current key and
// certificate keep working until a certificate for the pending key is imported, which then
// replaces both.
import type { CertStatus, SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { AuditLog } from '../audit/audit-log';
import type { NodeMeta } from '../store/meta';
import type { SyncRepo } from '../store/sync-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import { generateNodeKeyPair, rsaKeyBits, type NodeKeyBits } from '../../certs/node-key';
import { createCsr } from '../../certs/csr';
import { describeCertificate } from '../../certs/certificate-info';
import { parseCrl } from '../../certs/crl';
import { normaliseSerial } from '../../certs/asn1';
import { CertificateError } from '../../certs/errors';
import { checkClientCertificate, checkRootCertificate } from '../../certs/client-certificate';
import { readPkcs12 } from '../../certs/pkcs12';

export type ImportInput = { kind: 'pem'; certificatePem: string } | { kind: 'pkcs12'; fileBase64: string; password: string };

export class CertService {
  constructor(
    private readonly repo: SyncRepo,
    private readonly node: NodeMeta,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    /** Tells the sync engine its identity changed (a stop on a certificate problem may be over). */
    private readonly changed: () => void,
  ) {}

  status(): CertStatus {
    const c = this.repo.credentials();
    const now = this.now();
    let revoked = false;
    if (c.crlPem && c.rootPem && c.certificatePem) {
      try {
        const crl = parseCrl(c.crlPem, c.rootPem);
        revoked = crl.revokedSerials.has(normaliseSerial(describeCertificate(c.certificatePem, now).serialNumber));
      } catch {
        revoked = false;
      }
    }
    return {
      keyPresent: c.privateKeyPem !== null,
      keyBits: c.keyBits ?? c.pendingKeyBits,
      pendingCsrPem: c.csrPem,
      certificate: c.certificatePem ? describeCertificate(c.certificatePem, now, revoked) : null,
      root: c.rootPem ? describeCertificate(c.rootPem, now) : null,
      crlUpdatedAt: c.crlUpdatedAt,
    };
  }

  async createCsr(user: SessionUser, input: { keyBits: NodeKeyBits; province: string; county: string }): Promise<{ csrPem: string }> {
    const subject = {
      province: input.province,
      county: input.county,
      ...this.node.certificateSubject(),
    };
    const key = await generateNodeKeyPair(input.keyBits);
    let csrPem: string;
    try {
      csrPem = createCsr({ privateKeyPem: key.privateKeyPem, subject });
    } catch (error) {
      throw certificateFailure(error);
    }
    this.work.transaction(() => {
      this.repo.saveCredentials({ pendingKeyPem: key.privateKeyPem, pendingKeyBits: input.keyBits, csrPem }, this.now().toISOString());
      this.audit.append({
        actor: user.username,
        role: user.role,
        action: 'cert.csr',
        target: subject.nodeId,
        outcome: 'success',
        detail: { bits: input.keyBits, province: input.province, county: input.county },
      });
    });
    return { csrPem };
  }

  import(user: SessionUser, input: ImportInput): CertStatus {
    try {
      const stored = this.repo.credentials();
      if (!stored.rootPem) throw new ApiFailure('CERTIFICATE', '尚未设置省级根证书，请先导入省级 CA 提供的根证书，再导入本节点证书');
      const crl = stored.crlPem ? parseCrl(stored.crlPem, stored.rootPem) : undefined;
      let chosen: { privateKeyPem: string; fromPending: boolean; checked: ReturnType<typeof checkClientCertificate> };
      if (input.kind === 'pkcs12') {
        const p12 = readPkcs12(Buffer.from(input.fileBase64, 'base64'), input.password);
        const certificatePem = [p12.certificatePem, ...p12.chainPems].join('');
        const checked = checkClientCertificate({ certificatePem, privateKeyPem: p12.privateKeyPem, rootPem: stored.rootPem, crl, now: this.now() });
        chosen = { privateKeyPem: p12.privateKeyPem, fromPending: false, checked };
      } else {
        // The certificate answers the pending CSR (renewal) or, failing that, the current key.
        const candidates = [
          ...(stored.pendingKeyPem ? [{ privateKeyPem: stored.pendingKeyPem, fromPending: true }] : []),
          ...(stored.privateKeyPem ? [{ privateKeyPem: stored.privateKeyPem, fromPending: false }] : []),
        ];
        if (candidates.length === 0) throw new ApiFailure('CERTIFICATE', '本节点还没有密钥：请先生成证书申请（CSR），把它交给省级 CA 签发后再导入证书');
        let found: typeof chosen | null = null;
        let lastError: unknown = null;
        for (const candidate of candidates) {
          try {
            const checked = checkClientCertificate({ certificatePem: input.certificatePem, privateKeyPem: candidate.privateKeyPem, rootPem: stored.rootPem, crl, now: this.now() });
            found = { ...candidate, checked };
            break;
          } catch (error) {
            lastError = error;
            // Only a key mismatch is worth trying the other key for.
            if (!(error instanceof CertificateError && error.code === 'KEY_MISMATCH')) throw error;
          }
        }
        if (!found) throw lastError;
        chosen = found;
      }
      const { leafPem, chainPems, view } = chosen.checked;
      this.work.transaction(() => {
        this.repo.saveCredentials(
          {
            privateKeyPem: chosen.privateKeyPem,
            keyBits: rsaKeyBits(chosen.privateKeyPem),
            certificatePem: leafPem,
            chainPems,
            ...(chosen.fromPending ? { pendingKeyPem: null, pendingKeyBits: null, csrPem: null } : {}),
          },
          this.now().toISOString(),
        );
        this.audit.append({
          actor: user.username,
          role: user.role,
          action: 'cert.import',
          target: view.serialNumber,
          outcome: 'success',
          detail: { kind: input.kind, notAfter: view.notAfter, fingerprint: view.fingerprintSha256 },
        });
      });
    } catch (error) {
      const failure = certificateFailure(error);
      this.audit.append({ actor: user.username, role: user.role, action: 'cert.import', outcome: 'failure', detail: { kind: input.kind, reason: failure.message.slice(0, 200) } });
      throw failure;
    }
    this.changed();
    return this.status();
  }

  setRoot(user: SessionUser, rootPem: string): CertStatus {
    let pem: string;
    try {
      pem = checkRootCertificate(rootPem, this.now());
    } catch (error) {
      const failure = certificateFailure(error);
      this.audit.append({ actor: user.username, role: user.role, action: 'cert.root', outcome: 'failure', detail: { reason: failure.message.slice(0, 200) } });
      throw failure;
    }
    const view = describeCertificate(pem, this.now());
    this.work.transaction(() => {
      const before = this.repo.credentials().rootPem;
      // A different root invalidates what was learnt under the old one.
      const rootChanged = before?.trim() !== pem.trim();
      this.repo.saveCredentials({ rootPem: pem, ...(rootChanged ? { crlPem: null, crlUpdatedAt: null, exchangeSigningPem: null } : {}) }, this.now().toISOString());
      this.audit.append({ actor: user.username, role: user.role, action: 'cert.root', target: view.subject.slice(0, 200), outcome: 'success', detail: { fingerprint: view.fingerprintSha256 } });
    });
    this.changed();
    return this.status();
  }
}

function certificateFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof CertificateError) return new ApiFailure('CERTIFICATE', error.message);
  throw error;
}
