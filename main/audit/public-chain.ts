// The audit log as the provincial exchange sees it: the keyless public chain over the
// entries' HMACs (sync/protocol/audit-chain.ts), a head of it signed with the node's
// client-certificate key, and the HMACs since the head the exchange last accepted — a
// consistency proof in the spirit of Certificate Transparency (docs/protocol.md, "Signed
// audit head"). The exchange keeps every signed head; an admin who rewrites history with the
// database key cannot produce HMACs that lead from the exchange's head to a new one.
import { MAX_AUDIT_PROOF_LINKS, type AuditHeadStatement, type HeartbeatAuditHead } from '../../sync/protocol/messages';
import { sign } from '../../sync/protocol/signing';
import type { AuditGapAlarm, AuditRepo, PublicAuditHead, RecordedAuditGap } from '../store/audit-repo';

/** How long the dashboard shows the alarm of a restore that lost audit entries. */
export const GAP_ALARM_DAYS = 7;

/** The end of a chain as a restore carries it forward: the HMAC head, its link, and what was reported. */
export interface AuditTail {
  seq: number;
  hash: string;
  link: string;
  reported: PublicAuditHead | null;
}

/** The key the node signs with: its mTLS client certificate's. */
export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
}

export class PublicChain {
  constructor(
    private readonly repo: AuditRepo,
    private readonly hmacHead: () => { seq: number; hash: string },
  ) {}

  tail(): AuditTail {
    const head = this.hmacHead();
    return { ...head, link: this.repo.linkAt(head.seq) ?? '', reported: this.repo.reportedHead() ?? null };
  }

  /**
   * The heartbeat's audit head: the HMAC head as always and, with a signing identity, a signed
   * public head with the proof from the last accepted one. At most `cap` HMACs travel; a node
   * further behind signs the intermediate head they reach, and sends the rest next time.
   */
  report(nodeId: string, identity: SigningIdentity | null, signedAt: Date, cap = MAX_AUDIT_PROOF_LINKS): HeartbeatAuditHead {
    const head = this.hmacHead();
    if (!identity) return head;
    const gap = this.repo.pendingGap();
    if (gap && gap.entrySeq <= head.seq) {
      // The restored chain does not extend what the exchange holds; the gap explains why.
      return { ...head, signed: sign(this.statement(nodeId, head.seq, signedAt, gap), identity.privateKeyPem, identity.certificatePem) };
    }
    const reported = this.repo.reportedHead();
    // A reported head beyond this chain (a restore without a recorded gap): no proof can
    // reach it; the head is sent as it is and the exchange sees the sequence go backwards.
    const from = reported && reported.seq <= head.seq ? reported.seq : 0;
    const upTo = reported && reported.seq > head.seq ? head.seq : Math.min(head.seq, from + Math.max(1, cap));
    const statement = this.statement(nodeId, upTo, signedAt);
    const signed = sign(statement, identity.privateKeyPem, identity.certificatePem);
    if (reported && reported.seq > head.seq) return { ...head, signed };
    return { ...head, signed, proof: { fromSeq: from, hmacs: this.repo.hmacsBetween(from, upTo) } };
  }

  /**
   * The exchange accepted this heartbeat: its signed head is the base of the next proof, and a
   * gap it carried has been heard. True when the proof was capped: the head sent then was
   * further on than the signed one (entries appended since are reported on the usual schedule).
   */
  acknowledge(sent: HeartbeatAuditHead): boolean {
    if (!sent.signed) return false;
    const statement = sent.signed.body;
    this.repo.setReportedHead({ seq: statement.seq, link: statement.link });
    if (statement.gap) this.repo.setPendingGap(null);
    return statement.seq < sent.seq;
  }

  /**
   * Recorded by a restore, after appending the gap entry to the restored chain: the alarm,
   * and — when the replaced chain had reported a head — the gap the next heartbeat names.
   */
  recordGap(gap: Omit<RecordedAuditGap, 'reported'> & { reported: PublicAuditHead | null }, restoredAt: string): void {
    this.repo.setGapAlarm({ lostFrom: gap.lostFrom, lostTo: gap.lostTo, restoredAt });
    if (!gap.reported) return;
    this.repo.setPendingGap({ ...gap, reported: gap.reported });
    // What the exchange was told belongs to the replaced chain; the next proof starts afresh.
    this.repo.setReportedHead(gap.reported);
  }

  /** The alarm of a restore that lost audit entries, for GAP_ALARM_DAYS after it; else null. */
  gapAlarm(now: Date): AuditGapAlarm | null {
    const alarm = this.repo.gapAlarm();
    if (!alarm || now.getTime() - Date.parse(alarm.restoredAt) > GAP_ALARM_DAYS * 86_400_000) return null;
    return alarm;
  }

  private statement(nodeId: string, seq: number, signedAt: Date, gap?: RecordedAuditGap): AuditHeadStatement {
    const link = this.repo.linkAt(seq);
    if (link === undefined) throw new Error(`audit chain link ${seq} is missing`);
    return { nodeId, seq, link, signedAt: signedAt.toISOString(), ...(gap ? { gap } : {}) };
  }
}
