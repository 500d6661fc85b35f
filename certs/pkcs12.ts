// PKCS#12 (.p12/.pfx) files: a key, its certificate and usually the chain, under a password.
// node-forge does the decryption because Electron's BoringSSL has no PKCS#12 reader for us.
//
// What forge 1.4 reads (tested against files made by the openssl command line):
//   - OpenSSL 3 defaults: PBES2 + PBKDF2 (hmacWithSHA1/224/256/384/512) + AES-128/192/256-CBC
//     or 3DES-CBC, for both the key and the certificates, HMAC-SHA-256 MAC;
//   - the legacy PKCS#12 PBEs: pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC
//     (`openssl pkcs12 -legacy`, OpenSSL 1.x, older Windows exports), SHA-1 MAC.
// Not read: RC2-128, RC4, 2-key 3DES PBEs, SM4 (国密) and public-key privacy mode. Those get
// UNSUPPORTED_ALGORITHM with the openssl command that re-exports the file in a readable way.
//
// Passwords: the PKCS#12 MAC and the legacy PBEs derive keys from the password as
// BMPString (UTF-16), which forge does from the JS string; PBES2 derives from the password's
// UTF-8 bytes (as OpenSSL does), but forge would feed it the JS string's char codes. So for
// the duration of one synchronous parse, forge's PBKDF2 gets the password UTF-8-encoded —
// identical for ASCII, and correct for a password with Chinese characters. The same wrapper
// bounds the iteration count a file may ask for (MAX_PKCS12_ITERATIONS).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { CertificateError, certificateErrors } from './errors';
import { fromBinary, toBinary } from './asn1';
import { publicKeyDer } from './node-key';
import { toPem } from './pem';

export interface Pkcs12Contents {
  /** PKCS#8 PEM, unencrypted: goes straight into the encrypted database. */
  privateKeyPem: string;
  /** The certificate that belongs to the key. */
  certificatePem: string;
  /** The other certificates in the file (intermediates, often the root), in file order. */
  chainPems: string[];
}

export const REEXPORT_HINT =
  '请用 OpenSSL 3 重新导出：openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256 -inkey 私钥.pem -in 证书.pem -certfile 证书链.pem -out 新文件.p12（Windows 证书导出向导中请选择“AES256-SHA256”加密）';

const ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.12.1.4': 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.2.156.10197.1.104.2': 'SM4-CBC（国密）',
  '1.2.156.10197.1.401': 'SM3（国密）',
  '1.2.840.113549.1.7.3': '公钥加密模式（envelopedData）',
};

type Pbkdf2 = (password: string, salt: unknown, iterations: number, ...rest: unknown[]) => unknown;
type Pkcs12Kdf = (password: unknown, salt: unknown, id: number, iterations: number, ...rest: unknown[]) => unknown;

/**
 * The most key-derivation rounds a file may ask for. A .p12 names its own iteration count, and
 * forge derives in JavaScript on the core's thread: a hostile file asking for 2^31 rounds would
 * freeze the node for hours. OpenSSL writes 2,048, Windows 2,000–10,000; a million is far above
 * any real export and still derives in seconds.
 */
export const MAX_PKCS12_ITERATIONS = 1_000_000;

class TooManyIterations extends Error {
  constructor(readonly iterations: number) {
    super(`PKCS#12 asks for ${iterations} key-derivation iterations`);
  }
}

function checkIterations(iterations: unknown): void {
  if (typeof iterations === 'number' && iterations > MAX_PKCS12_ITERATIONS) throw new TooManyIterations(iterations);
}

/** Runs one synchronous parse with forge's two KDFs wrapped: UTF-8 passwords for PBKDF2, and the iteration bound on both. */
function withCheckedKdfs<T>(run: () => T): T {
  const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: Pbkdf2 };
  const pkcs12 = forge.pkcs12 as unknown as { generateKey: Pkcs12Kdf };
  const originalPbkdf2 = pkcs5.pbkdf2;
  const originalGenerateKey = pkcs12.generateKey;
  pkcs5.pbkdf2 = (password, salt, iterations, ...rest) => {
    checkIterations(iterations);
    return originalPbkdf2(typeof password === 'string' ? forge.util.encodeUtf8(password) : password, salt, iterations, ...rest);
  };
  pkcs12.generateKey = (password, salt, id, iterations, ...rest) => {
    checkIterations(iterations);
    return originalGenerateKey(password, salt, id, iterations, ...rest);
  };
  try {
    return run();
  } finally {
    pkcs5.pbkdf2 = originalPbkdf2;
    pkcs12.generateKey = originalGenerateKey;
  }
}

