// Receipts (回执) are believed only when signed by the exchange's receipt-signing
// certificate, and that certificate is believed only when the pinned provincial root issued
// it for signing: not a CA, keyUsage carrying nonRepudiation (contentCommitment), which the
// province's TLS client and server certificates do not carry. So a node certificate (or a
// stolen TLS server key) cannot forge receipts that would retire rows never delivered.
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { receiptSchema, signedSchema, type Receipt, type ReceiptOutcomes } from '../protocol/messages';
import { receiptV2Items, receiptV2Schema } from '../protocol/batch-v2';
import { certFingerprint, verify } from '../protocol/signing';
import { certificateDates, chainsTo } from './own-certificate';
import { PROBLEMS } from './failures';
import { normaliseSerial } from '../../certs/asn1';

const signedReceiptSchema = signedSchema(receiptSchema);
const signedReceiptV2Schema = signedSchema(receiptV2Schema);

export class ReceiptError extends Error {
  override name = 'ReceiptError';
}

/** The signing certificate is on the node's CRL: the operator gets PROBLEMS.signingRevoked. */
export class SigningRevokedError extends ReceiptError {
  override name = 'SigningRevokedError';
}

/** Throws ReceiptError (Chinese) unless pem is a receipt-signing certificate of the pinned root, valid now. */
export function checkSigningCertificate(pem: string, rootPem: string, now: Date, intermediatePems: string[] = [], revokedSerials: ReadonlySet<string> = new Set()): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new ReceiptError('交换平台的回执签名证书无法解析');
  }
  if (!chainsTo(cert, intermediatePems, new X509Certificate(rootPem))) throw new ReceiptError('交换平台的回执签名证书不是由省级根证书签发');
  if (cert.ca) throw new ReceiptError('交换平台的回执签名证书是 CA 证书，不能用于签署回执');
  // The stored CRL is verified against the same root: a revoked signer's receipts and catalogs are worthless.
  if (revokedSerials.has(normaliseSerial(cert.serialNumber))) throw new SigningRevokedError(PROBLEMS.signingRevoked);
  const { notBefore, notAfter } = certificateDates(cert);
  if (now < notBefore || now > notAfter) throw new ReceiptError('交换平台的回执签名证书不在有效期内');
  type KeyUsage = { digitalSignature?: boolean; nonRepudiation?: boolean };
  let usage: KeyUsage | null = null;
  try {
    usage = (forge.pki.certificateFromPem(pem).getExtension('keyUsage') as unknown as KeyUsage | undefined) ?? null;
  } catch {
    usage = null;
  }
  if (!usage || !usage.digitalSignature || !usage.nonRepudiation) {
    throw new ReceiptError('交换平台的回执签名证书的密钥用法不含“数字签名”与“不可否认”，不是回执签名证书');
  }
}

export interface ExpectedReceipt {
  nodeId: string;
  epoch: number;
  batchId: string;
  seqs: readonly number[];
}

/**
 * Parses and verifies one signed receipt against the batch it answers. Returns the receipt
 * and the canonical text to store; throws ReceiptError when anything does not hold.
 */
export function verifyReceipt(raw: unknown, expected: ExpectedReceipt, signerPem: string): Receipt {
  const parsed = signedReceiptSchema.safeParse(raw);
  if (!parsed.success) throw new ReceiptError(`交换平台的回执格式不符合交换协议：${parsed.error.issues[0]?.message ?? ''}`);
  const signed = parsed.data;
  if (signed.signature.certFingerprint !== certFingerprint(signerPem)) throw new ReceiptError('交换平台的回执不是由已知的回执签名证书签署');
  if (!verify(signed, signerPem)) throw new ReceiptError('交换平台回执的签名与内容不符');
  const r = signed.body;
  if (r.nodeId !== expected.nodeId || r.epoch !== expected.epoch || r.batchId !== expected.batchId) {
    throw new ReceiptError('交换平台的回执不是对本批次的答复（节点、纪元或批次编号不符）');
  }
  const sent = new Set(expected.seqs);
  for (const item of r.items) {
    if (!sent.has(item.seq)) throw new ReceiptError(`交换平台的回执含有本批次没有的序号 ${item.seq}`);
  }
  return r;
}

export interface ExpectedReceiptV2 extends ExpectedReceipt {
  /** sha256 of the compressed body the node sent (batch-v2.ts batchDigest). */
  batchDigest: string;
}

/**
 * Protocol v2: verifies a signed receipt against the batch it answers — the same signer and
 * batch checks as v1, plus the digest of exactly the bytes sent and one outcome per item
 * sent. Returns the outcome of every seq, in batch order.
 */
export function verifyReceiptV2(raw: unknown, expected: ExpectedReceiptV2, signerPem: string): ReceiptOutcomes {
  const parsed = signedReceiptV2Schema.safeParse(raw);
  if (!parsed.success) throw new ReceiptError(`交换平台的回执格式不符合交换协议（第 2 版）：${parsed.error.issues[0]?.message ?? ''}`);
  const signed = parsed.data;
  if (signed.signature.certFingerprint !== certFingerprint(signerPem)) throw new ReceiptError('交换平台的回执不是由已知的回执签名证书签署');
  if (!verify(signed, signerPem)) throw new ReceiptError('交换平台回执的签名与内容不符');
  const r = signed.body;
  if (r.nodeId !== expected.nodeId || r.epoch !== expected.epoch || r.batchId !== expected.batchId) {
    throw new ReceiptError('交换平台的回执不是对本批次的答复（节点、纪元或批次编号不符）');
  }
  if (r.batchDigest !== expected.batchDigest) throw new ReceiptError('交换平台回执中的批次摘要与本节点发送的内容不符');
  const items = receiptV2Items(r, expected.seqs);
  if (!items) throw new ReceiptError(`交换平台的回执没有逐条答复本批次的 ${expected.seqs.length} 条记录`);
  return { batchId: r.batchId, epoch: r.epoch, items, highWaterMark: r.highWaterMark, serverTime: r.serverTime };
}
