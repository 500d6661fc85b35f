// What the engine needs from the node's database, as one typed interface (the SQL lives in
// main/store/sync-repo.ts). Each method that changes several rows is one transaction.
import type { Receipt } from '../protocol/messages';

export type LinkState = 'not-configured' | 'online' | 'offline' | 'certificate';

/** One pending outbox row with the record version it delivers (null when that version is missing). */
export interface PendingRow {
  seq: number;
  epoch: number;
  recordId: string;
  version: number;
  payloadHash: string;
  resourceCode: string | null;
  status: 'active' | 'withdrawn' | null;
  /** JSON text of the fields, as stored. */
  fields: string | null;
  unit: string | null;
  registeredAt: string | null;
}

export interface LocalRejection {
  seq: number;
  code: string;
  reason: string;
}

export interface SyncStateRecord {
  paused: boolean;
  link: LinkState;
  problem: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  highWaterMark: number;
  catalogEtag: string | null;
  lastHeartbeatAt: string | null;
  /** Round trip of the last request the exchange answered, in milliseconds. */
  lastLatencyMs: number | null;
  /** When the catalog was last downloaded or confirmed current (304). */
  catalogCheckedAt: string | null;
}

export interface SettleResult {
  acknowledged: number;
  rejected: number;
  /** Rows of the batch the receipt did not mention: back to pending. */
  unanswered: number;
}

export interface SyncStore {
  /** After a crash or a stop mid-batch: rows left in flight go back to pending (same seq, so resending is idempotent). */
  releaseAllInFlight(): number;
  /** Pending rows in seq order. */
  pendingRows(limit: number): PendingRow[];
  /** Pending + in flight. */
  queueDepth(): number;
  markInFlight(seqs: readonly number[], batchId: string): void;
  /** The batch failed before a receipt: its rows are pending again, with the error noted. */
  releaseBatch(batchId: string, error: string): void;
  /** Rows the node refuses to send itself (negative list, missing data), marked rejected. */
  rejectLocally(rejections: readonly LocalRejection[], at: string): void;
  /** Stores the signed receipt and retires the batch's rows, in one transaction. */
  settleBatch(receipt: Receipt, signedReceiptJson: string, seqs: readonly number[], receivedAt: string): SettleResult;
  readState(): SyncStateRecord;
  writeState(patch: Partial<SyncStateRecord>): void;
}