function classify(error: unknown): CertificateError {
  if (error instanceof TooManyIterations) {
    return certificateErrors.damagedFile(`密钥派生迭代 ${error.iterations} 次，超过上限 ${MAX_PKCS12_ITERATIONS} 次，疑为恶意构造，已拒绝`, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  const oid = (error as { oid?: unknown } | null)?.oid;
  if (/MAC could not be verified|wrong password|Invalid password|Failed to decrypt/i.test(message)) return certificateErrors.wrongPassword(error);
  if (/unsupported/i.test(message)) {
    const found = typeof oid === 'string' ? oid : /\d+(?:\.\d+){3,}/.exec(message)?.[0];
    const what = found ? (ALGORITHM_NAMES[found] ?? found) : '未知算法';
    const e = certificateErrors.unsupportedAlgorithm(what, REEXPORT_HINT);
    (e as { cause?: unknown }).cause = error;
    return e;
  }
  return certificateErrors.damagedFile('不是有效的 PKCS#12（.p12/.pfx）文件', error);
}

function keyToPkcs8Pem(bag: forge.pkcs12.Bag): string {
  // RSA keys come back as forge key objects; other key types (EC) as the raw PrivateKeyInfo.
  const key = bag.key
    ? createPrivateKey(forge.pki.privateKeyToPem(bag.key))
    : createPrivateKey({ key: fromBinary(forge.asn1.toDer(bag.asn1).getBytes()), format: 'der', type: 'pkcs8' });
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function certToDer(bag: forge.pkcs12.Bag): Buffer {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  return fromBinary(forge.asn1.toDer(asn1).getBytes());
}

/** Reads a .p12/.pfx file. WRONG_PASSWORD, UNSUPPORTED_ALGORITHM or DAMAGED_FILE otherwise. */
export function readPkcs12(file: Buffer, password: string): Pkcs12Contents {
  if (file.length === 0) throw certificateErrors.damagedFile('文件是空的');
  if (file.toString('latin1', 0, Math.min(file.length, 4096)).includes('-----BEGIN')) {
    throw certificateErrors.damagedFile('这是 PEM 文本格式的证书，不是 .p12/.pfx 文件，请选择“PEM 证书”方式导入');
  }

  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    // Not strict: PKCS#12 is BER, and Windows writes indefinite lengths.
    const asn1 = forge.asn1.fromDer(toBinary(file), false);
    pfx = withCheckedKdfs(() => forge.pkcs12.pkcs12FromAsn1(asn1, false, password));
  } catch (error) {
    throw classify(error);
  }

  const keys: string[] = [];
  const certs: Buffer[] = [];
  try {
    for (const safe of pfx.safeContents) {
      for (const bag of safe.safeBags) {
        if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) keys.push(keyToPkcs8Pem(bag));
        else if (bag.type === forge.pki.oids.certBag) certs.push(certToDer(bag));
      }
    }
    for (const der of certs) new X509Certificate(der);
  } catch (error) {
    throw certificateErrors.damagedFile('文件中的私钥或证书无法解析', error);
  }
  if (keys.length === 0) throw certificateErrors.damagedFile('文件中没有私钥，请导出时选择“导出私钥”');
  if (certs.length === 0) throw certificateErrors.damagedFile('文件中没有证书');

  // The leaf is the certificate of one of the keys, wherever it sits in the file.
  for (const privateKeyPem of keys) {
    const spki = publicKeyDer(createPrivateKey(privateKeyPem));
    const index = certs.findIndex((der) => {
      try {
        return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }).equals(spki);
      } catch {
        return false; // a key type this runtime cannot load is not ours
      }
    });
    if (index >= 0) {
      return {
        privateKeyPem,
        certificatePem: toPem('CERTIFICATE', certs[index]!),
        chainPems: certs.filter((_, i) => i !== index).map((der) => toPem('CERTIFICATE', der)),
      };
    }
  }
  throw certificateErrors.keyMismatch();
}
