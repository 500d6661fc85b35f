// Certificate revocation lists (RFC 5280 §5). node-forge has no CRL support and Node's
// crypto cannot read one, so the DER is walked with forge's ASN.1 parser and the signature
// is checked here with Node's crypto, over the tbsCertList bytes exactly as they are in the
// file. A CRL is only believed when the given issuer's key signed it: anyone can write a
// list of serial numbers, and a forged one could "un-revoke" a certificate.
import { certificateErrors, CertificateError } from './errors';
import {
  bytesOf,
  children,
  formatName,
  isContext,
  isUniversal,
  normaliseSerial,
  parseDer,
  readBitString,
  readIntegerHex,
  readName,
  readOid,
  readTime,
  sequenceElements,
  signatureAlgorithm,
  signatureAlgorithmName,
  verifySignature,
  Asn1Type,
  type Asn1,
} from './asn1';
import { parsePemBlocks } from './pem';
import { readCertificate } from './x509';

export interface ParsedCrl {
  /** The CRL issuer's name, "C=CN, …, CN=…". */
  issuer: string;
  /** SHA-256 (lower-case hex) of the certificate whose key verified the signature. */
  issuerFingerprintSha256: string;
  thisUpdate: Date;
  /** null when the CRL gives none (then it never goes stale by its own account). */
  nextUpdate: Date | null;
  /** cRLNumber as hex, when present: lets a caller refuse to replace a newer CRL with an older one. */
  crlNumber: string | null;
  /** Revoked serial numbers: hex, upper case, no leading zeros (see normaliseSerial). */
  revokedSerials: Set<string>;
  /** The CRL as DER, for storing. */
  der: Buffer;
}

const OID_CRL_NUMBER = '2.5.29.20';
// Extensions we understand well enough to accept when marked critical (RFC 5280 §5.2:
// a CRL with an unknown critical extension must not be used).
const KNOWN_CRL_EXTENSIONS = new Set([
  '2.5.29.35', // authorityKeyIdentifier
  OID_CRL_NUMBER,
  '2.5.29.28', // issuingDistributionPoint (scope; the CA's one CRL covers its certificates)
  '2.5.29.46', // freshestCRL
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);
const KNOWN_ENTRY_EXTENSIONS = new Set([
  '2.5.29.21', // reasonCode
  '2.5.29.24', // invalidityDate
]);

function crlDer(input: string | Buffer): Buffer {
  const looksLikeText = typeof input === 'string' || input.toString('latin1').includes('-----BEGIN');
  if (!looksLikeText) return input as Buffer;
  let blocks;
  try {
    blocks = parsePemBlocks(input);
  } catch (cause) {
    throw certificateErrors.invalidCrl('文件已损坏或不是吊销列表', cause);
  }
  const block = blocks.find((b) => b.label === 'X509 CRL');
  if (!block) throw certificateErrors.invalidCrl('文件中没有吊销列表（应以 -----BEGIN X509 CRL----- 开头）');
  return block.der;
}

function readExtensionList(node: Asn1 | undefined, known: Set<string>, what: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!node) return out;
  for (const ext of children(node, what)) {
    const parts = children(ext, `${what} Extension`);
    const oid = readOid(parts[0], `${what} extension id`);
    const critical = isUniversal(parts[1], Asn1Type.BOOLEAN) && bytesOf(parts[1], 'critical')[0] !== 0;
    if (oid === '2.5.29.27') throw certificateErrors.invalidCrl('不支持增量吊销列表（delta CRL），请下载完整的吊销列表');
    if (critical && !known.has(oid)) throw certificateErrors.invalidCrl(`含有无法识别的关键扩展 ${oid}`);
    out.set(oid, bytesOf(parts[parts.length - 1], `${what} extension value`));
  }
  return out;
}

/**
 * Parses a CRL (PEM or DER) and verifies that `issuerCertPem`'s key signed it and that it
 * names that certificate's subject as issuer. Throws INVALID_CRL otherwise.
 */
