// Reading what county IT pastes or picks as "the certificate": a PEM bundle (leaf +
// intermediates, maybe with explanatory text from openssl or a Windows export), a binary
// DER .cer, the same without PEM lines, or a PKCS#7 .p7b chain. Line endings, a BOM and
// stray spaces are tolerated; anything we cannot read as a certificate is DAMAGED_FILE
// with a hint of what it looked like, never a silent empty result.
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateErrors } from './errors';
import { children, isContext, isUniversal, readOid, Asn1Type, toBinary, fromBinary } from './asn1';

export interface PemBlock {
  label: string;
  der: Buffer;
}

/** Text with "\n" line endings and no BOM (Windows Notepad adds both). */
export function normaliseText(input: string | Buffer): string {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** RFC 7468 PEM: 64-character lines, LF line endings, a final newline. */
export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export const isPrivateKeyLabel = (label: string): boolean => /(^|\s)PRIVATE KEY$/.test(label);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64Strict(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

/**
 * All PEM blocks in the text, in order. Text between blocks is allowed (RFC 7468
 * "explanatory text": `Bag Attributes`, `subject=` lines). A BEGIN without its END, or a
 * body that is not base64, is a damaged file.
 */
export function parsePemBlocks(input: string | Buffer): PemBlock[] {
  const text = normaliseText(input);
  const blocks: PemBlock[] = [];
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/g;
  let match: RegExpExecArray | null;
  while ((match = begin.exec(text)) !== null) {
    const label = match[1]!;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, begin.lastIndex);
    const nextBegin = text.indexOf('-----BEGIN ', begin.lastIndex);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
      throw certificateErrors.damagedFile(`「${label}」内容不完整，缺少结尾的 END 行，可能复制时漏掉了末尾`);
    }
    let body = text.slice(begin.lastIndex, end);
    // RFC 1421 headers (Proc-Type:, DEK-Info: of old encrypted keys) end at a blank line.
    if (/^\s*[A-Za-z-]+:/.test(body)) body = body.slice(body.indexOf('\n\n') >= 0 ? body.indexOf('\n\n') : body.length);
    const der = decodeBase64Strict(body);
    if (!der) throw certificateErrors.damagedFile(`「${label}」内容不是有效的 Base64 编码`);
    blocks.push({ label, der });
    begin.lastIndex = end + endMarker.length;
  }
  return blocks;
}

export function containsPrivateKey(input: string | Buffer): boolean {
  return /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(normaliseText(input));
}

export interface CertificateBundle {
  /** Certificates in file order, as normalised PEM. */
  certificates: string[];
  /** Private key blocks found alongside (PEM as found); callers decide whether to refuse them. */
  privateKeys: string[];
}

function certificatePem(der: Buffer, position: number): string {
  try {
    new X509Certificate(der);
  } catch (cause) {
    throw certificateErrors.damagedFile(`第 ${position} 个证书无法解析`, cause);
  }
  return toPem('CERTIFICATE', der);
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** The certificates of a PKCS#7 SignedData (.p7b), or null when the bytes are not one. */
function certificatesOfPkcs7(der: Buffer): Buffer[] | null {
  let root;
  try {
    // Not strict: .p7b files from Windows are often BER (indefinite lengths).
    root = forge.asn1.fromDer(toBinary(der), false);
  } catch {
    return null;
  }
  try {
    const [oid, content] = children(root, 'ContentInfo');
    if (readOid(oid) !== SIGNED_DATA || !isContext(content, 0)) return null;
    const signedData = children(content, 'SignedData')[0];
    const certs = children(signedData, 'SignedData').find((n) => isContext(n, 0) && n.constructed);
    if (!certs) return [];
    return children(certs, 'certificates')
      .filter((n) => isUniversal(n, Asn1Type.SEQUENCE))
      .map((n) => fromBinary(forge.asn1.toDer(n).getBytes()));
  } catch {
    return null;
  }
}

/**
 * Reads certificates from PEM (any number of blocks), DER, headerless Base64 or PKCS#7.
 * Throws DAMAGED_FILE when there is no certificate at all.
 */
export function readCertificateBundle(input: string | Buffer): CertificateBundle {
  const asBuffer = typeof input === 'string' ? null : input;
  // Binary DER (.cer/.der/.p7b) starts with a SEQUENCE tag and is not valid text.
  if (asBuffer && asBuffer[0] === 0x30 && !asBuffer.toString('latin1').includes('-----BEGIN')) {
    return { certificates: derCertificates(asBuffer), privateKeys: [] };
  }
  const text = normaliseText(input);
  if (text.trim() === '') throw certificateErrors.damagedFile('文件是空的');

  const blocks = parsePemBlocks(text);
  if (blocks.length === 0) {
    const der = decodeBase64Strict(text);
    if (der && der[0] === 0x30) return { certificates: derCertificates(der), privateKeys: [] };
    throw certificateErrors.damagedFile('没有找到证书内容');
  }

  const certificates: string[] = [];
  const privateKeys: string[] = [];
  for (const block of blocks) {
    if (block.label === 'CERTIFICATE' || block.label === 'X509 CERTIFICATE') {
      certificates.push(certificatePem(block.der, certificates.length + 1));
    } else if (block.label === 'PKCS7') {
      const certs = certificatesOfPkcs7(block.der);
      if (!certs) throw certificateErrors.damagedFile('PKCS#7 证书链无法解析');
      for (const der of certs) certificates.push(certificatePem(der, certificates.length + 1));
    } else if (isPrivateKeyLabel(block.label)) {
      privateKeys.push(toPem(block.label, block.der));
    } else if (block.label === 'CERTIFICATE REQUEST' || block.label === 'NEW CERTIFICATE REQUEST') {
      throw certificateErrors.damagedFile('这是证书申请文件（CSR），不是省级 CA 签发的证书');
    } else if (block.label === 'X509 CRL') {
      throw certificateErrors.damagedFile('这是证书吊销列表（CRL），不是证书');
    }
    // Other blocks (parameters, public keys) are ignored.
  }
  if (certificates.length === 0) {
    throw certificateErrors.damagedFile(privateKeys.length > 0 ? '文件里只有私钥，没有证书' : '没有找到证书内容');
  }
  return { certificates, privateKeys };
}

function derCertificates(der: Buffer): string[] {
  try {
    new X509Certificate(der);
    return [toPem('CERTIFICATE', der)];
  } catch {
    // not a single certificate: maybe a .p7b chain
  }
  const certs = certificatesOfPkcs7(der);
  if (!certs || certs.length === 0) throw certificateErrors.damagedFile('无法识别的二进制文件');
  return certs.map((c, i) => certificatePem(c, i + 1));
}

/** The certificates of a bundle, leaf first as written. */
export function readCertificates(input: string | Buffer): string[] {
  return readCertificateBundle(input).certificates;
}

/** Exactly one certificate (e.g. the provincial root). */
export function readSingleCertificate(input: string | Buffer): string {
  const certs = readCertificates(input);
  if (certs.length !== 1) throw certificateErrors.damagedFile(`应只包含一个证书，实际包含 ${certs.length} 个`);
  return certs[0]!;
}
