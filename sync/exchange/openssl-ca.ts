// A small certificate authority driven by the `openssl` command line: the one builder behind
// the reference exchange's development PKI (dev-pki.ts) and the test PKI
// (test/support/pki.ts). Not our own certificate code, on purpose: the node's certificate
// handling is proven against what an independent, real CA produces.
//
// A CA is a folder holding an `openssl ca` database (index.txt, serial, crlnumber, newcerts/),
// its config, its key and its self-signed certificate. Everything is issued with
// `openssl ca`, not `openssl x509 -req`, because only `ca`
//   - takes explicit start and end dates (-startdate/-enddate; OpenSSL 3.0's x509 has no
//     -not_before): expired and not-yet-valid certificates, and CAs that start in the past;
//   - records what it issued, so revocation and `-gencrl` work like a real CA's;
// and `-preserveDN` keeps the request's subject exactly as sent (order, UTF8String, the
// serialNumber attribute carrying the credit code), which `x509 -req` does as well.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

/** A distinguished name in order, e.g. [['C', 'CN'], ['O', '…'], ['CN', 'localhost']]. */
export type Subject = ReadonlyArray<readonly [string, string]>;

/** From notBefore (whole seconds) to notAfter, or `days` from notBefore; neither date: `days` from now. */
export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
  days?: number;
}

export interface OpensslRunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string>;
}

export interface OpensslResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';
// Generous: a 4096-bit key on a slow office PC takes seconds; a hang must still end.
const TIMEOUT_MS = 60_000;
const DAY_MS = 86_400_000;

