// A throwaway test PKI made with the `openssl` command line, not with our own code: issue 3
// demands that the certificate checks and the TLS matrix are proven against certificates an
// independent implementation produced. The CA work is the shared openssl builder
// (sync/exchange/openssl-ca.ts, behind the exchange's development PKI too); this file adds what
// only tests need: a second, unrelated root, the wrong-CA, wrong-host and signing
// certificates, explicit dates (expired, not yet valid), intermediates, PKCS#12 files.
// Everything lives in one temporary folder.
//
// Layout: two CAs (the "provincial root" and an unrelated one), each an `openssl ca`
// database in its own sub-folder (root/, other/; config ca.cnf, key.pem, cert.pem), and
// under/ for what intermediates sign.
//
// Keys are RSA 2048 (PKCS#8 PEM, unencrypted) to keep creation well under 3 seconds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpensslCa, caFiles, runOpenssl, type KeyAndCert, type OpensslResult, type Subject } from '../../sync/exchange/openssl-ca';

export type { KeyAndCert } from '../../sync/exchange/openssl-ca';

export type ExtendedKeyUsageName = 'clientAuth' | 'serverAuth' | 'codeSigning' | 'emailProtection';

export interface IssueOptions {
  /** Validity length when notAfter is not given (default 365). */
  days?: number;
  /** Default: an hour ago (whole seconds). Written with `openssl ca -startdate`. */
  notBefore?: Date;
  /** Default: notBefore + days. Written with `openssl ca -enddate`. */
  notAfter?: Date;
  /**
   * Shorthand for the extended key usage: true (default) → clientAuth only; false →
   * serverAuth only (a TLS server certificate: the typical wrong file to import).
   */
  clientAuth?: boolean;
  /** Exact extended key usages, overriding `clientAuth`; null → no EKU extension at all. */
  extendedKeyUsage?: ExtendedKeyUsageName[] | null;
  /** openssl syntax, e.g. 'DNS:localhost,IP:127.0.0.1'. */
  subjectAltName?: string;
  /** Which CA signs (default 'root'). */
  issuer?: 'root' | 'other';
  /** Issue a CA certificate (an intermediate): CA:TRUE, keyCertSign + cRLSign, no EKU unless given. */
  ca?: boolean;
}

export interface Pkcs12Options {
  /**
   * false (default): OpenSSL 3 defaults, spelled out — PBES2/PBKDF2(hmacWithSHA256)/AES-256-CBC
   * for key and certificates, HMAC-SHA256 MAC. true: `-legacy` — RC2-40 for the certificates,
   * 3DES for the key, SHA-1 MAC (what OpenSSL 1.x and older Windows exports produce).
   */
  legacy?: boolean;
  /** The friendly name stored in the file. */
  name?: string;
}

export interface TestPki {
  dir: string;
  /** The "provincial root CA", CN=海南省电子政务外网测试根CA. */
  root: KeyAndCert;
  /** An unrelated CA. */
  otherRoot: KeyAndCert;
  /** Issued by root; serverAuth; SAN DNS:localhost, IP:127.0.0.1, IP:::1. */
  server: KeyAndCert;
  /** Same SANs, issued by otherRoot. */
  serverOtherCa: KeyAndCert;
  /** Issued by root, SAN DNS:exchange.invalid only. */
  serverWrongHost: KeyAndCert;
  /** Issued by root, keyUsage digitalSignature (+nonRepudiation): signs the exchange's receipts. */
  exchangeSigning: KeyAndCert;
  /** Signs a PKCS#10 CSR (PEM) with `openssl ca`; the CSR's own extensions are ignored (the CA decides). */
  signCsr(csrPem: string, opts?: IssueOptions): string;
  /** A fresh RSA key and certificate, CN=cn, made with `openssl req` + `openssl ca`. */
  issueClient(cn: string, opts?: IssueOptions): KeyAndCert;
  /**
   * A certificate signed by another CA certificate (e.g. an intermediate made with
   * `issueClient(cn, { ca: true })`), via `openssl ca -cert -keyfile`; same options.
   */
  issueUnder(ca: KeyAndCert, cn: string, opts?: Omit<IssueOptions, 'issuer'>): KeyAndCert;
  /** Records the revocation in the root CA's database (keyCompromise). */
  revoke(certPem: string): void;
  /** A CRL signed by the root (`openssl ca -gencrl`), listing every revoked certificate. */
  crlPem(): string;
  /** `openssl pkcs12 -export`; chainPem holds the extra certificates (intermediates/root). */
  pkcs12(keyPem: string, certPem: string, password: string, chainPem?: string, opts?: Pkcs12Options): Buffer;
  /** Runs openssl in the PKI folder (for tests that want to ask openssl directly). */
  openssl(args: string[], options?: { input?: string | Buffer; env?: Record<string, string> }): OpensslResult;
  cleanup(): void;
}

export const ROOT_CN = '海南省电子政务外网测试根CA';
export const OTHER_ROOT_CN = '无关机构测试根CA';

const KEY_BITS = 2048;
// The test root's CRLs are valid for a week (certs/crl.test.ts reads the span).
const CA_OPTIONS = { keyBits: KEY_BITS, crlDays: 7 };
const DAY_MS = 86_400_000;

