// A throwaway test PKI made with the `openssl` command line, not with our own code: issue 3
// demands that the certificate checks and the TLS matrix are proven against certificates an
// independent implementation produced. Everything lives in one temporary folder.
//
// Layout: two CAs (the "provincial root" and an unrelated one), each an `openssl ca`
// database (index.txt, serial, crlnumber) so that leaf certificates can carry explicit
// start/end dates (OpenSSL 3.0's `x509 -req` has no -not_before), revocations are recorded,
// and `openssl ca -gencrl` publishes a real CRL.
//
// Keys are RSA 2048 (PKCS#8 PEM, unencrypted) to keep creation well under 3 seconds.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

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
  openssl(args: string[], options?: { input?: string | Buffer; env?: Record<string, string> }): { stdout: string; stderr: string; status: number | null };
  cleanup(): void;
}

export const ROOT_CN = '海南省电子政务外网测试根CA';
export const OTHER_ROOT_CN = '无关机构测试根CA';

const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';
const TIMEOUT_MS = 20_000;

/** `/C=CN/CN=…` for -subj, with the separators escaped. */
function subj(fields: Array<[string, string]>): string {
  return fields.map(([k, v]) => `/${k}=${v.replace(/([\\/=+,])/g, '\\$1')}`).join('');
}

/**
 * For `openssl ca -startdate/-enddate`: YYMMDDHHMMSSZ (UTCTime) for 1950–2049, as RFC 5280
 * requires, and YYYYMMDDHHMMSSZ (GeneralizedTime) outside that range.
 */
function utcTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const year = d.getUTCFullYear();
  const y = year >= 1950 && year < 2050 ? p(year % 100) : String(year).padStart(4, '0');
  return `${y}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function caConfig(dir: string): string {
  // `openssl ca -preserveDN` (on every signing below) keeps the request's DN as sent: order,
  // UTF8String, and the serialNumber attribute that carries the credit code. (The config's
  // `preserve = yes` is not honoured by OpenSSL 3.0; without either, `ca` reorders the DN by
  // the policy and drops fields the policy does not list.)
  return `
[ ca ]
default_ca = ca_default

[ ca_default ]
dir = ${dir}
database = ${dir}/index.txt
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
new_certs_dir = ${dir}/newcerts
certificate = ${dir}/cert.pem
private_key = ${dir}/key.pem
default_md = sha256
default_days = 365
default_crl_days = 7
policy = policy_anything
unique_subject = no
# The CA decides the extensions (as the provincial CA does): a CSR asking for clientAuth
# must not smuggle it into a certificate meant to lack it.
copy_extensions = none
email_in_dn = no
string_mask = utf8only
utf8 = yes
crl_extensions = crl_ext