/** Runs openssl and reports what it said, whatever its exit status (for callers that check). */
export function runOpenssl(args: string[], options: OpensslRunOptions = {}): OpensslResult {
  const r = spawnSync(OPENSSL, args, {
    cwd: options.cwd,
    input: options.input,
    timeout: TIMEOUT_MS,
    env: { ...process.env, ...options.env },
    maxBuffer: 16 * 1024 * 1024,
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('找不到 openssl 命令，请先安装 OpenSSL');
  if (r.error) throw new Error(`openssl ${args[0]} 失败：${r.error.message}`);
  return { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), status: r.status };
}

/** Runs openssl and returns its stdout; a failure throws with openssl's own message. */
export function openssl(args: string[], options: OpensslRunOptions = {}): string {
  const r = runOpenssl(args, options);
  if (r.status !== 0) throw new Error(`openssl ${args[0]} 失败：${r.stderr.trim()}`);
  return r.stdout;
}

/** `/C=CN/CN=…` for -subj, with openssl's separators escaped. */
export function subjectArg(subject: Subject): string {
  return subject.map(([k, v]) => `/${k}=${v.replace(/([\\/=+,])/g, '\\$1')}`).join('');
}

/**
 * For `openssl ca -startdate/-enddate`: YYMMDDHHMMSSZ (UTCTime) for 1950–2049, as RFC 5280
 * requires, and YYYYMMDDHHMMSSZ (GeneralizedTime) outside that range.
 */
export function opensslTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const year = d.getUTCFullYear();
  const y = year >= 1950 && year < 2050 ? p(year % 100) : String(year).padStart(4, '0');
  return `${y}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function validityArgs(v: Validity): string[] {
  const days = v.days ?? 365;
  if (!v.notBefore && !v.notAfter) return ['-days', String(days)];
  const start = new Date(Math.floor((v.notBefore ?? new Date()).getTime() / 1000) * 1000);
  const end = v.notAfter ?? new Date(start.getTime() + days * DAY_MS);
  return ['-startdate', opensslTime(start), '-enddate', opensslTime(end)];
}

/** Where a CA keeps its files; the database lives beside them in `dir`. */
export interface CaFiles {
  dir: string;
  config: string;
  key: string;
  cert: string;
}

/** The CA's files in `dir`, under the given names (defaults: openssl.cnf, ca.key, ca.crt). */
export function caFiles(dir: string, names: { config?: string; key?: string; cert?: string } = {}): CaFiles {
  return { dir, config: join(dir, names.config ?? 'openssl.cnf'), key: join(dir, names.key ?? 'ca.key'), cert: join(dir, names.cert ?? 'ca.crt') };
}

export interface CaOptions {
  /** How long a CRL published by `crl()` stays valid. */
  crlDays: number;
}

export interface NewCaOptions extends CaOptions {
  subject: Subject;
  keyBits: number;
  validity: Validity;
}

export interface SignOptions {
  /** The certificate's extensions, one `name = value` line each (the CA decides them, never the CSR). */
  extensions: readonly string[];
  validity: Validity;
  /** Sign with this CA certificate (an intermediate) instead of the folder's own. */
  signer?: KeyAndCert;
}

export class OpensslCa {
  private constructor(
    readonly files: CaFiles,
    private readonly keyBits: number,
  ) {}

  /**
   * The CA database in `files.dir`, made where missing, and its config (re-written, so an
   * older folder gets today's settings). Without a key and certificate of its own it can
   * still sign with `signer` (see SignOptions).
   */
  static at(files: CaFiles, options: CaOptions & { keyBits?: number }): OpensslCa {
    mkdirSync(join(files.dir, 'newcerts'), { recursive: true, mode: 0o700 });
    const fresh = (name: string, text: () => string) => {
      if (!existsSync(join(files.dir, name))) writeFileSync(join(files.dir, name), text());
    };
    fresh('index.txt', () => '');
    // A random first serial per CA, so that serials of different CAs never coincide by accident.
    fresh('serial', () => {
      const first = randomBytes(8);
      first[0] = (first[0]! & 0x3f) | 0x10;
      return `${first.toString('hex').toUpperCase()}\n`;
    });
    fresh('crlnumber', () => '01\n');
    writeFileSync(files.config, caConfig(files, options.crlDays));
    return new OpensslCa(files, options.keyBits ?? 2048);
  }

  /** A new CA: the database, a fresh key and the self-signed CA certificate. */
  static create(files: CaFiles, options: NewCaOptions): OpensslCa {
    const ca = OpensslCa.at(files, options);
    const csr = `${files.cert}.csr`;
    ca.request(options.subject, files.key, csr);
    // `ca -selfsign` rather than `req -x509`, so that a CA can start in the past (3.0's req
    // has no start date): then nothing is "not yet valid" because a clock was read a moment early.
    openssl([
      'ca', '-batch', '-notext', '-selfsign', '-preserveDN', '-config', files.config, '-keyfile', files.key, '-in', csr,
      '-extensions', 'v3_ca', ...validityArgs(options.validity), '-out', files.cert,
    ]);
    rmSync(csr);
    return ca;
  }

  keyPem(): string {
    return readFileSync(this.files.key, 'utf8');
  }

  certPem(): string {
    return readFileSync(this.files.cert, 'utf8');
  }

  /** A fresh RSA key for `subject` and its certificate. */
  issue(subject: Subject, options: SignOptions): KeyAndCert {
    return this.scratch((file) => {
      const keyFile = file('new.key');
      const csrFile = file('new.csr');
      this.request(subject, keyFile, csrFile);
      return { keyPem: readFileSync(keyFile, 'utf8'), certPem: this.sign(readFileSync(csrFile, 'utf8'), options) };
    });
  }

  /** Signs a PKCS#10 request (PEM); returns the certificate (PEM). */
  sign(csrPem: string, options: SignOptions): string {
    return this.scratch((file) => {
      const signer = options.signer ? ['-cert', file('signer.crt', options.signer.certPem), '-keyfile', file('signer.key', options.signer.keyPem)] : [];
      const out = file('out.crt');
      openssl([
        'ca', '-batch', '-notext', '-preserveDN', '-config', this.files.config, ...signer,
        '-in', file('in.csr', csrPem), '-out', out,
        '-extfile', file('leaf.ext', ['[ leaf ]', ...options.extensions, ''].join('\n')), '-extensions', 'leaf',
        ...validityArgs(options.validity),
      ]);
      return readFileSync(out, 'utf8');
    });
  }

  /** Records a revocation (keyCompromise) in the database; the next crl() lists it. */
  revoke(certPem: string): void {
    this.scratch((file) => openssl(['ca', '-batch', '-config', this.files.config, '-revoke', file('revoke.crt', certPem), '-crl_reason', 'keyCompromise']));
  }

  /** Writes a CRL of everything revoked so far to `outFile` and returns it. */
  crl(outFile: string): string {
    openssl(['ca', '-batch', '-gencrl', '-config', this.files.config, '-out', outFile]);
    return readFileSync(outFile, 'utf8');
  }

  private request(subject: Subject, keyFile: string, csrFile: string): void {
    openssl(['req', '-new', '-newkey', `rsa:${this.keyBits}`, '-nodes', '-utf8', '-config', this.files.config, '-subj', subjectArg(subject), '-keyout', keyFile, '-out', csrFile]);
  }

  /** Runs `work` with a private temporary folder (`file(name, text?)` names, and writes, a file in it). */
  private scratch<T>(work: (file: (name: string, text?: string) => string) => T): T {
    const dir = mkdtempSync(join(tmpdir(), 'openssl-ca-'));
    try {
      return work((name, text) => {
        const path = join(dir, name);
        if (text !== undefined) writeFileSync(path, text, { mode: 0o600 });
        return path;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function caConfig(files: CaFiles, crlDays: number): string {
  // Forward slashes: openssl's config parser treats a backslash as an escape (Windows).
  const path = (p: string) => p.replace(/\\/g, '/');
  // `-preserveDN` (on every signing) keeps the request's DN as sent; the config's
  // `preserve = yes` is not honoured by OpenSSL 3.0, and without either `ca` reorders the
  // DN by the policy and drops fields the policy does not list.
  return `# Written by sync/exchange/openssl-ca.ts (development and tests only; not a production CA).
[ ca ]
default_ca = ca_default

[ ca_default ]
dir              = ${path(files.dir)}
database         = $dir/index.txt
serial           = $dir/serial
crlnumber        = $dir/crlnumber
new_certs_dir    = $dir/newcerts
certificate      = ${path(files.cert)}
private_key      = ${path(files.key)}
default_md       = sha256
default_days     = 365
default_crl_days = ${crlDays}
policy           = policy_anything
unique_subject   = no
# The CA decides the extensions (as the provincial CA does): a CSR asking for clientAuth
# must not smuggle it into a certificate meant to lack it.
copy_extensions  = none
email_in_dn      = no
string_mask      = utf8only
utf8             = yes
crl_extensions   = crl_ext

[ policy_anything ]
countryName            = optional
stateOrProvinceName    = optional
localityName           = optional
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied
serialNumber           = optional
emailAddress           = optional

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ req ]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
prompt             = no

[ req_dn ]
CN = placeholder

[ v3_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
`;
}