/** A CA folder of the test PKI: root/, other/, under/. */
const testCaFiles = (dir: string, name: string) => caFiles(join(dir, name), { config: 'ca.cnf', key: 'key.pem', cert: 'cert.pem' });

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-pki-'));
  let counter = 0;
  const tmp = (suffix: string) => join(dir, `f${++counter}${suffix}`);

  function openssl(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): OpensslResult {
    return runOpenssl(args, { ...options, cwd: dir });
  }
  function run(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): string {
    const r = openssl(args, options);
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  // The CAs start a day in the past, so a certificate is never "not yet valid" because the
  // test's clock was read a moment before the CA was made.
  const makeCa = (name: 'root' | 'other', cn: string): OpensslCa =>
    OpensslCa.create(testCaFiles(dir, name), {
      ...CA_OPTIONS,
      subject: [['C', 'CN'], ['ST', '海南省'], ['O', name === 'root' ? '海南省电子政务外网测试' : '无关机构'], ['CN', cn]],
      validity: { notBefore: new Date(Date.now() - DAY_MS), days: 3650 },
    });
  const rootCa = makeCa('root', ROOT_CN);
  const otherCa = makeCa('other', OTHER_ROOT_CN);
  // Certificates signed by intermediates (issueUnder) get their own database, so the root's
  // CRL lists only what the root issued.
  const underCa = OpensslCa.at(testCaFiles(dir, 'under'), CA_OPTIONS);

  function extensions(opts: IssueOptions, extra: string[] = []): string[] {
    const eku =
      opts.extendedKeyUsage !== undefined ? opts.extendedKeyUsage : opts.ca ? null : opts.clientAuth === false ? ['serverAuth'] : ['clientAuth'];
    if (opts.ca) extra = ['keyUsage = critical, keyCertSign, cRLSign', ...extra];
    const lines = [
      opts.ca ? 'basicConstraints = critical, CA:TRUE' : 'basicConstraints = critical, CA:FALSE',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      ...extra,
    ];
    if (!extra.some((l) => l.startsWith('keyUsage'))) lines.push('keyUsage = critical, digitalSignature, keyEncipherment');
    if (eku && eku.length > 0) lines.push(`extendedKeyUsage = ${eku.join(', ')}`);
    if (opts.subjectAltName) lines.push(`subjectAltName = ${opts.subjectAltName}`);
    return lines;
  }

  /** Which database signs, with which extensions and dates. Default start: an hour ago, as CAs backdate for clock skew. */
  function signing(opts: IssueOptions, extra: string[] = [], under?: KeyAndCert) {
    const ca = under ? underCa : opts.issuer === 'other' ? otherCa : rootCa;
    const validity = { notBefore: opts.notBefore ?? new Date(Date.now() - 3600_000), ...(opts.notAfter && { notAfter: opts.notAfter }), days: opts.days ?? 365 };
    return { ca, options: { extensions: extensions(opts, extra), validity, ...(under && { signer: under }) } };
  }

  function issue(subject: Subject, opts: IssueOptions = {}, extra: string[] = [], under?: KeyAndCert): KeyAndCert {
    const { ca, options } = signing(opts, extra, under);
    return ca.issue(subject, options);
  }

  const SERVER_SANS = 'DNS:localhost, IP:127.0.0.1, IP:::1';
  const serverSubject: Subject = [['C', 'CN'], ['O', '海南省政务数据交换平台（测试）'], ['CN', 'localhost']];
  const server = issue(serverSubject, { clientAuth: false, subjectAltName: SERVER_SANS });
  const serverOtherCa = issue(serverSubject, { clientAuth: false, subjectAltName: SERVER_SANS, issuer: 'other' });
  const serverWrongHost = issue([['C', 'CN'], ['CN', 'exchange.invalid']], { clientAuth: false, subjectAltName: 'DNS:exchange.invalid' });
  const exchangeSigning = issue(
    [['C', 'CN'], ['O', '海南省政务数据交换平台（测试）'], ['CN', '交换平台回执签名']],
    { extendedKeyUsage: null },
    ['keyUsage = critical, digitalSignature, nonRepudiation'],
  );

  return {
    dir,
    root: { keyPem: rootCa.keyPem(), certPem: rootCa.certPem() },
    otherRoot: { keyPem: otherCa.keyPem(), certPem: otherCa.certPem() },
    server,
    serverOtherCa,
    serverWrongHost,
    exchangeSigning,
    signCsr(csrPem, opts = {}) {
      const { ca, options } = signing(opts);
      return ca.sign(csrPem, options);
    },
    issueClient: (cn, opts) => issue([['C', 'CN'], ['ST', '海南省'], ['O', '测试单位'], ['CN', cn]], opts),
    issueUnder: (ca, cn, opts = {}) => issue([['C', 'CN'], ['O', '测试单位'], ['CN', cn]], { ...opts, issuer: 'root' }, [], ca),
    revoke: (certPem) => rootCa.revoke(certPem),
    crlPem: () => rootCa.crl(tmp('.crl')),
    pkcs12(keyPem, certPem, password, chainPem, opts = {}) {
      const keyFile = tmp('.key');
      const certFile = tmp('.pem');
      const outFile = tmp('.p12');
      writeFileSync(keyFile, keyPem);
      writeFileSync(certFile, certPem);
      const args = ['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-out', outFile, '-passout', 'env:EDGE_NODE_P12_PASS'];
      if (chainPem) {
        const chainFile = tmp('.pem');
        writeFileSync(chainFile, chainPem);
        args.push('-certfile', chainFile);
      }
      if (opts.name) args.push('-name', opts.name);
      if (opts.legacy) args.push('-legacy');
      else args.push('-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256');
      // The password travels in the environment, not argv (any characters, not in `ps`).
      run(args, { env: { EDGE_NODE_P12_PASS: password } });
      return readFileSync(outFile);
    },
    openssl,
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
