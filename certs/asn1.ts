// Small DER helpers on top of node-forge's ASN.1 parser, for the structures Node's crypto
// does not expose (CRLs, certificate extensions, X.500 names as typed in the file).
//
// forge works on "binary strings" (one char per byte); everything leaving this file is a
// Buffer, a string of text, or a Date, so the rest of certs/ never sees that convention.
import { createVerify, verify as verifyOneShot, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

const { Class, Type } = forge.asn1;
export { Class as Asn1Class, Type as Asn1Type };

export const toBinary = (buf: Buffer): string => buf.toString('binary');
export const fromBinary = (bytes: string): Buffer => Buffer.from(bytes, 'binary');

/**
 * Parses DER strictly: the whole buffer must be one ASN.1 value. BIT STRINGs are left as
 * bytes (forge would otherwise try to parse signatures as ASN.1).
 */
export function parseDer(der: Buffer): Asn1 {
  const options = { strict: true, parseAllBytes: true, decodeBitStrings: false };
  return (forge.asn1.fromDer as unknown as (bytes: string, o: typeof options) => Asn1)(toBinary(der), options);
}

export function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error(`${what}: expected a constructed value`);
  return node.value;
}

export function bytesOf(node: Asn1 | undefined, what: string): Buffer {
  if (!node || typeof node.value !== 'string') throw new Error(`${what}: expected a primitive value`);
  return fromBinary(node.value);
}

export function isUniversal(node: Asn1 | undefined, type: number): boolean {
  return !!node && node.tagClass === Class.UNIVERSAL && node.type === type;
}

export function isContext(node: Asn1 | undefined, tag: number): boolean {
  return !!node && node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag;
}

export function readOid(node: Asn1 | undefined, what = 'OID'): string {
  if (!isUniversal(node, Type.OID)) throw new Error(`${what}: expected an OID`);
  return forge.asn1.derToOid(node!.value as string);
}

/** An INTEGER's content bytes as upper-case hex, leading zero bytes removed ("0" for zero). */
export function readIntegerHex(node: Asn1 | undefined, what = 'INTEGER'): string {
  if (!isUniversal(node, Type.INTEGER)) throw new Error(`${what}: expected an INTEGER`);
  return normaliseSerial(bytesOf(node, what).toString('hex'));
}

/** Serial numbers compare as hex, upper case, without leading zeros (0x00 pads positive DER integers). */
export function normaliseSerial(hex: string): string {
  const clean = hex.replace(/[\s:]/g, '').toUpperCase().replace(/^0+/, '');
  return clean === '' ? '0' : clean;
}

/** UTCTime or GeneralizedTime. */
export function readTime(node: Asn1 | undefined, what = 'Time'): Date {
  let date: Date;
  if (isUniversal(node, Type.UTCTIME)) date = forge.asn1.utcTimeToDate(node!.value as string);
  else if (isUniversal(node, Type.GENERALIZEDTIME)) date = forge.asn1.generalizedTimeToDate(node!.value as string);
  else throw new Error(`${what}: expected UTCTime or GeneralizedTime`);
  if (Number.isNaN(date.getTime())) throw new Error(`${what}: invalid date`);
  return date;
}

/** BIT STRING content without the unused-bits byte. */
export function readBitString(node: Asn1 | undefined, what = 'BIT STRING'): { bytes: Buffer; unusedBits: number } {
  if (!isUniversal(node, Type.BITSTRING)) throw new Error(`${what}: expected a BIT STRING`);
  const raw = bytesOf(node, what);
  if (raw.length === 0) throw new Error(`${what}: empty`);
  return { bytes: raw.subarray(1), unusedBits: raw[0]! };
}

// ---- X.500 names ---------------------------------------------------------------------

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

export interface NameAttribute {
  oid: string;
  /** Short name (CN, O, …) or the dotted OID when unknown. */
  name: string;
  value: string;
  /** The ASN.1 string type it was encoded with (12 UTF8String, 19 PrintableString, 30 BMPString…). */
  stringType: number;
}

