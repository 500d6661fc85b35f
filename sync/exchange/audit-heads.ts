// How the exchange judges the signed audit head in a heartbeat (docs/protocol.md, "Signed
// audit head"). It keeps every head it accepted; a new one must be signed by the key of the
// certificate the node connected with, and must extend the last: its sequence may not go
// backwards, and the HMACs the heartbeat carries must fold the exchange's link into the new
// one (sync/protocol/audit-chain.ts). A node restored to an older backup cannot extend; when
// it says so — its signed head names the gap and the head the exchange holds — the exchange
// takes the restored chain as a new base, and still shows the gap. Pure: judged here, stored
// by store.ts, answered by routes.ts.
import { foldLinks, GENESIS_LINK } from '../protocol/audit-chain';
import type { HeartbeatAuditHead } from '../protocol/messages';
import { verify } from '../protocol/signing';

export interface PublicHead {
  seq: number;
  link: string;
}

/** Why a head is an anomaly, in the words of the node listing (审计链异常（…）). */
export const AUDIT_ANOMALIES = {
  AUDIT_SEQ_BACKWARDS: '序号倒退',
  AUDIT_HEAD_NOT_EXTENDING: '链头不连续',
  AUDIT_HEAD_BAD_SIGNATURE: '签名无效',
  AUDIT_RESTORED_GAP: '节点恢复到较早备份',
} as const;
export type AuditAnomalyCode = keyof typeof AUDIT_ANOMALIES;

export type HeadVerdict =
  /** A heartbeat without a signed head from a node that never sent one (an older node). */
  | { outcome: 'none' }
  /** Extends the last head (or is the first); `same`: the head the exchange already holds. */
  | { outcome: 'accepted'; head: PublicHead; same: boolean }
  /** An explained restore: the new base, shown as an anomaly with its reason. */
  | { outcome: 'gap'; head: PublicHead; code: 'AUDIT_RESTORED_GAP'; reason: string }
  /** Refused: stored as an anomaly, answered with the code; the last head stays the base. */
  | { outcome: 'refused'; head: PublicHead | null; code: Exclude<AuditAnomalyCode, 'AUDIT_RESTORED_GAP'>; reason: string };

export interface JudgeInput {
  /** The node as its client certificate names it, and that certificate. */
  nodeId: string;
  certPem: string;
  head: HeartbeatAuditHead;
  /** The last head accepted for the node (since its last explained gap); null: none yet. */
  last: PublicHead | null;
  /** The link of an accepted head at this seq (since the last explained gap), if the exchange holds one. */
  acceptedLinkAt(seq: number): string | undefined;
}

export function judgeAuditHead(input: JudgeInput): HeadVerdict {
  const { head, last } = input;
  if (!head.signed) {
    if (!last) return { outcome: 'none' };
    return { outcome: 'refused', head: null, code: 'AUDIT_HEAD_BAD_SIGNATURE', reason: '心跳没有附带签名的审计链头，而此前一直附带' };
  }
  const statement = head.signed.body;
  const claimed = { seq: statement.seq, link: statement.link };
  if (statement.nodeId !== input.nodeId || !signedBy(head.signed, input.certPem)) {
    return { outcome: 'refused', head: claimed, code: 'AUDIT_HEAD_BAD_SIGNATURE', reason: `审计链头（序号 ${statement.seq}）的签名与本次连接使用的节点证书不符` };
  }
  const gap = statement.gap;
  if (last && gap && gap.reported.seq === last.seq && gap.reported.link === last.link && statement.seq >= gap.entrySeq) {
    return { outcome: 'gap', head: claimed, code: 'AUDIT_RESTORED_GAP', reason: `审计序号 ${gap.lostFrom}–${gap.lostTo} 的记录不在本机（节点已记录缺口，恢复后的链从序号 ${statement.seq} 起重新核对）` };
  }
  if (last && statement.seq < last.seq) {
    return { outcome: 'refused', head: claimed, code: 'AUDIT_SEQ_BACKWARDS', reason: `本次上报审计序号 ${statement.seq}，平台已记录到 ${last.seq}；节点可能恢复到了较早的备份，或审计记录被截断` };
  }
  if (last && statement.seq === last.seq) {
    if (statement.link === last.link) return { outcome: 'accepted', head: claimed, same: true };
    return { outcome: 'refused', head: claimed, code: 'AUDIT_HEAD_NOT_EXTENDING', reason: notExtending(last) };
  }
  const proof = head.proof;
  if (!proof) {
    if (!last) return { outcome: 'accepted', head: claimed, same: false }; // first contact without a proof: the base
    return { outcome: 'refused', head: claimed, code: 'AUDIT_HEAD_NOT_EXTENDING', reason: `审计序号 ${last.seq} 之后没有附带衔接证明` };
  }
  const fromLink = proof.fromSeq === 0 ? GENESIS_LINK : proof.fromSeq === last?.seq ? last.link : input.acceptedLinkAt(proof.fromSeq);
  const fits = proof.fromSeq + proof.hmacs.length === statement.seq && (!last || proof.fromSeq <= last.seq);
  if (fromLink === undefined || !fits) {
    if (!last) return { outcome: 'accepted', head: claimed, same: false }; // a base the exchange cannot check yet
    return { outcome: 'refused', head: claimed, code: 'AUDIT_HEAD_NOT_EXTENDING', reason: `衔接证明不是从平台已记录的链头（序号 ${last.seq}）开始` };
  }
  const folded = foldLinks(proof.fromSeq, fromLink, proof.hmacs, last ?? undefined);
  if (folded !== statement.link) {
    return { outcome: 'refused', head: claimed, code: 'AUDIT_HEAD_NOT_EXTENDING', reason: last ? notExtending(last) : '审计链头与所附的审计记录校验值不符' };
  }
  return { outcome: 'accepted', head: claimed, same: false };
}

function notExtending(last: PublicHead): string {
  return `新的审计链头无法与平台已记录的链头（序号 ${last.seq}）衔接，序号 ${last.seq} 及以前的审计记录可能已被改写`;
}

function signedBy(signed: NonNullable<HeartbeatAuditHead['signed']>, certPem: string): boolean {
  try {
    return verify(signed, certPem);
  } catch {
    return false; // a body canonical JSON cannot express is as bad as a wrong signature
  }
}