export function parseCrl(pemOrDer: string | Buffer, issuerCertPem: string): ParsedCrl {
  const issuerCert = readCertificate(issuerCertPem);
  const der = crlDer(pemOrDer);
  try {
    const [tbsNode, outerAlg, signatureNode] = children(parseDer(der), 'CertificateList');
    const tbs = children(tbsNode, 'TBSCertList');
    // version is optional (v1 CRLs omit it), so find the fixed fields after it.
    const f = isUniversal(tbs[0], Asn1Type.INTEGER) ? tbs.slice(1) : tbs;
    const [innerAlg, issuerNode, thisUpdateNode, ...rest] = f;

    const algOid = readOid(children(outerAlg, 'signatureAlgorithm')[0], 'signatureAlgorithm');
    if (algOid !== readOid(children(innerAlg, 'signature')[0], 'signature')) {
      throw certificateErrors.invalidCrl('签名算法前后不一致，文件可能被篡改');
    }
    const alg = signatureAlgorithm(algOid);
    if (!alg) throw certificateErrors.invalidCrl(`使用了不支持或不安全的签名算法（${signatureAlgorithmName(algOid)}）`);

    // The signature first: nothing in an unverified CRL is worth reading further.
    const [tbsDer] = sequenceElements(der);
    const { bytes: signature, unusedBits } = readBitString(signatureNode, 'signatureValue');
    if (unusedBits !== 0 || !verifySignature(alg, tbsDer!, signature, issuerCert.x509.publicKey)) {
      throw certificateErrors.invalidCrl(`不是由「${issuerCert.displayName}」签发的（签名验证失败）`);
    }
    const issuerAttrs = readName(issuerNode, 'issuer');
    const tbsElements = sequenceElements(tbsDer!);
    const issuerDer = tbsElements[tbs.length === f.length ? 1 : 2]!;
    if (!issuerDer.equals(issuerCert.subjectDer) && formatName(issuerAttrs) !== issuerCert.subject) {
      throw certificateErrors.invalidCrl(`签发者「${formatName(issuerAttrs)}」与「${issuerCert.subject}」不一致`);
    }

    const thisUpdate = readTime(thisUpdateNode, 'thisUpdate');
    let nextUpdate: Date | null = null;
    let i = 0;
    if (isUniversal(rest[i], Asn1Type.UTCTIME) || isUniversal(rest[i], Asn1Type.GENERALIZEDTIME)) nextUpdate = readTime(rest[i++], 'nextUpdate');

    const revokedSerials = new Set<string>();
    if (isUniversal(rest[i], Asn1Type.SEQUENCE)) {
      for (const entry of children(rest[i++], 'revokedCertificates')) {
        const [serial, , entryExtensions] = children(entry, 'revokedCertificate');
        readExtensionList(entryExtensions, KNOWN_ENTRY_EXTENSIONS, 'crlEntryExtensions');
        revokedSerials.add(readIntegerHex(serial, 'userCertificate'));
      }
    }
    let crlNumber: string | null = null;
    if (isContext(rest[i], 0)) {
      const extensions = readExtensionList(children(rest[i], 'crlExtensions')[0], KNOWN_CRL_EXTENSIONS, 'crlExtensions');
      const number = extensions.get(OID_CRL_NUMBER);
      if (number) crlNumber = readIntegerHex(parseDer(number), 'cRLNumber');
    }

    return {
      issuer: formatName(issuerAttrs),
      issuerFingerprintSha256: issuerCert.fingerprintSha256,
      thisUpdate,
      nextUpdate,
      crlNumber,
      revokedSerials,
      der: Buffer.from(der),
    };
  } catch (cause) {
    if (cause instanceof CertificateError) throw cause;
    throw certificateErrors.invalidCrl('文件已损坏或不是吊销列表', cause);
  }
}

/** True when the CRL's nextUpdate has passed: a newer one should be fetched. */
export function isCrlStale(crl: ParsedCrl, now: Date): boolean {
  return crl.nextUpdate !== null && now.getTime() > crl.nextUpdate.getTime();
}

/** Whether a certificate (PEM or serial hex) is listed. */
export function isRevoked(crl: ParsedCrl, certificatePemOrSerial: string): boolean {
  const serial = certificatePemOrSerial.includes('-----BEGIN')
    ? readCertificate(certificatePemOrSerial).serialNumber
    : normaliseSerial(certificatePemOrSerial);
  return crl.revokedSerials.has(serial);
}