function decodeDirectoryString(node: Asn1): string {
  // forge's parser already turns a BMPString (UTF-16BE) into a JS string.
  if (node.type === Type.BMPSTRING && typeof node.value === 'string') return node.value;
  const bytes = bytesOf(node, 'attribute value');
  switch (node.type as number) {
    case Type.UTF8:
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    case 28: // UniversalString (UCS-4): rare, decode code point by code point
      return Array.from({ length: bytes.length / 4 }, (_, i) => String.fromCodePoint(bytes.readUInt32BE(i * 4))).join('');
    default:
      // PrintableString, IA5String, TeletexString, NumericString: single-byte text
      return bytes.toString('latin1');
  }
}

export function readName(node: Asn1 | undefined, what = 'Name'): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(node, what)) {
    for (const atv of children(rdn, `${what} RDN`)) {
      const [type, value] = children(atv, `${what} attribute`);
      const oid = readOid(type, `${what} attribute type`);
      if (!value) throw new Error(`${what}: attribute without value`);
      out.push({ oid, name: SHORT_NAMES[oid] ?? oid, value: decodeDirectoryString(value), stringType: value.type });
    }
  }
  return out;
}

/** "C=CN, ST=海南省, O=…, CN=…" in file order; ',', '+', '=', '\' in values are escaped. */
export function formatName(attrs: NameAttribute[]): string {
  return attrs.map((a) => `${a.name}=${a.value.replace(/([\\,+=])/g, '\\$1')}`).join(', ');
}

// ---- Signatures ----------------------------------------------------------------------

export interface SignatureAlgorithm {
  name: string;
  /** node:crypto digest name; null for Ed25519 (one-shot verify). */
  hash: 'sha256' | 'sha384' | 'sha512' | null;
}

// What Electron's BoringSSL verifies: RSA PKCS#1 v1.5 and ECDSA with SHA-2, and Ed25519.
// SHA-1 and MD5 are refused on purpose (collisions); RSASSA-PSS would need its parameters
// decoded and is not used by the provincial CA.
const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithm> = {
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
};

// Named in messages, but refused: SHA-1/MD5 (collisions), PSS (parameters not decoded),
// SM2 (国密, not in BoringSSL).
const REFUSED_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
};

/** The algorithm, or null with a readable name of what it was. */
export function signatureAlgorithm(oid: string): SignatureAlgorithm | null {
  return SIGNATURE_ALGORITHMS[oid] ?? null;
}

export function signatureAlgorithmName(oid: string): string {
  return SIGNATURE_ALGORITHMS[oid]?.name ?? REFUSED_NAMES[oid] ?? oid;
}

export function verifySignature(alg: SignatureAlgorithm, signed: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    if (alg.hash === null) return verifyOneShot(null, signed, key, signature);
    const verifier = createVerify(alg.hash);
    verifier.update(signed);
    return verifier.verify(key, signature);
  } catch {
    // Wrong key type for the algorithm, malformed signature…: not a valid signature.
    return false;
  }
}

// ---- Raw DER slicing -----------------------------------------------------------------

/**
 * The exact bytes of each element inside a DER SEQUENCE. Signatures are over the bytes as
 * they are in the file, so the signed part is cut out, never re-encoded.
 */
export function sequenceElements(der: Buffer): Buffer[] {
  const outer = tlv(der, 0);
  if (der[0] !== 0x30 || outer.end !== der.length) throw new Error('not a single DER SEQUENCE');
  const out: Buffer[] = [];
  for (let at = outer.contentStart; at < outer.end; ) {
    const el = tlv(der, at);
    if (el.end > outer.end) throw new Error('element overruns its SEQUENCE');
    out.push(der.subarray(at, el.end));
    at = el.end;
  }
  return out;
}

function tlv(der: Buffer, at: number): { contentStart: number; end: number } {
  if (at + 2 > der.length) throw new Error('truncated DER');
  if ((der[at]! & 0x1f) === 0x1f) throw new Error('high tag numbers are not used here');
  const first = der[at + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = at + 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    if (at + 2 + n > der.length) throw new Error('truncated DER');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[at + 2 + i]!;
    contentStart = at + 2 + n;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated DER');
  return { contentStart, end };
}
