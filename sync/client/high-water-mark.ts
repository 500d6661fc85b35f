// The exchange's signed high-water-mark answer (GET /v1/nodes/{nodeId}/high-water-mark),
// believed only when signed by the receipt-signing certificate the node already trusts and
// naming this node. A restored node settles its new epoch on it (main/backup/reconcile.ts).
import { highWaterMarkSchema, signedSchema, type HighWaterMark } from '../protocol/messages';
import { certFingerprint, verify } from '../protocol/signing';
import { ReceiptError } from './receipt';

const signedHighWaterMarkSchema = signedSchema(highWaterMarkSchema);

export function verifyHighWaterMark(raw: unknown, nodeId: string, signerPem: string): HighWaterMark {
  const parsed = signedHighWaterMarkSchema.safeParse(raw);
  if (!parsed.success) throw new ReceiptError(`交换平台的高水位应答格式不符合交换协议：${parsed.error.issues[0]?.message ?? ''}`);
  const signed = parsed.data;
  if (!signerPem || signed.signature.certFingerprint !== certFingerprint(signerPem)) throw new ReceiptError('交换平台的高水位应答不是由已知的回执签名证书签署');
  if (!verify(signed, signerPem)) throw new ReceiptError('交换平台高水位应答的签名与内容不符');
  if (signed.body.nodeId !== nodeId) throw new ReceiptError('交换平台的高水位应答不是对本节点的答复');
  return signed.body;
}
