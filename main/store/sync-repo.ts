// All SQL of sync and certificates (schema: migrations/002): the outbox as the engine sees
// it, receipts, the engine's remembered state, sync settings and the node's credentials.
// Multi-row changes are single transactions; in particular a receipt is stored in the same
// transaction that retires its rows, so a crash between the two cannot happen.
import { sql, type Db } from './database';
import { getMeta, setMeta } from './meta';
import { CST_DAY } from './cst-day';
import { advertisedProofLinks, type ReceiptOutcomes } from '../../sync/protocol/messages';
import type { LocalRejection, OutboxState, PendingRow, SettleResult, SyncStateRecord } from './sync-rows';
import type { RejectedItem, SyncSettings } from '../../common/contract';

interface StateRow {
  paused: number;
  link: SyncStateRecord['link'];
  problem: string | null;
  consecutive_failures: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  high_water_mark: number;
  catalog_etag: string | null;
  last_heartbeat_at: string | null;
  last_latency_ms: number | null;
  catalog_checked_at: string | null;
}

const STATE_COLUMNS: Record<keyof SyncStateRecord, keyof StateRow> = {
  paused: 'paused',
  link: 'link',
  problem: 'problem',
  consecutiveFailures: 'consecutive_failures',
  lastSuccessAt: 'last_success_at',
  lastAttemptAt: 'last_attempt_at',
  nextAttemptAt: 'next_attempt_at',
  highWaterMark: 'high_water_mark',
  catalogEtag: 'catalog_etag',
  lastHeartbeatAt: 'last_heartbeat_at',
  lastLatencyMs: 'last_latency_ms',
  catalogCheckedAt: 'catalog_checked_at',
};

export interface StoredCredentials {
  privateKeyPem: string | null;
  keyBits: number | null;
  pendingKeyPem: string | null;
  pendingKeyBits: number | null;
  csrPem: string | null;
  certificatePem: string | null;
  chainPems: string[];
  rootPem: string | null;
  crlPem: string | null;
  crlUpdatedAt: string | null;
  exchangeSigningPem: string | null;
}

const CREDENTIAL_COLUMNS: Record<Exclude<keyof StoredCredentials, 'chainPems'>, string> = {
  privateKeyPem: 'private_key_pem',
  keyBits: 'key_bits',
  pendingKeyPem: 'pending_key_pem',
  pendingKeyBits: 'pending_key_bits',
  csrPem: 'csr_pem',
  certificatePem: 'certificate_pem',
  rootPem: 'root_pem',
  crlPem: 'crl_pem',
  crlUpdatedAt: 'crl_updated_at',
  exchangeSigningPem: 'exchange_signing_pem',
};

/** Meta key of the exchange's last advertised batch protocol versions ("1,2"). */
const EXCHANGE_PROTOCOLS_KEY = 'exchange_protocols';
/** Meta key of the audit proof size the exchange last advertised (a whole number, as in its header). */
const EXCHANGE_PROOF_LINKS_KEY = 'exchange_audit_proof_links';
/** Meta key of when the engine began draining a non-empty queue (the ETA counts from there). */
const DRAIN_STARTED_KEY = 'sync_drain_started_at';

/** A pending row as pendingRows' statement returns it, column by column. */
type PendingRowValues = [number, number, string, number, string, string | null, PendingRow['status'], string | null, string | null, string | null];

// Answers the sync engine's SyncStore (sync/client/store.ts) by shape: the store sits below the engine.
export class SyncRepo {
  constructor(private readonly db: Db) {}

  // ---- outbox -------------------------------------------------------------------------------

  releaseAllInFlight(): number {
    return sql(this.db, `UPDATE outbox SET state = 'pending', batch_id = NULL WHERE state = 'in_flight'`).run().changes;
  }

  /** Pending rows after `afterSeq`, in seq order (rows up to it are on the wire: the engine knows which). */
  pendingRows(limit: number, afterSeq = 0): PendingRow[] {
    // Rows as arrays, made into objects here: a quarter cheaper than the driver's named rows
    // on the sync engine's hottest read.
    const rows = sql(
      this.db,
      `SELECT o.seq, o.epoch, o.record_id, o.version, o.payload_hash, v.resource_code, v.status, v.fields, v.unit, v.created_at
         FROM outbox o LEFT JOIN record_versions v ON v.record_id = o.record_id AND v.version = o.version
        WHERE o.state = 'pending' AND o.seq > ? ORDER BY o.seq LIMIT ?`,
    )
      .raw(true)
      .all(afterSeq, limit) as PendingRowValues[];
    return rows.map(([seq, epoch, recordId, version, payloadHash, resourceCode, status, fields, unit, registeredAt]) => ({
      seq,
      epoch,
      recordId,
      version,
      payloadHash,
      resourceCode,
      status,
      fields,
      unit,
      registeredAt,
    }));
  }

