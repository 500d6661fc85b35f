// Every failure of a call to the exchange, sorted into what the engine does about it:
//   network     — no answer (refused, reset, timed out, DNS): back off and retry, keep order
//   server      — 5xx or 429: back off (honouring Retry-After) and retry, keep order
//   certificate — TLS trust problems on either side, 401/403: stop until someone fixes it,
//                 with one exact Chinese sentence per cause (a retry storm fixes nothing)
//   protocol    — an answer we cannot use (malformed, unverifiable receipt, other 4xx):
//                 back off like a server error, but say what is wrong
// Item-level rejections are not failures: they come inside a good receipt.
import { errorCodes } from '../../platform/error-causes';

export type FailureKind = 'network' | 'server' | 'certificate' | 'protocol';

export interface Failure {
  kind: FailureKind;
  /** Chinese, for the operator: what is wrong and what to do. */
  problem: string;
  /** From Retry-After, when the exchange sent one. */
  retryAfterMs?: number | null;
  /** HTTP 413: the batch was too big for the exchange; the engine halves its batch size. */
  tooLarge?: boolean;
}

export const PROBLEMS = {
  notConfiguredUrl: '未配置交换平台地址，请系统管理员在“同步设置”中填写',
  noRoot: '未设置省级根证书，请系统管理员导入省级根证书后再同步',
  noCertificate: '未配置本节点证书，请系统管理员生成证书请求并导入签发的证书',
  ownExpired: '本节点证书已过期，请系统管理员申请并导入新证书',
  ownNotYetValid: '本节点证书尚未生效，请检查本机时间或等待证书生效',
  ownRevoked: '本节点证书已被吊销（见最新证书吊销列表），请系统管理员申请并导入新证书',
  ownNotFromRoot: '本节点证书不是由省级根证书签发，请导入省级 CA 签发的证书',
  ownKeyMismatch: '本节点证书与本节点私钥不匹配，请重新导入证书',
  ownNotClientAuth: '本节点证书的扩展密钥用法不含“客户端身份验证”，不能用于连接交换平台',
  serverNotFromRoot: '服务器证书不是由省级根证书签发（可能连接到了假冒的交换平台），已停止同步；请核对交换平台地址与省级根证书',
  serverWrongHost: '服务器证书的主机名与配置的交换平台地址不符，已停止同步；请核对交换平台地址',
  serverExpired: '交换平台的服务器证书已过期，已停止同步；请联系省交换平台运维',
  serverNotYetValid: '交换平台的服务器证书尚未生效，已停止同步；请检查本机时间',
  serverRevoked: '交换平台的服务器证书已被吊销，已停止同步；请联系省交换平台运维',
  refusedRevoked: '本节点证书已被吊销，交换平台拒绝连接；请系统管理员申请并导入新证书',
  refusedExpired: '交换平台认为本节点证书已过期，拒绝连接；请检查本机时间或更换证书',
  refusedUnknownCa: '本节点证书不是由交换平台信任的机构签发，交换平台拒绝连接',
  refusedRequired: '交换平台要求提供节点证书，但连接中没有有效的节点证书',
  refusedOther: '本节点证书已被吊销或不被交换平台接受，交换平台拒绝连接；请系统管理员核对证书',
  signingRevoked: '交换平台的回执签名证书已被吊销（见最新证书吊销列表），回执与资源目录均不予采信，已停止同步；请联系省交换平台运维',
  diskFull: '磁盘空间不足，本机数据库无法写入：交换平台的回执未能保存，相关数据仍在待上报队列中，不会丢失也不会重复上报。请清理本机磁盘空间，之后将自动重试',
  receiptUnverified: '交换平台回执的签名无法验证（回执签名证书不是由省级根证书签发或签名不符），已停止同步；请联系省交换平台运维',
} as const;

const SERVER_NOT_FROM_ROOT = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
]);

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_CANCELED', // our own deadline (a stop is handled before classification)
  'ERR_BAD_RESPONSE',
]);

