// A development PKI for the reference exchange, made with the `openssl` command line (not our
// own code, so the node's certificate handling is tested against what a real CA produces):
// a provincial root CA, the exchange's TLS server certificate for localhost/127.0.0.1/::1,
// and its receipt-signing certificate. `openssl x509 -req` issues and `openssl ca` keeps the
// revocation database, so signing node CSRs, revoking and publishing a CRL work like a small CA.
//
// Files in the folder (dev only: keys are unencrypted):
//   ca.key ca.crt           provincial root (the node pins ca.crt)
//   server.key server.crt   exchange TLS
//   signing.key signing.crt receipt signing (EKU id-kp-documentSigning, RFC 9336)
//   crl.pem                 current CRL   ·   openssl.cnf index.txt crlnumber  CA state (revocations)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DevPkiFiles {
  dir: string;
  caKey: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  signingKey: string;
  signingCert: string;
  crl: string;
  config: string;
}

export interface DevPkiInitOptions {
  /** RSA key size for all keys made here; tests use 2048 for speed. */
  keyBits?: number;
  /** Shown in the root's subject, e.g. 海南省. */
  province?: string;
  /** Names the server certificate is valid for, besides localhost, 127.0.0.1 and ::1. */
  extraHosts?: string[];
  days?: number;
}

export function devPkiFiles(dir: string): DevPkiFiles {
  const d = resolve(dir);
  return {
    dir: d,
    caKey: join(d, 'ca.key'),
    caCert: join(d, 'ca.crt'),
    serverKey: join(d, 'server.key'),
    serverCert: join(d, 'server.crt'),
    signingKey: join(d, 'signing.key'),
    signingCert: join(d, 'signing.crt'),
    crl: join(d, 'crl.pem'),
    config: join(d, 'openssl.cnf'),
  };
}

/** Runs openssl; on failure the error carries openssl's own message. */
export function openssl(args: string[], input?: string): string {
  try {
    return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string; code?: string };
    if (e.code === 'ENOENT') throw new Error('找不到 openssl 命令，请先安装 OpenSSL');
    throw new Error(`openssl ${args[0]} 失败：${(e.stderr ?? e.message).trim()}`);
  }
}

export function initDevPki(dir: string, options: DevPkiInitOptions = {}): DevPkiFiles {
  const f = devPkiFiles(dir);
  if (existsSync(f.caKey)) throw new Error(`${f.dir} 中已有开发用根证书（ca.key），不覆盖；请换一个目录`);
  mkdirSync(f.dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(f.dir, 'index.txt'), '');
  writeFileSync(join(f.dir, 'index.txt.attr'), 'unique_subject = no\n');
  writeFileSync(join(f.dir, 'crlnumber'), '1000\n');
  writeFileSync(f.config, opensslConfig(f.dir, ['localhost', '127.0.0.1', '::1', ...(options.extraHosts ?? [])]));

  const bits = String(options.keyBits ?? 3072);
  const days = String(options.days ?? 3650);
  const province = options.province ?? '海南省';
  openssl(['req', '-config', f.config, '-x509', '-new', '-newkey', `rsa:${bits}`, '-nodes', '-sha256', '-utf8', '-days', days,
    '-keyout', f.caKey, '-out', f.caCert, '-extensions', 'v3_root',
    '-subj', `/C=CN/ST=${province}/O=${province}政务信息共享交换平台（开发）/CN=${province}政务数据开发根CA`]);
  issueWithNewKey(f, f.serverKey, f.serverCert, `/C=CN/ST=${province}/O=${province}政务信息共享交换平台（开发）/CN=localhost`, 'exchange_server', bits, days);
  issueWithNewKey(f, f.signingKey, f.signingCert, `/C=CN/ST=${province}/O=${province}政务信息共享交换平台（开发）/CN=交换平台回执签名`, 'receipt_signing', bits, days);
  generateCrl(dir);
  return f;
}

/** Signs a node's CSR (PEM) as a client certificate; returns the certificate followed by the root. */
export function signCsr(dir: string, csrPem: string, options: { days?: number; extensions?: string } = {}): string {
  const f = devPkiFiles(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'dev-pki-'));
  try {
    const csr = join(scratch, 'node.csr');
    const out = join(scratch, 'node.crt');
    writeFileSync(csr, csrPem);
    // Refuse a CSR whose self-signature does not verify before the CA looks at it.
    openssl(['req', '-in', csr, '-noout', '-verify']);
    issue(f, csr, out, options.extensions ?? 'node_client', String(options.days ?? 365));
    return readFileSync(out, 'utf8') + readFileSync(f.caCert, 'utf8');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Marks a certificate revoked in the CA database and republishes crl.pem. */
export function revokeCert(dir: string, certPem: string): string {
  const f = devPkiFiles(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'dev-pki-'));
  try {
    const cert = join(scratch, 'revoke.crt');
    writeFileSync(cert, certPem);
    openssl(['ca', '-config', f.config, '-revoke', cert, '-crl_reason', 'keyCompromise']);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return generateCrl(dir);
}

/** Writes crl.pem (valid 30 days) from the CA database and returns it. */
export function generateCrl(dir: string): string {
  const f = devPkiFiles(dir);
  openssl(['ca', '-config', f.config, '-gencrl', '-out', f.crl]);
  return readFileSync(f.crl, 'utf8');
}

function issueWithNewKey(f: DevPkiFiles, keyFile: string, certFile: string, subject: string, extensions: string, bits: string, days: string): void {
  const csr = `${certFile}.csr`;
  openssl(['req', '-config', f.config, '-new', '-newkey', `rsa:${bits}`, '-nodes', '-sha256', '-utf8', '-keyout', keyFile, '-out', csr, '-subj', subject]);
  issue(f, csr, certFile, extensions, days);
  rmSync(csr);
}

/**
 * `openssl x509 -req` rather than `openssl ca`: it keeps the subject exactly as the CSR has it
 * (a policy section would drop attributes it does not list, such as the credit code).
 * Revocation still goes through `openssl ca`, which adds unknown serials to its database.
 */
function issue(f: DevPkiFiles, csrFile: string, certFile: string, extensions: string, days: string): void {
  openssl(['x509', '-req', '-in', csrFile, '-out', certFile, '-CA', f.caCert, '-CAkey', f.caKey, '-sha256', '-days', days,
    '-set_serial', `0x${randomBytes(16).toString('hex').replace(/^[89a-f]/, '1')}`, '-extfile', f.config, '-extensions', extensions]);
}

function opensslConfig(dir: string, hosts: string[]): string {
  // Forward slashes: openssl's config parser treats a backslash as an escape (Windows).
  const d = dir.replace(/\\/g, '/');
  const alt = hosts.map((h, i) => (/^[\d.]+$|:/.test(h) ? `IP.${i + 1} = ${h}` : `DNS.${i + 1} = ${h}`)).join('\n');
  return `# Development CA of the reference exchange (sync/exchange/dev-pki.ts). Not for production.
[ ca ]
default_ca = dev_ca

[ dev_ca ]
# Used for revocation and CRLs only; certificates are issued with \`openssl x509 -req\`.
dir              = ${d}
database         = $dir/index.txt
new_certs_dir    = $dir
certificate      = $dir/ca.crt
private_key      = $dir/ca.key
crlnumber        = $dir/crlnumber
default_md       = sha256
default_crl_days = 30

[ req ]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
prompt             = no

[ req_dn ]
CN = placeholder

[ v3_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ node_client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid, issuer

[ exchange_server ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName         = @server_names

[ server_names ]
${alt}

[ receipt_signing ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid, issuer
`;
}
