// Errors the exchange answers with: an HTTP status, a stable code for the client's
// classification and a Chinese message the node can show the operator as is.
// Wire form: { error: { code, message } } (exchangeErrorSchema).

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const errors = {
  notFound: () => new HttpError(404, 'NOT_FOUND', '交换平台没有这个接口'),
  methodNotAllowed: () => new HttpError(405, 'METHOD_NOT_ALLOWED', '该接口不支持这种请求方法'),
  notJson: () => new HttpError(400, 'MALFORMED', '请求内容不是有效的 JSON'),
  malformed: (what: string, detail: string) => new HttpError(400, 'MALFORMED', `${what}格式不符合交换协议：${detail}`),
  tooLarge: (limit: number) => new HttpError(413, 'TOO_LARGE', `请求内容超过交换平台上限（${limit} 字节），请减小批次后重试`),
  unsupportedEncoding: (encoding: string) => new HttpError(415, 'UNSUPPORTED_ENCODING', `不支持的内容编码「${encoding}」，只接受 gzip 或不压缩`),
  badGzip: () => new HttpError(400, 'MALFORMED', '请求内容的 gzip 压缩数据已损坏'),
  unsigned: () => new HttpError(401, 'BAD_SIGNATURE', '请求没有节点签名，交换平台拒绝接收'),
  badSignature: () => new HttpError(401, 'BAD_SIGNATURE', '节点签名验证失败：签名与本次连接使用的节点证书不符，或内容在签名后被改动'),
  noClientCert: () => new HttpError(401, 'NO_CLIENT_CERT', '连接没有提供有效的节点证书'),
  notClientAuth: () => new HttpError(403, 'CERT_NOT_CLIENT_AUTH', '节点证书的扩展密钥用法不含“客户端身份验证”（clientAuth），不能用于连接交换平台'),
  nodeMismatch: (claimed: string, certCn: string) =>
    new HttpError(403, 'NODE_MISMATCH', `请求中的节点编号「${claimed}」与节点证书的通用名（CN）「${certCn}」不一致，交换平台拒绝接收`),
  /** Before anything is kept: the node sends the rest with its next heartbeats once it reads the limit. */
  proofTooLong: (links: number, limit: number) =>
    new HttpError(413, 'TOO_LARGE', `心跳中的审计证明有 ${links} 条，超过交换平台每次接收的上限（${limit} 条），请分次补交`),
  timeout: () => new HttpError(408, 'TIMEOUT', '请求内容接收超时'),
  /** A signed audit head the exchange refuses (audit-heads.ts): kept as an anomaly, shown in the listing. */
  auditChain: (code: string, kind: string, reason: string) => new HttpError(409, code, `审计链异常（${kind}）：${reason}。交换平台已记录，请联系县级主管部门核查`),
  unavailable: () => new HttpError(503, 'UNAVAILABLE', '交换平台暂时无法处理请求，请稍后重试'),
  internal: () => new HttpError(500, 'INTERNAL', '交换平台内部错误，请稍后重试'),
};
