// One certificate, read once: Node's X509Certificate for what it does well (signature and
// issuer checks, public key, fingerprints), plus the fields we read from the DER ourselves
// because Node's view of them changed between versions or is missing in Electron's
// BoringSSL build: exact validity dates, names as typed, key usage, extended key usage,
// basic constraints.
import { createHash, X509Certificate } from 'node:crypto';
import { certificateErrors } from './errors';
import { bytesOf, children, formatName, isContext, isUniversal, parseDer, readBitString, readIntegerHex, readName, readOid, readTime, sequenceElements, Asn1Type, type NameAttribute } from './asn1';
import { readSingleCertificate } from './pem';

export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';

/** RFC 5280 KeyUsage bit order. */
const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export interface CertificateDetails {
  x509: X509Certificate;
  der: Buffer;
  pem: string;
  /** Hex, upper case, no leading zeros: the same form as CRL entries. */
  serialNumber: string;
  subject: string;
  issuer: string;
  subjectAttributes: NameAttribute[];
  issuerAttributes: NameAttribute[];
  /** The DER of the subject Name, to match an issuer (certificate or CRL) byte for byte. */
  subjectDer: Buffer;
  /** The DER of the issuer Name. */
  issuerDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** Lower-case hex SHA-256 of the DER: the same form as sync/protocol's certFingerprint. */
  fingerprintSha256: string;
  /** basicConstraints cA. */
  isCa: boolean;
  /** null: no keyUsage extension (every usage allowed by RFC 5280). */
  keyUsage: Set<KeyUsage> | null;
  /** Dotted OIDs; null: no extendedKeyUsage extension. */
  extendedKeyUsage: string[] | null;
  /** A short name for messages: CN, else O, else the whole subject. */
  displayName: string;
}

interface Extension {
  critical: boolean;
  value: Buffer;
}

function readExtensions(tbsFields: ReturnType<typeof children>): Map<string, Extension> {
  const out = new Map<string, Extension>();
  const wrapper = tbsFields.find((n) => isContext(n, 3));
  if (!wrapper) return out;
  const list = children(wrapper, 'extensions')[0];
  for (const ext of children(list, 'Extensions')) {
    const parts = children(ext, 'Extension');
    const oid = readOid(parts[0], 'extension id');
    const critical = isUniversal(parts[1], Asn1Type.BOOLEAN) ? bytesOf(parts[1], 'critical')[0] !== 0 : false;
    const value = parts[parts.length - 1];
    if (!isUniversal(value, Asn1Type.OCTETSTRING)) throw new Error('extension value is not an OCTET STRING');
    if (out.has(oid)) throw new Error(`extension ${oid} appears twice`);
    out.set(oid, { critical, value: bytesOf(value, 'extension value') });
  }
  return out;
}

function readKeyUsage(ext: Extension | undefined): Set<KeyUsage> | null {
  if (!ext) return null;
  const { bytes } = readBitString(parseDer(ext.value), 'keyUsage');
  const out = new Set<KeyUsage>();
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) out.add(name);
  });
  return out;
}

function readExtendedKeyUsage(ext: Extension | undefined): string[] | null {
  if (!ext) return null;
  return children(parseDer(ext.value), 'extKeyUsage').map((n) => readOid(n, 'KeyPurposeId'));
}

function readIsCa(ext: Extension | undefined): boolean {
  if (!ext) return false;
  const first = children(parseDer(ext.value), 'basicConstraints')[0];
  return isUniversal(first, Asn1Type.BOOLEAN) && bytesOf(first, 'cA')[0] !== 0;
}

function displayName(attrs: NameAttribute[], whole: string): string {
  return attrs.findLast((a) => a.name === 'CN')?.value ?? attrs.findLast((a) => a.name === 'O')?.value ?? whole;
}

/** Parses one certificate (PEM, or DER). Anything unreadable is DAMAGED_FILE. */
export function readCertificate(input: string | Buffer): CertificateDetails {
  const pem = readSingleCertificate(input);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch (cause) {
    throw certificateErrors.damagedFile('证书无法解析', cause);
  }
  const der = x509.raw;
  try {
    const [tbs] = children(parseDer(der), 'Certificate');
    const fields = children(tbs, 'TBSCertificate');
    // version [0] is optional (v1 certificates): skip it to find the fixed fields.
    const f = isContext(fields[0], 0) ? fields.slice(1) : fields;
    const [serial, , issuerNode, validity, subjectNode] = f;
    const [nb, na] = children(validity, 'Validity');
    const subjectAttributes = readName(subjectNode, 'subject');
    const issuerAttributes = readName(issuerNode, 'issuer');
    const extensions = readExtensions(f);
    const subject = formatName(subjectAttributes);
    // The subject's bytes as in the file (version?, serial, signature, issuer, validity, subject).
    const tbsElements = sequenceElements(sequenceElements(der)[0]!);
    const offset = isContext(fields[0], 0) ? 1 : 0;
    const issuerDer = tbsElements[offset + 2]!;
    const subjectDer = tbsElements[offset + 4]!;
    return {
      x509,
      der,
      pem,
      serialNumber: readIntegerHex(serial, 'serialNumber'),
      subject,
      issuer: formatName(issuerAttributes),
      subjectAttributes,
      issuerAttributes,
      subjectDer,
      issuerDer,
      notBefore: readTime(nb, 'notBefore'),
      notAfter: readTime(na, 'notAfter'),
      fingerprintSha256: createHash('sha256').update(der).digest('hex'),
      isCa: readIsCa(extensions.get(OID_BASIC_CONSTRAINTS)),
      keyUsage: readKeyUsage(extensions.get(OID_KEY_USAGE)),
      extendedKeyUsage: readExtendedKeyUsage(extensions.get(OID_EXT_KEY_USAGE)),
      displayName: displayName(subjectAttributes, subject),
    };
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'CertificateError') throw cause;
    throw certificateErrors.damagedFile('证书内容不符合 X.509 格式', cause);
  }
}
