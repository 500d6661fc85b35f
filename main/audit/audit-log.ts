// The append-only, hash-chained audit log: h_i = HMAC(k, h_{i-1} || canonical(entry_i)).
// Editing, reordering or deleting any entry breaks every hash after it; the chain head is
// also kept in meta (and later reported to the exchange) so cutting off the newest entries
// is detected too. Entries name who, what, when, outcome and target — never record contents
// or secrets: callers pass only identifiers and outcomes in `detail`.
import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../sync/protocol/canonical-json';
import type { AuditAction, AuditVerification } from '../../common/contract';
import type { AuditRepo, AuditRow, RecordedAuditHead } from '../store/audit-repo';
import { PublicChain } from './public-chain';

export interface AuditEvent {
  actor: string;
  role: string;
  /** One of the registered actions (common/contract/audit-actions.ts), each with its sentence. */
  action: AuditAction;
  target?: string;
  outcome: 'success' | 'failure';
  /** Identifiers and reasons only; checked below to hold no obvious secrets. */
  detail?: Record<string, string | number | boolean>;
}

const GENESIS = '0'.repeat(64);
const FORBIDDEN_DETAIL_KEYS = /pass|secret|token|key|fields/i;

export class AuditLog {
  /** The keyless chain beside this one, which heartbeats report to the exchange (public-chain.ts). */
  readonly publicChain: PublicChain;

  constructor(
    private readonly repo: AuditRepo,
    private readonly chainKey: Buffer,
    private readonly now: () => Date,
  ) {
    this.publicChain = new PublicChain(repo, () => this.head(), (event) => this.append(event));
  }

  /** Appends one entry. Call inside the transaction of the action it records; on its own it
   * runs in its own transaction, so the row and the recorded chain head never disagree. */
  append(event: AuditEvent): void {
    for (const name of Object.keys(event.detail ?? {})) {
      if (FORBIDDEN_DETAIL_KEYS.test(name)) throw new Error(`audit detail must not carry "${name}"`);
    }
    // The head is read inside the append's transaction, so two appends cannot chain to the same head.
    this.repo.append((recorded) => this.nextEntry(event, headOf(recorded)));
  }

  private nextEntry(event: AuditEvent, head: { seq: number; hash: string }): AuditRow {
    const entry = {
      seq: head.seq + 1,
      at: this.now().toISOString(),
      actor: event.actor,
      role: event.role,
      action: event.action,
      target: event.target ?? '',
      outcome: event.outcome,
      detail: canonicalJson(event.detail ?? {}),
    };
    return { ...entry, hash: this.chain(head.hash, entry) };
  }

  /** The newest entry's sequence number and hash, as recorded alongside the log. */
  head(): { seq: number; hash: string } {
    return headOf(this.repo.head());
  }

  /** Recomputes the whole chain in order. Bounded by the log's size; streams rows. */
  verify(): AuditVerification {
    let previous = GENESIS;
    let expectedSeq = 1;
    let checked = 0;
    const rows = this.repo.inChainOrder();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return broken(checked, expectedSeq, `审计日志第 ${expectedSeq} 条缺失，日志已被删改`);
      }
      const { hash, ...entry } = row;
      if (this.chain(previous, entry) !== hash) {
        return broken(checked, row.seq, `审计日志第 ${row.seq} 条的校验值不符，该条或其之前的记录已被篡改`);
      }
      previous = hash;
      expectedSeq += 1;
      checked += 1;
    }
    const head = this.head();
    if (head.seq !== checked || head.hash !== previous) {
      return broken(checked, checked + 1, `审计日志末尾缺少记录（应有 ${head.seq} 条，实有 ${checked} 条），日志已被截断`);
    }
    return { ok: true, checked, firstBadSeq: null, message: `审计日志完整，共校验 ${checked} 条` };
  }

  private chain(previous: string, entry: Omit<AuditRow, 'hash'>): string {
    return createHmac('sha256', this.chainKey).update(previous).update(canonicalJson(entry)).digest('hex');
  }
}

/** The chain's head from the recorded one; the genesis before the first entry. */
function headOf(recorded: RecordedAuditHead | undefined): { seq: number; hash: string } {
  if (!recorded) return { seq: 0, hash: GENESIS };
  return { seq: recorded.seq, hash: recorded.hash ?? GENESIS };
}

function broken(checked: number, seq: number, message: string): AuditVerification {
  return { ok: false, checked, firstBadSeq: seq, message };
}
