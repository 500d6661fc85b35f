// The audit log as the provincial exchange sees it: the keyless public chain over the
// entries' HMACs (sync/protocol/audit-chain.ts), a head of it signed with the node's
// client-certificate key, and the HMACs since the head the exchange last accepted — a
// consistency proof in the spirit of Certificate Transparency (docs/protocol.md, "Signed
// audit head"). The exchange keeps every signed head; an admin who rewrites history with the
// database key cannot produce HMACs that lead from the exchange's head to a new one.
import { BASE_AUDIT_PROOF_LINKS, type AuditHeadStatement, type HeartbeatAuditHead } from '../../sync/protocol/messages';
import { sign } from '../../sync/protocol/signing';
import type { AuditGapAlarm, AuditRepo, PublicAuditHead, RecordedAuditGap } from '../store/audit-repo';
import type { AuditEvent } from './audit-log';

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
    /** Appends to the audit log this chain runs beside (a gap is an entry of its own). */
    private readonly appendEntry: (event: AuditEvent) => void,
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
  report(nodeId: string, identity: SigningIdentity | null, signedAt: Date, cap = BASE_AUDIT_PROOF_LINKS): HeartbeatAuditHead {
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
   * Entries the exchange has not been given the proof of yet: those after the head it accepted
   * (all of them before the first). 0 when that head lies beyond this chain (a restore: the gap
   * explains it, nothing is proven).
   */
  unproven(): number {
    return Math.max(0, this.hmacHead().seq - (this.repo.reportedHead()?.seq ?? 0));
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
    // The exchange follows this chain now: a restore has nothing left to reconcile.
    this.repo.setRestoredChainEnd(null);
    return statement.seq < sent.seq;
  }

  /**
   * A restore prepares the restored chain (restore-prepare.ts): `restoredSeq` is where the
   * backup's chain ended. When the replaced chain went further (`tail`, read just before the
   * swap), the entries after the backup are not on the node any more: a gap entry names them
   * and carries the old tail forward. Until the exchange accepts a head, the node remembers
   * where the backup ended, so the exchange's own head can still explain a gap (resync).
   */
  prepareRestored(restoredSeq: number, tail: AuditTail | null, restoredAt: string): void {
    this.repo.setRestoredChainEnd(restoredSeq);
    if (!tail || tail.seq <= restoredSeq) return;
    this.appendGap(restoredSeq, tail.seq, { tailSeq: tail.seq, tailHash: tail.hash, tailLink: tail.link, reportedSeq: tail.reported?.seq ?? 0 }, tail.reported, restoredAt);
  }

  /**
   * The head the exchange holds for this node (GET auditBase), asked after a restore and after
   * a refused heartbeat. True when the next heartbeat differs because of it:
   * - this chain holds that head: the next proof starts from it (the answer to an accepted
   *   heartbeat was lost, or the province cleared an anomaly and took the refused head as base);
   * - a restored chain that ended before it: the entries up to it are recorded as a gap that
   *   names the exchange's head, and the alarm is raised — as a restore over a running node does.
   * Anything else (a rewritten history) stays refused: the node never signs a gap it cannot explain.
   */
  resync(base: PublicAuditHead | null, now: Date): boolean {
    if (!base) return false;
    return this.repo.together(() => this.resyncNow(base, now));
  }

  private resyncNow(base: PublicAuditHead, now: Date): boolean {
    const reported = this.repo.reportedHead();
    if (this.repo.linkAt(base.seq) === base.link) {
      if (reported?.seq === base.seq && reported.link === base.link && !this.repo.pendingGap()) return false;
      this.repo.setReportedHead(base);
      // Nothing the exchange holds is missing here: a gap would only confuse it.
      this.repo.setPendingGap(null);
      return true;
    }
    const restoredSeq = this.repo.restoredChainEnd();
    if (restoredSeq === undefined || base.seq <= restoredSeq) return false;
    const pending = this.repo.pendingGap();
    if (pending) {
      if (pending.reported.seq === base.seq && pending.reported.link === base.link) return false;
      this.repo.setPendingGap({ ...pending, lostTo: Math.max(pending.lostTo, base.seq), reported: base });
      this.repo.setReportedHead(base);
      return true;
    }
    this.appendGap(restoredSeq, base.seq, { tailSeq: base.seq, tailLink: base.link, reportedSeq: base.seq, source: 'exchange' }, base, now.toISOString());
    return true;
  }

  /** The gap entry 「恢复到较早的备份：审计序号 X–Y 的记录不在本机」, the alarm, and the gap the next heartbeat names. */
  private appendGap(restoredSeq: number, lostTo: number, detail: Record<string, string | number>, reported: PublicAuditHead | null, restoredAt: string): void {
    const lostFrom = restoredSeq + 1;
    this.appendEntry({ actor: 'system', role: 'system', action: 'audit.gap', outcome: 'success', detail: { lostFrom, lostTo, ...detail } });
    this.repo.setGapAlarm({ lostFrom, lostTo, restoredAt });
    if (!reported) return;
    this.repo.setPendingGap({ entrySeq: this.hmacHead().seq, lostFrom, lostTo, reported });
    // What the exchange was told belongs to the replaced chain; the next proof starts afresh.
    this.repo.setReportedHead(reported);
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