/** A failure without an HTTP answer: TLS, socket, DNS, timeout. */
export function classifyError(error: unknown): Failure {
  const codes = errorCodes(error);
  const message = String((error as { message?: unknown })?.message ?? error);
  for (const code of codes) {
    if (SERVER_NOT_FROM_ROOT.has(code)) return certificate(PROBLEMS.serverNotFromRoot);
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return certificate(PROBLEMS.serverWrongHost);
    if (code === 'CERT_HAS_EXPIRED') return certificate(PROBLEMS.serverExpired);
    if (code === 'CERT_NOT_YET_VALID') return certificate(PROBLEMS.serverNotYetValid);
    if (code === 'CERT_REVOKED') return certificate(PROBLEMS.serverRevoked);
    if (code === 'ERR_EXCHANGE_REFUSED_CERTIFICATE') return certificate(PROBLEMS.refusedOther);
    const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/.exec(code);
    if (alert) return certificate(alertProblem(alert[1]!));
  }
  // Alerts sometimes reach us only in the message (e.g. "…:SSL alert number 42").
  const alertNumber = /alert number (\d+)/i.exec(message);
  if (alertNumber) return certificate(alertProblem(ALERT_NAMES[Number(alertNumber[1])] ?? 'OTHER'));
  const network = codes.find((c) => NETWORK.has(c));
  const timedOut = codes.some((c) => c === 'ETIMEDOUT' || c === 'ECONNABORTED' || c === 'ERR_CANCELED') || /timeout/i.test(message);
  if (timedOut) return { kind: 'network', problem: '连接交换平台超时（网络缓慢或中断），将自动重试' };
  if (network === 'ECONNREFUSED') return { kind: 'network', problem: '无法连接交换平台（对方未开放服务或网络中断），将自动重试' };
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') return { kind: 'network', problem: '无法解析交换平台地址（域名解析失败），将自动重试' };
  return { kind: 'network', problem: `与交换平台的连接中断（${codes[0] ?? '网络错误'}），将自动重试` };
}

const ALERT_NAMES: Record<number, string> = {
  40: 'HANDSHAKE_FAILURE',
  42: 'BAD_CERTIFICATE',
  43: 'UNSUPPORTED_CERTIFICATE',
  44: 'CERTIFICATE_REVOKED',
  45: 'CERTIFICATE_EXPIRED',
  46: 'CERTIFICATE_UNKNOWN',
  48: 'UNKNOWN_CA',
  49: 'ACCESS_DENIED',
  116: 'CERTIFICATE_REQUIRED',
};

function alertProblem(name: string): string {
  switch (name) {
    case 'CERTIFICATE_REVOKED':
      return PROBLEMS.refusedRevoked;
    case 'CERTIFICATE_EXPIRED':
      return PROBLEMS.refusedExpired;
    case 'UNKNOWN_CA':
      return PROBLEMS.refusedUnknownCa;
    case 'CERTIFICATE_REQUIRED':
      return PROBLEMS.refusedRequired;
    default:
      return PROBLEMS.refusedOther;
  }
}

function certificate(problem: string): Failure {
  return { kind: 'certificate', problem };
}

/** An HTTP answer other than success. `message` is the exchange's own Chinese message, if any. */
export function classifyStatus(status: number, exchangeMessage: string | null, retryAfterMs: number | null): Failure {
  const said = exchangeMessage ? `：${exchangeMessage}` : '';
  if (status === 401 || status === 403) return certificate(`交换平台拒绝了本节点的身份（HTTP ${status}）${said}`);
  if (status === 429) return { kind: 'server', problem: `交换平台繁忙，要求稍后再发（HTTP 429），将自动重试`, retryAfterMs };
  if (status >= 500) return { kind: 'server', problem: `交换平台暂时无法处理（HTTP ${status}）${said}，将自动重试`, retryAfterMs };
  if (status === 408) return { kind: 'network', problem: '交换平台接收超时（网络缓慢），将自动重试', retryAfterMs };
  if (status === 413) return { kind: 'protocol', problem: `批次超过交换平台上限（HTTP 413），将减小批次后重试`, tooLarge: true, retryAfterMs };
  return { kind: 'protocol', problem: `交换平台拒绝了本次请求（HTTP ${status}）${said}，将稍后重试；如持续出现请联系运维`, retryAfterMs };
}
