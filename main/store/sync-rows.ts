// Rows of the sync tables as the sync engine reads and writes them (sync/client/store.ts
// declares what the engine needs; main/store/sync-repo.ts answers it with SQL).

/** The states of an outbox row (the CHECK of outbox_state_counts, migration 004). */
export type OutboxState = 'pending' | 'in_flight' | 'acknowledged' | 'rejected';

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