  queueDepth(): number {
    return this.countIn('pending', 'in_flight');
  }

  rejectedCount(): number {
    return this.countIn('rejected');
  }

  /** Outbox rows in the given states, from the counts the triggers of migration 004 keep (no scan). */
  private countIn(...states: string[]): number {
    const row = sql(this.db, `SELECT coalesce(sum(n), 0) AS n FROM outbox_state_counts WHERE state IN (${states.map(() => '?').join(', ')})`).get(...states) as { n: number };
    return row.n;
  }

  /** Rejected items per rejection code (codes only: the reasons may quote a value). */
  rejectionsByCode(): Record<string, number> {
    const rows = sql(this.db, `SELECT coalesce(reject_code, '') AS code, count(*) AS n FROM outbox WHERE state = 'rejected' GROUP BY 1`).all() as { code: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  oldestPendingAt(): string | null {
    // Two index probes (one per state) rather than a scan: the oldest is the smaller seq.
    const pending = sql(this.db, `SELECT seq, created_at FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1`).get() as { seq: number; created_at: string } | undefined;
    const flying = sql(this.db, `SELECT seq, created_at FROM outbox WHERE state = 'in_flight' ORDER BY seq LIMIT 1`).get() as { seq: number; created_at: string } | undefined;
    const oldest = [pending, flying].filter((r): r is { seq: number; created_at: string } => !!r).sort((a, b) => a.seq - b.seq)[0];
    return oldest?.created_at ?? null;
  }

  /** Moves `n` rows between two states' counts, for the bulk moves migrations 010 and 011 leave to the repo. */
  private moveCounts(from: OutboxState, to: OutboxState, n: number): void {
    if (n === 0) return;
    sql(this.db, `UPDATE outbox_state_counts SET n = n + CASE state WHEN ? THEN ? ELSE ? END WHERE state IN (?, ?)`).run(to, n, -n, from, to);
  }

  /** A batch failed before its receipt: its rows, still pending, note the failure. */
  noteFailedBatch(seqs: readonly number[], error: string): void {
    sql(this.db, `UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending'`).run(error.slice(0, 500), JSON.stringify(seqs));
  }

  rejectLocally(rejections: readonly LocalRejection[], at: string): void {
    const reject = sql(
      this.db,
      `UPDATE outbox SET state = 'rejected', batch_id = NULL, reject_code = ?, reject_reason = ?, settled_at = ? WHERE seq = ? AND state = 'pending'`,
    );
    this.db.transaction(() => {
      for (const r of rejections) reject.run(r.code, r.reason, at, r.seq);
    }).immediate();
  }

  /** `sent`: the batch's rows, seq → resource code (the day's delivered counters are per resource). */
  settleBatch(receipt: ReceiptOutcomes, signedReceiptJson: string, sent: ReadonlyMap<number, string>, receivedAt: string, state: Partial<SyncStateRecord> = {}): SettleResult {
    // The batch's rows are pending while on the wire (migration 011). The receipt names only
    // seqs of this batch (verified), so `seq IN (answered) AND state = 'pending'` is exactly
    // the batch's rows not yet settled: a row settled already (a resend) is not moved twice.
    // A settled row names the batch whose stored receipt settled it, and counts the send
    // (attempts: sends that ended in a receipt or a failure). Accepted and duplicate rows are
    // retired by one statement; only rejections, rare, go row by row.
    const acknowledge = sql(
      this.db,
      `UPDATE outbox SET state = 'acknowledged', batch_id = ?, attempts = attempts + 1, settled_at = ?, last_error = NULL
        WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending' RETURNING seq`,
    ).pluck();
    const reject = sql(
      this.db,
      `UPDATE outbox SET state = 'rejected', batch_id = ?, attempts = attempts + 1, reject_code = ?, reject_reason = ?, settled_at = ? WHERE seq = ? AND state = 'pending'`,
    );
    const countDelivered = sql(
      this.db,
      `INSERT INTO stats_daily (day, resource_code, delivered) VALUES (${CST_DAY('?')}, ?, ?)
       ON CONFLICT (day, resource_code) DO UPDATE SET delivered = delivered + excluded.delivered`,
    );
    let first = Infinity;
    let last = -Infinity;
    for (const seq of sent.keys()) {
      if (seq < first) first = seq;
      if (seq > last) last = seq;
    }
    return this.db.transaction(() => {
      let rejected = 0;
      const answered: number[] = [];
      for (const item of receipt.items) {
        if (item.outcome === 'rejected') rejected += reject.run(receipt.batchId, item.code ?? 'REJECTED', item.reason ?? '交换平台拒收（未说明原因）', receivedAt, item.seq).changes;
        else answered.push(item.seq);
      }
      const acknowledged = acknowledge.all(receipt.batchId, receivedAt, JSON.stringify(answered)) as number[];
      // The acknowledgement fires no counting trigger (migrations 010, 011): one count move, and
      // the day's delivered counters per resource, for exactly the rows it moved.
      this.moveCounts('pending', 'acknowledged', acknowledged.length);
      const perResource = new Map<string, number>();
      for (const seq of acknowledged) {
        const code = sent.get(seq) ?? '';
        perResource.set(code, (perResource.get(code) ?? 0) + 1);
      }
      for (const [code, n] of perResource) countDelivered.run(receivedAt, code, n);
      sql(
        this.db,
        `INSERT INTO receipts (batch_id, epoch, first_seq, last_seq, items, accepted, rejected, high_water_mark, server_time, received_at, signed_receipt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(receipt.batchId, receipt.epoch, first, last, receipt.items.length, acknowledged.length, rejected, receipt.highWaterMark, receipt.serverTime, receivedAt, signedReceiptJson);
      // Rows the receipt did not mention were not processed: still pending, they go in a later batch.
      const unanswered = sent.size - new Set(receipt.items.map((i) => i.seq)).size;
      this.writeState(state);
      return { acknowledged: acknowledged.length, rejected, unanswered };
    }).immediate();
  }

  /** Records acknowledged since `sinceIso`, from the receipts (one row per batch, not per record). */
  acknowledgedSince(sinceIso: string): number {
    return (sql(this.db, 'SELECT coalesce(sum(accepted), 0) AS n FROM receipts WHERE received_at >= ?').get(sinceIso) as { n: number }).n;
  }

  /**
   * The receipts since `sinceIso` for the sync ETA (main/sync/eta.ts): records accepted, and
   * where counting starts (`firstAt`, with the records already counted there). When the
   * drain under way began inside the window, counting starts at its beginning: every receipt
   * since then answers a batch sent since then. Otherwise the window's first receipt marks
   * the start (its batch left before the window). The first receipt must not mark the start
   * of a fresh drain: up to 8 batches were put on the wire before it came back, and their
   * receipts, arriving right after it, would be counted over almost no time.
   */
  acknowledgementWindow(sinceIso: string): { accepted: number; firstAt: string | null; firstAccepted: number } {
    const drainStartedAt = getMeta(this.db, DRAIN_STARTED_KEY);
    if (drainStartedAt !== undefined && drainStartedAt >= sinceIso) {
      return { accepted: this.acknowledgedSince(drainStartedAt), firstAt: drainStartedAt, firstAccepted: 0 };
    }
    const row = sql(
      this.db,
      `SELECT (SELECT coalesce(sum(accepted), 0) FROM receipts WHERE received_at >= @since) AS accepted, received_at AS firstAt, accepted AS firstAccepted
       FROM receipts WHERE received_at >= @since ORDER BY received_at LIMIT 1`,
    ).get({ since: sinceIso }) as { accepted: number; firstAt: string; firstAccepted: number } | undefined;
    return row ?? { accepted: 0, firstAt: null, firstAccepted: 0 };
  }

  /** The fields of one record version, or undefined when it is not stored. */
  versionFields(recordId: string, version: number): Record<string, string> | undefined {
    const row = sql(this.db, 'SELECT fields FROM record_versions WHERE record_id = ? AND version = ?').get(recordId, version) as { fields: string } | undefined;
    return row ? (JSON.parse(row.fields) as Record<string, string>) : undefined;
  }

  /**
   * A page of rejected versions, newest first. The page's seqs are picked from the state index
   * alone (covering: the skipped rows cost an index entry each, not a row and two joins), and
   * only the page's rows are then read and joined. Rejections are rare, so numbered pages stay.
   */
  rejectedPage(page: number, pageSize: number): { items: RejectedItem[]; total: number } {
    const items = sql(
      this.db,
      `SELECT o.seq, o.record_id AS recordId, o.version, coalesce(v.resource_code, r.resource_code, '') AS resourceCode,
              coalesce(o.reject_code, '') AS code, coalesce(o.reject_reason, '') AS reason, coalesce(o.settled_at, o.created_at) AS rejectedAt
         FROM outbox o
         LEFT JOIN record_versions v ON v.record_id = o.record_id AND v.version = o.version
         LEFT JOIN records r ON r.id = o.record_id
        WHERE o.seq IN (SELECT seq FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ? OFFSET ?)
        ORDER BY o.seq DESC`,
    ).all(pageSize, (page - 1) * pageSize) as RejectedItem[];
    return { items, total: this.rejectedCount() };
  }

  outboxRow(seq: number): { seq: number; state: string; recordId: string; resourceCode: string | null; rejectCode: string | null } | undefined {
    return sql(
      this.db,
      `SELECT o.seq, o.state, o.record_id AS recordId, v.resource_code AS resourceCode, o.reject_code AS rejectCode
         FROM outbox o LEFT JOIN record_versions v ON v.record_id = o.record_id AND v.version = o.version WHERE o.seq = ?`,
    ).get(seq) as { seq: number; state: string; recordId: string; resourceCode: string | null; rejectCode: string | null } | undefined;
  }

  /** A rejected row goes back to the queue, in its original place (same seq). */
  requeue(seq: number): boolean {
    return (
      sql(this.db, `UPDATE outbox SET state = 'pending', reject_code = NULL, reject_reason = NULL, settled_at = NULL, batch_id = NULL, last_error = NULL WHERE seq = ? AND state = 'rejected'`).run(seq)
        .changes === 1
    );
  }

  // ---- engine state -------------------------------------------------------------------------

  noteDrainStarted(at: string): void {
    setMeta(this.db, DRAIN_STARTED_KEY, at);
  }

  exchangeProtocols(): number[] | null {
    const text = getMeta(this.db, EXCHANGE_PROTOCOLS_KEY);
    if (text === undefined) return null;
    const versions = text.split(',').map(Number).filter((v) => Number.isInteger(v) && v >= 1);
    return versions.length > 0 ? versions : null;
  }

  saveExchangeProtocols(versions: readonly number[]): void {
    setMeta(this.db, EXCHANGE_PROTOCOLS_KEY, versions.join(','));
  }

  exchangeProofLinks(): number {
    // Read back as the header was read: anything but a whole number within 256…4096 is the base.
    return advertisedProofLinks(getMeta(this.db, EXCHANGE_PROOF_LINKS_KEY));
  }

  saveExchangeProofLinks(links: number): void {
    setMeta(this.db, EXCHANGE_PROOF_LINKS_KEY, String(links));
  }

  readState(): SyncStateRecord {
    const row = sql(this.db, 'SELECT * FROM sync_state WHERE id = 1').get() as StateRow;
    return {
      paused: row.paused === 1,
      link: row.link,
      problem: row.problem,
      consecutiveFailures: row.consecutive_failures,
      lastSuccessAt: row.last_success_at,
      lastAttemptAt: row.last_attempt_at,
      nextAttemptAt: row.next_attempt_at,
      highWaterMark: row.high_water_mark,
      catalogEtag: row.catalog_etag,
      lastHeartbeatAt: row.last_heartbeat_at,
      lastLatencyMs: row.last_latency_ms,
      catalogCheckedAt: row.catalog_checked_at,
    };
  }

  writeState(patch: Partial<SyncStateRecord>): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof SyncStateRecord, unknown][];
    if (entries.length === 0) return;
    const assignments = entries.map(([k]) => `${STATE_COLUMNS[k]} = ?`).join(', ');
    const values = entries.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    sql(this.db, `UPDATE sync_state SET ${assignments} WHERE id = 1`).run(...values);
  }

  // ---- settings -----------------------------------------------------------------------------

  settings(): SyncSettings {
    return sql(
      this.db,
      `SELECT exchange_url AS exchangeUrl, bandwidth_kibps AS bandwidthKiBps, batch_max_items AS batchMaxItems,
              batch_max_bytes AS batchMaxBytes, interval_seconds AS intervalSeconds FROM sync_settings WHERE id = 1`,
    ).get() as SyncSettings;
  }

  saveSettings(s: SyncSettings): void {
    sql(
      this.db,
      `UPDATE sync_settings SET exchange_url = ?, bandwidth_kibps = ?, batch_max_items = ?, batch_max_bytes = ?, interval_seconds = ? WHERE id = 1`,
    ).run(s.exchangeUrl, s.bandwidthKiBps, s.batchMaxItems, s.batchMaxBytes, s.intervalSeconds);
  }

  // ---- credentials --------------------------------------------------------------------------

  credentials(): StoredCredentials {
    const row = sql(this.db, 'SELECT * FROM node_credentials WHERE id = 1').get() as Record<string, string | number | null>;
    const out = { chainPems: splitPems((row.chain_pem as string) ?? '') } as StoredCredentials;
    for (const [key, column] of Object.entries(CREDENTIAL_COLUMNS)) (out as unknown as Record<string, unknown>)[key] = row[column] ?? null;
    return out;
  }

  saveCredentials(patch: Partial<StoredCredentials>, at: string): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const columns = entries.map(([k]) => (k === 'chainPems' ? 'chain_pem' : CREDENTIAL_COLUMNS[k as keyof typeof CREDENTIAL_COLUMNS]));
    const values = entries.map(([k, v]) => (k === 'chainPems' ? (v as string[]).join('') : v));
    sql(this.db, `UPDATE node_credentials SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = 1`).run(...(values as unknown[]), at);
  }
}

/** Splits concatenated PEM certificates. */
export function splitPems(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g)?.map((p) => (p.endsWith('\n') ? p : `${p}\n`)) ?? [];
}
