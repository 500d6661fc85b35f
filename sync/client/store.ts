// What the engine needs from the node's database, as one typed interface (the SQL lives in
// main/store/sync-repo.ts). Each method that changes several rows is one transaction.
import type { ReceiptOutcomes } from '../protocol/messages';
import type { LocalRejection, PendingRow, SettleResult, SyncStateRecord } from '../../main/store/sync-rows';

export interface SyncStore {
  /**
   * Rows an older version of the node marked in flight (it wrote the mark before sending) go
   * back to pending (same seq, so resending is idempotent). This version keeps rows pending
   * while they are on the wire and knows which in memory.
   */
  releaseAllInFlight(): number;
  /** Pending rows with a seq above `afterSeq`, in seq order. */
  pendingRows(limit: number, afterSeq?: number): PendingRow[];
  /** Pending (including the rows on the wire) + in flight (left by an older version). */
  queueDepth(): number;
  /** The batch failed before a receipt: its rows, still pending, note the error. */
  noteFailedBatch(seqs: readonly number[], error: string): void;
  /** Rows the node refuses to send itself (negative list, missing data), marked rejected. */
  rejectLocally(rejections: readonly LocalRejection[], at: string): void;
  /** Stores the signed receipt, retires the batch's rows (`sent`: seq → resource code; those still pending) and writes `state`, in one transaction. */
  settleBatch(receipt: ReceiptOutcomes, signedReceiptJson: string, sent: ReadonlyMap<number, string>, receivedAt: string, state?: Partial<SyncStateRecord>): SettleResult;
  /** The engine begins draining a non-empty queue (progress starts from 0): the ETA's rate counts from here. */
  noteDrainStarted(at: string): void;
  /** The batch protocol versions the exchange last advertised (X-Exchange-Protocols); null before any answer. */
  exchangeProtocols(): number[] | null;
  /** Kept across restarts, so the first batches after a start need not wait for an answer to use v2. */
  saveExchangeProtocols(versions: readonly number[]): void;
  /** The audit proof size the exchange last advertised (X-Exchange-Audit-Proof-Links); 256 before any. */
  exchangeProofLinks(): number;
  /** Kept across restarts, so an estimate made before the first answer (the CLI's) counts the right steps. */
  saveExchangeProofLinks(links: number): void;
  readState(): SyncStateRecord;
  writeState(patch: Partial<SyncStateRecord>): void;
}
