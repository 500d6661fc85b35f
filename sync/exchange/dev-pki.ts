// A development PKI for the reference exchange, made with the `openssl` command line by the
// shared builder (openssl-ca.ts, which the test PKI uses too): a provincial root CA, the
// exchange's TLS server certificate for localhost/127.0.0.1/::1, and its receipt-signing
// certificate. The folder is an `openssl ca` database, so signing node CSRs, revoking and
// publishing a CRL work like a small CA.
//
// Files in the folder (dev only: keys are unencrypted):
//   ca.key ca.crt           provincial root (the node pins ca.crt)
//   server.key server.crt   exchange TLS
//   signing.key signing.crt receipt signing (EKU id-kp-documentSigning, RFC 9336)
//   crl.pem                 current CRL
//   openssl.cnf index.txt serial crlnumber newcerts/   CA state (issued and revoked certificates)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OpensslCa, caFiles, openssl, type KeyAndCert, type Subject } from './openssl-ca';

const CRL_DAYS = 30;

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

// The CA decides every extension; the CSR's own requests are ignored (copy_extensions = none).
const LEAF = ['basicConstraints = critical, CA:FALSE', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid, issuer'];
const NODE_CLIENT = [...LEAF, 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = clientAuth'];
/** id-kp-documentSigning (RFC 9336): signs the exchange's receipts, nothing else. */
const RECEIPT_SIGNING = [...LEAF, 'keyUsage = critical, digitalSignature, nonRepudiation', 'extendedKeyUsage = 1.3.6.1.5.5.7.3.36'];

function exchangeServer(hosts: string[]): string[] {
  const names = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`));
  return [...LEAF, 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', `subjectAltName = ${names.join(', ')}`];
}

/** The folder's CA (revocation database, config) as the shared openssl builder sees it. */
function devCa(f: DevPkiFiles, keyBits?: number): OpensslCa {
  return OpensslCa.at(caFiles(f.dir), { crlDays: CRL_DAYS, ...(keyBits !== undefined && { keyBits }) });
}

export function initDevPki(dir: string, options: DevPkiInitOptions = {}): DevPkiFiles {
  const f = devPkiFiles(dir);
  if (existsSync(f.caKey)) throw new Error(`${f.dir} 中已有开发用根证书（ca.key），不覆盖；请换一个目录`);
  mkdirSync(f.dir, { recursive: true, mode: 0o700 });

  const keyBits = options.keyBits ?? 3072;
  const validity = { days: options.days ?? 3650 };
  const province = options.province ?? '海南省';
  const organisation: Subject = [['C', 'CN'], ['ST', province], ['O', `${province}政务信息共享交换平台（开发）`]];
  const ca = OpensslCa.create(caFiles(f.dir), { subject: [...organisation, ['CN', `${province}政务数据开发根CA`]], keyBits, validity, crlDays: CRL_DAYS });
  const hosts = ['localhost', '127.0.0.1', '::1', ...(options.extraHosts ?? [])];
  writeKeyAndCert(f.serverKey, f.serverCert, ca.issue([...organisation, ['CN', 'localhost']], { extensions: exchangeServer(hosts), validity }));
  writeKeyAndCert(f.signingKey, f.signingCert, ca.issue([...organisation, ['CN', '交换平台回执签名']], { extensions: RECEIPT_SIGNING, validity }));
  generateCrl(dir);
  return f;
}

/** Signs a node's CSR (PEM) as a client certificate; returns the certificate followed by the root. */
export function signCsr(dir: string, csrPem: string, options: { days?: number } = {}): string {
  const f = devPkiFiles(dir);
  // Refuse a CSR whose self-signature does not verify before the CA looks at it.
  openssl(['req', '-noout', '-verify'], { input: csrPem });
  const ca = devCa(f);
  return ca.sign(csrPem, { extensions: NODE_CLIENT, validity: { days: options.days ?? 365 } }) + ca.certPem();
}

/** Marks a certificate revoked in the CA database and republishes crl.pem. */
export function revokeCert(dir: string, certPem: string): string {
  devCa(devPkiFiles(dir)).revoke(certPem);
  return generateCrl(dir);
}

/** Writes crl.pem (valid 30 days) from the CA database and returns it. */
export function generateCrl(dir: string): string {
  const f = devPkiFiles(dir);
  return devCa(f).crl(f.crl);
}

function writeKeyAndCert(keyFile: string, certFile: string, made: KeyAndCert): void {
  writeFileSync(keyFile, made.keyPem, { mode: 0o600 });
  writeFileSync(certFile, made.certPem);
}