[ policy_anything ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
serialNumber = optional
emailAddress = optional

[ crl_ext ]
authorityKeyIdentifier = keyid:always
`;
}

const REQ_CONFIG = `
[ req ]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
prompt = no

[ dn ]
CN = unused

[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-pki-'));
  let counter = 0;
  const tmp = (suffix: string) => join(dir, `f${++counter}${suffix}`);

  function openssl(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}) {
    const r = spawnSync(OPENSSL, args, {
      cwd: dir,
      input: options.input,
      timeout: TIMEOUT_MS,
      env: { ...process.env, ...options.env },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error) throw new Error(`openssl ${args[0]}: ${r.error.message}`);
    return { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), status: r.status };
  }
  function run(args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): string {
    const r = openssl(args, options);
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r.stdout;
  }

  const reqConfig = join(dir, 'req.cnf');
  writeFileSync(reqConfig, REQ_CONFIG);

  /** An `openssl ca` database folder and its config. */
  function makeCaDir(name: string): string {
    const caDir = join(dir, name);
    mkdirSync(join(caDir, 'newcerts'), { recursive: true });
    writeFileSync(join(caDir, 'index.txt'), '');
    // A random first serial per CA, so serials of different CAs never coincide by accident.
    const first = randomBytes(8);
    first[0] = (first[0]! & 0x3f) | 0x10;
    writeFileSync(join(caDir, 'serial'), first.toString('hex').toUpperCase() + '\n');
    writeFileSync(join(caDir, 'crlnumber'), '01\n');
    const config = join(caDir, 'ca.cnf');
    writeFileSync(config, caConfig(caDir));
    return config;
  }

  function makeCa(name: string, cn: string): KeyAndCert & { config: string } {
    const caDir = join(dir, name);
    const config = makeCaDir(name);
    // Self-signed with `openssl ca -selfsign` rather than `req -x509`, so that the root can
    // start a day in the past (3.0's req has no start date): a certificate is then never
    // "not yet valid" because the test's clock was read a moment before the CA was made.
    const csr = join(caDir, 'ca.csr');
    run([
      'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-config', reqConfig,
      '-subj', subj([['C', 'CN'], ['ST', '海南省'], ['O', name === 'root' ? '海南省电子政务外网测试' : '无关机构'], ['CN', cn]]),
      '-keyout', join(caDir, 'key.pem'), '-out', csr,
    ]);
    const start = Date.now() - 86_400_000;
    run([
      'ca', '-batch', '-notext', '-selfsign', '-preserveDN', '-config', config, '-keyfile', join(caDir, 'key.pem'), '-in', csr,
      '-extfile', reqConfig, '-extensions', 'v3_ca',
      '-startdate', utcTime(new Date(start)), '-enddate', utcTime(new Date(start + 3650 * 86_400_000)), '-out', join(caDir, 'cert.pem'),
    ]);
    return { keyPem: readFileSync(join(caDir, 'key.pem'), 'utf8'), certPem: readFileSync(join(caDir, 'cert.pem'), 'utf8'), config };
  }

  const rootCa = makeCa('root', ROOT_CN);
  const otherCa = makeCa('other', OTHER_ROOT_CN);

  function extensions(opts: IssueOptions, extra: string[] = []): string {
    const eku =
      opts.extendedKeyUsage !== undefined ? opts.extendedKeyUsage : opts.ca ? null : opts.clientAuth === false ? ['serverAuth'] : ['clientAuth'];
    if (opts.ca) extra = ['keyUsage = critical, keyCertSign, cRLSign', ...extra];
    const lines = [
      '[ leaf ]',
      opts.ca ? 'basicConstraints = critical, CA:TRUE' : 'basicConstraints = critical, CA:FALSE',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      ...extra,
    ];
    if (!extra.some((l) => l.startsWith('keyUsage'))) lines.push('keyUsage = critical, digitalSignature, keyEncipherment');
    if (eku && eku.length > 0) lines.push(`extendedKeyUsage = ${eku.join(', ')}`);
    if (opts.subjectAltName) lines.push(`subjectAltName = ${opts.subjectAltName}`);
    return lines.join('\n') + '\n';
  }

  // Certificates signed by intermediates (issueUnder) get their own database, so the root's
  // CRL lists only what the root issued.
  const underConfig = makeCaDir('under');

  function sign(csrPem: string, opts: IssueOptions = {}, extra: string[] = [], under?: KeyAndCert): string {
    const ca = opts.issuer === 'other' ? otherCa : rootCa;
    const caArgs = ['-config', ca.config];
    if (under) {
      const caCert = tmp('.pem');
      const caKey = tmp('.key');
      writeFileSync(caCert, under.certPem);
      writeFileSync(caKey, under.keyPem);
      caArgs.splice(0, caArgs.length, '-config', underConfig, '-cert', caCert, '-keyfile', caKey);
    }
    const csrFile = tmp('.csr');
    const extFile = tmp('.ext');
    const outFile = tmp('.pem');
    writeFileSync(csrFile, csrPem);
    writeFileSync(extFile, extensions(opts, extra));
    // Default start: an hour ago, as CAs backdate for clock skew.
    const notBefore = new Date(Math.floor((opts.notBefore ?? new Date(Date.now() - 3600_000)).getTime() / 1000) * 1000);
    const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + (opts.days ?? 365) * 86_400_000);
    run([
      'ca', '-batch', '-notext', '-preserveDN', ...caArgs, '-in', csrFile, '-out', outFile,
      '-extfile', extFile, '-extensions', 'leaf',
      '-startdate', utcTime(notBefore), '-enddate', utcTime(notAfter),
    ]);
    return readFileSync(outFile, 'utf8');
  }

  function newKeyAndCsr(fields: Array<[string, string]>): { keyPem: string; csrPem: string } {
    const keyFile = tmp('.key');
    const csrFile = tmp('.csr');
    run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-config', reqConfig, '-subj', subj(fields), '-keyout', keyFile, '-out', csrFile]);
    return { keyPem: readFileSync(keyFile, 'utf8'), csrPem: readFileSync(csrFile, 'utf8') };
  }

  function issue(fields: Array<[string, string]>, opts: IssueOptions = {}, extra: string[] = [], under?: KeyAndCert): KeyAndCert {
    const { keyPem, csrPem } = newKeyAndCsr(fields);
    return { keyPem, certPem: sign(csrPem, opts, extra, under) };
  }

  const SERVER_SANS = 'DNS:localhost, IP:127.0.0.1, IP:::1';
  const serverSubject: Array<[string, string]> = [['C', 'CN'], ['O', '海南省政务数据交换平台（测试）'], ['CN', 'localhost']];
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
    root: { keyPem: rootCa.keyPem, certPem: rootCa.certPem },
    otherRoot: { keyPem: otherCa.keyPem, certPem: otherCa.certPem },
    server,
    serverOtherCa,
    serverWrongHost,
    exchangeSigning,
    signCsr: (csrPem, opts) => sign(csrPem, opts),
    issueClient: (cn, opts) => issue([['C', 'CN'], ['ST', '海南省'], ['O', '测试单位'], ['CN', cn]], opts),
    issueUnder: (ca, cn, opts = {}) => issue([['C', 'CN'], ['O', '测试单位'], ['CN', cn]], { ...opts, issuer: 'root' }, [], ca),
    revoke(certPem) {
      const file = tmp('.pem');
      writeFileSync(file, certPem);
      run(['ca', '-batch', '-config', rootCa.config, '-revoke', file, '-crl_reason', 'keyCompromise']);
    },
    crlPem() {
      const file = tmp('.crl');
      run(['ca', '-batch', '-gencrl', '-config', rootCa.config, '-out', file]);
      return readFileSync(file, 'utf8');
    },
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
