// Every certificate problem the node can meet, with the sentence the county IT person
// reads. The code is for programs (sync stops with link 'certificate', the CLI exits with
// it); the message is for people and says what is wrong and, where it helps, what to do.
// Builders below keep the wording in one place, so the UI, the CLI and the sync status
// say the same thing.
import { formatBeijingDateTime } from './dates';

export const CERTIFICATE_ERROR_CODES = [
  'KEY_MISMATCH',
  'UNTRUSTED_CHAIN',
  'NOT_YET_VALID',
  'EXPIRED',
  'NO_CLIENT_AUTH',
  'REVOKED',
  'WRONG_PASSWORD',
  'DAMAGED_FILE',
  'NO_ROOT',
  'NOT_A_CA',
  /** A PKCS#12 cipher/MAC or a signature algorithm we do not implement. */
  'UNSUPPORTED_ALGORITHM',
  /** A CRL that is not signed by the expected CA, or cannot be read. */
  'INVALID_CRL',
  /** CSR input (province, unit name, credit code…) that cannot go into a certificate subject. */
  'INVALID_SUBJECT',
] as const;

export type CertificateErrorCode = (typeof CERTIFICATE_ERROR_CODES)[number];

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
  constructor(
    readonly code: CertificateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCertificateError(error: unknown): error is CertificateError {
  return error instanceof CertificateError;
}

/** "节点证书" for the leaf, "中间证书「…」" / "省级根证书「…」" for the others. */
export type CertificateRole = { kind: 'leaf' } | { kind: 'intermediate'; name: string } | { kind: 'root'; name: string };

function roleText(role: CertificateRole): string {
  switch (role.kind) {
    case 'leaf':
      return '证书';
    case 'intermediate':
      return `中间证书「${role.name}」`;
    case 'root':
      return `省级根证书「${role.name}」`;
  }
}

export const certificateErrors = {
  keyMismatch: () =>
    new CertificateError('KEY_MISMATCH', '证书与本节点密钥不匹配（可能导入了别的节点的证书，或导入的是重新生成证书申请之前的旧证书）'),

  untrustedChain: (issuer: string, root: string) =>
    new CertificateError(
      'UNTRUSTED_CHAIN',
      `证书链无法追溯到省级根证书：证书由「${issuer}」签发，与本节点设置的省级根证书「${root}」对不上。请确认证书由省级 CA 签发，并把中间证书一起导入`,
    ),

  notYetValid: (notBefore: Date, role: CertificateRole = { kind: 'leaf' }) =>
    new CertificateError(
      'NOT_YET_VALID',
      `${roleText(role)}尚未生效（生效时间 ${formatBeijingDateTime(notBefore)}），请到时再导入，或检查本机的日期和时间是否正确`,
    ),

  expired: (notAfter: Date, role: CertificateRole = { kind: 'leaf' }) =>
    new CertificateError(
      'EXPIRED',
      `${roleText(role)}已于 ${formatBeijingDateTime(notAfter)} 过期，请向省级 CA 申请新证书（若确信未过期，请检查本机的日期和时间）`,
    ),

  noClientAuth: (detail: 'missing-eku' | 'eku-without-client-auth' | 'key-usage') =>
    new CertificateError(
      'NO_CLIENT_AUTH',
      detail === 'key-usage'
        ? '证书未授权用于客户端身份认证（密钥用法缺少 digitalSignature），请向省级 CA 申请客户端证书'
        : detail === 'missing-eku'
          ? '证书未授权用于客户端身份认证（缺少 clientAuth 用途，证书没有写明扩展密钥用法），请向省级 CA 申请客户端证书'
          : '证书未授权用于客户端身份认证（缺少 clientAuth 用途，可能导入了服务器证书），请向省级 CA 申请客户端证书',
    ),

  revoked: (crlThisUpdate: Date, role: CertificateRole = { kind: 'leaf' }) =>
    new CertificateError(
      'REVOKED',
      `${roleText(role)}已被吊销（吊销列表更新时间 ${formatBeijingDateTime(crlThisUpdate)}），请向省级 CA 申请新证书`,
    ),

  wrongPassword: (cause?: unknown) => new CertificateError('WRONG_PASSWORD', '证书文件密码不正确', { cause }),

  damagedFile: (detail?: string, cause?: unknown) =>
    new CertificateError('DAMAGED_FILE', detail ? `文件已损坏或不是证书文件（${detail}）` : '文件已损坏或不是证书文件', { cause }),

  noRoot: () => new CertificateError('NO_ROOT', '尚未设置省级根证书，请先导入省级 CA 提供的根证书'),

  notACa: (name: string, why: 'not-ca' | 'not-self-signed' | 'no-cert-sign') =>
    new CertificateError(
      'NOT_A_CA',
      why === 'not-self-signed'
        ? `「${name}」不是自签名的根证书，不能设为省级根证书（请导入省级 CA 的根证书本身，而不是它签发的证书）`
        : why === 'no-cert-sign'
          ? `「${name}」未被授权签发证书（密钥用法缺少 keyCertSign），不能作为 CA 证书`
          : `「${name}」不是 CA 证书，不能用来签发或验证其他证书`,
    ),

  unsupportedAlgorithm: (what: string, hint: string) =>
    new CertificateError('UNSUPPORTED_ALGORITHM', `文件使用了本程序不支持的算法（${what}），${hint}`),

  invalidCrl: (detail: string, cause?: unknown) => new CertificateError('INVALID_CRL', `证书吊销列表无效：${detail}`, { cause }),

  invalidSubject: (detail: string) => new CertificateError('INVALID_SUBJECT', `证书申请信息不正确：${detail}`),
};
