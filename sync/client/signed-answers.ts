// The exchange's signed answers about this node — its high-water marks (GET
// /v1/nodes/{nodeId}/high-water-mark: a restored node settles its new epoch on them,
// main/backup/reconcile.ts) and the audit head it holds (GET …/audit-head: the base of the
// next consistency proof, main/audit/public-chain.ts). Believed only when signed by the
// receipt-signing certificate the node already trusts and naming this node.
import type { z } from 'zod';
import { auditBaseSchema, highWaterMarkSchema, signedSchema, type AuditBase, type HighWaterMark } from '../protocol/messages';
import { certFingerprint, verify } from '../protocol/signing';
import { ReceiptError } from './receipt';

const signedHighWaterMarkSchema = signedSchema(highWaterMarkSchema);
const signedAuditBaseSchema = signedSchema(auditBaseSchema);

export function verifyHighWaterMark(raw: unknown, nodeId: string, signerPem: string): HighWaterMark {
  return verifySignedAnswer(signedHighWaterMarkSchema, raw, nodeId, signerPem, '高水位');
}

export function verifyAuditBase(raw: unknown, nodeId: string, signerPem: string): AuditBase {
  return verifySignedAnswer(signedAuditBaseSchema, raw, nodeId, signerPem, '审计链头');
}

function verifySignedAnswer<T extends { nodeId: string }>(
  schema: z.ZodType<{ body: T; signature: z.infer<ReturnType<typeof signedSchema>>['signature'] }>,
  raw: unknown,
  nodeId: string,
  signerPem: string,
  what: string,
): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ReceiptError(`交换平台的${what}应答格式不符合交换协议：${parsed.error.issues[0]?.message ?? ''}`);
  const signed = parsed.data;
  if (!signerPem || signed.signature.certFingerprint !== certFingerprint(signerPem)) throw new ReceiptError(`交换平台的${what}应答不是由已知的回执签名证书签署`);
  if (!verify(signed, signerPem)) throw new ReceiptError(`交换平台${what}应答的签名与内容不符`);
  if (signed.body.nodeId !== nodeId) throw new ReceiptError(`交换平台的${what}应答不是对本节点的答复`);
  return signed.body;
}
