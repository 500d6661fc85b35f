// The certificate request (PKCS#10) the node hands to the provincial CA.
//
// Subject, in this order:  C=CN, ST=province, L=county, O=unit name,
//                          serialNumber=unified social credit code, CN=node id
// The credit code goes in the subject's serialNumber attribute (2.5.4.5): X.520 defines it
// as an identifier of the subject itself, and it is where the CA/Browser Forum guidelines
// put an organisation's registration number. OU would also work, but it is a free-text
// department name that CAs increasingly strip (public CAs dropped it in 2022), while a
// serialNumber keeps the code machine-readable for the exchange.
//
// Encoding: C and serialNumber are PrintableString (X.520 requires it for C; the code is
// digits and capitals); the Chinese fields and CN are UTF8String, as RFC 5280 asks of new
// certificates. forge builds the structure; the signature is made by Node's crypto, so the
// private key never enters forge's JavaScript RSA and any key Node can read would work.
//
// Requested extensions: keyUsage digitalSignature + keyEncipherment (critical) and
// extendedKeyUsage clientAuth — a hint only, the CA decides what it signs.
import { sign as signData } from 'node:crypto';
import forge from 'node-forge';
import { validateCreditCode } from '../common/catalog/credit-code';
import { certificateErrors } from './errors';
import { children, fromBinary, parseDer, readName, readOid, type NameAttribute } from './asn1';
import { loadPrivateKey, publicKeyPemOf } from './node-key';
import { parsePemBlocks } from './pem';

export interface CsrSubject {
  /** 省, e.g. 海南省 */
  province: string;
  /** 县/区, e.g. 琼中黎族苗族自治县 */
  county: string;
  /** 单位名称, e.g. 琼中县湾岭镇人民政府 */
  unitName: string;
  /** The node id (UUID) — the certificate's CN. */
  nodeId: string;
  /** 统一社会信用代码 (18 characters, GB 32100). */
  creditCode: string;
}

export interface CreateCsrInput {
  /** PKCS#8 (or PKCS#1) PEM of the node's RSA key. */
  privateKeyPem: string;
  subject: CsrSubject;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

// Upper bounds from RFC 5280 appendix A (characters).
const LIMITS = { province: 128, county: 128, unitName: 64, nodeId: 64 } as const;
const LABELS = { province: '省份', county: '县（区）', unitName: '单位名称', nodeId: '节点编号' } as const;

function cleanField(key: keyof typeof LIMITS, raw: string): string {
  const value = raw.normalize('NFC').trim();
  if (value === '') throw certificateErrors.invalidSubject(`${LABELS[key]}不能为空`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw certificateErrors.invalidSubject(`${LABELS[key]}含有控制字符`);
  if ([...value].length > LIMITS[key]) throw certificateErrors.invalidSubject(`${LABELS[key]}过长（最多 ${LIMITS[key]} 个字）`);
  return value;
}

/** The subject as it will be written, after validation. */
export function csrSubjectAttributes(subject: CsrSubject): Array<{ oid: string; value: string; utf8: boolean }> {
  const credit = validateCreditCode(subject.creditCode);
  if (!credit.ok) throw certificateErrors.invalidSubject(`统一社会信用代码${credit.message}`);
  return [
    { oid: '2.5.4.6', value: 'CN', utf8: false },
    { oid: '2.5.4.8', value: cleanField('province', subject.province), utf8: true },
    { oid: '2.5.4.7', value: cleanField('county', subject.county), utf8: true },
    { oid: '2.5.4.10', value: cleanField('unitName', subject.unitName), utf8: true },
    { oid: '2.5.4.5', value: credit.value, utf8: false },
    { oid: '2.5.4.3', value: cleanField('nodeId', subject.nodeId), utf8: true },
  ];
}

/** A PEM "CERTIFICATE REQUEST" for the provincial CA. */
export function createCsr(input: CreateCsrInput): string {
  const key = loadPrivateKey(input.privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw certificateErrors.invalidSubject('节点密钥必须是 RSA 密钥');
  const attributes = csrSubjectAttributes(input.subject);

  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKeyPemOf(input.privateKeyPem));
  // forge UTF-8-encodes values itself when valueTagClass is UTF8: pass JS strings.
  csr.setSubject(
    attributes.map((a) => ({
      type: a.oid,
      value: a.value,
      // (typed as asn1.Class in @types/node-forge, but forge reads it as the string tag type)
      valueTagClass: (a.utf8 ? forge.asn1.Type.UTF8 : forge.asn1.Type.PRINTABLESTRING) as unknown as forge.asn1.Class,
    })),
  );
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', clientAuth: true },
      ],
    },
  ]);

  // Sign the CertificationRequestInfo with Node's crypto, then let forge assemble the rest.
  // getCertificationRequestInfo exists in forge but is missing from @types/node-forge.
  const pki = forge.pki as unknown as { getCertificationRequestInfo(csr: forge.pki.CertificateSigningRequest): forge.asn1.Asn1 };
  const info = pki.getCertificationRequestInfo(csr);
  const infoDer = fromBinary(forge.asn1.toDer(info).getBytes());
  const signature = signData('sha256', infoDer, key);
  const signed = csr as forge.pki.CertificateSigningRequest & { certificationRequestInfo: forge.asn1.Asn1; signatureOid: string; signature: string };
  signed.certificationRequestInfo = info;
  signed.signatureOid = SHA256_WITH_RSA;
  signed.signature = signature.toString('binary');
  return forge.pki.certificationRequestToPem(signed).replace(/\r\n/g, '\n');
}

/** The subject of a CSR as written (for showing the pending request, and for tests). */
export function readCsrSubject(csrPem: string): NameAttribute[] {
  const block = parsePemBlocks(csrPem).find((b) => b.label === 'CERTIFICATE REQUEST' || b.label === 'NEW CERTIFICATE REQUEST');
  if (!block) throw certificateErrors.damagedFile('不是证书申请（CSR）文件');
  try {
    const [info, alg] = children(parseDer(block.der), 'CertificationRequest');
    readOid(children(alg, 'signatureAlgorithm')[0]);
    return readName(children(info, 'CertificationRequestInfo')[1], 'subject');
  } catch (cause) {
    throw certificateErrors.damagedFile('证书申请（CSR）内容无法解析', cause);
  }
}
