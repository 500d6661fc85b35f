// The catalog decides what a node shares: a forged one could turn a 不予共享 resource
// shareable. So a catalog is believed only when the exchange's receipt-signing certificate
// (already checked against the pinned root, see receipt.ts) signed its envelope.
import { catalogEnvelopeSchema, signedSchema } from '../protocol/messages';
import { certFingerprint, verify } from '../protocol/signing';
import { ReceiptError } from './receipt';

const signedEnvelopeSchema = signedSchema(catalogEnvelopeSchema);

export interface VerifiedCatalog {
  version: string;
  serial: number;
  catalog: unknown;
}

/** Throws ReceiptError unless raw is a catalog envelope signed by signerPem, unaltered. */
export function verifyCatalogEnvelope(raw: unknown, signerPem: string): VerifiedCatalog {
  const parsed = signedEnvelopeSchema.safeParse(raw);
  if (!parsed.success) throw new ReceiptError('交换平台下发的资源目录未签名或格式不符合交换协议');
  if (!signerPem || parsed.data.signature.certFingerprint !== certFingerprint(signerPem)) {
    throw new ReceiptError('交换平台下发的资源目录不是由已知的回执签名证书签署');
  }
  if (!verify(parsed.data, signerPem)) throw new ReceiptError('交换平台下发的资源目录签名与内容不符');
  const { version, serial, catalog } = parsed.data.body;
  return { version, serial, catalog };
}

/** The operator's sentence: the refused catalog is not used, the current one stays. */
export function catalogRefusedProblem(currentVersion: string): string {
  return `交换平台下发的资源目录未签名或签名无效，已拒绝，仍使用现有目录 ${currentVersion} 版`;
}

/** A signed catalog older than the one in force (a replay): refused, the message is the operator's sentence. */
export class CatalogRefusedError extends Error {
  override name = 'CatalogRefusedError';
}

export function catalogOlderProblem(currentVersion: string, currentSerial: number, offeredSerial: number): string {
  return `交换平台下发的资源目录（发布序号 ${offeredSerial}）早于现有目录（发布序号 ${currentSerial}），已拒绝，仍使用现有目录 ${currentVersion} 版`;
}
