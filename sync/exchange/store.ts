// The reference exchange's durable store: one SQLite file, WAL, synchronous=FULL, so a receipt
// the exchange has sent describes state that survives a power cut. Not encrypted: this is a
// development and test server, not the province's production system.
//
// Tables:
//   items            every processed idempotency key (node, epoch, seq) and its outcome
//   record_versions  the data itself: one row per (node, record, version), never two
//   heartbeats       the heartbeat log, newest last, with the unit and county named by the
//                    client certificate it arrived over (the last HEARTBEATS_KEPT per node)
//   audit_heads      every signed audit head a node reported, as judged (audit-heads.ts):
//                    accepted, an explained gap (a restore), or refused — never trimmed —
//                    and each anomaly a province operator cleared after looking into it
// The high-water mark is not a table of its own: it is max(seq) over `items`, read through
// the primary key, so it can never disagree with what was processed.
import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchItem, Heartbeat, ReceiptItem, Signature } from '../protocol/messages';
import type { AuditAnomalyCode, HeadVerdict, PublicHead } from './audit-heads';

const SCHEMA_VERSION = 4;

/** Outcomes whose head is a base that later heads must extend. */
const BASES = `('accepted','gap','cleared')`;

/** Per node, the heartbeats kept: about a week at the default 5-minute interval. */
export const HEARTBEATS_KEPT = 2000;

const AUDIT_HEADS_TABLE = `
  CREATE TABLE audit_heads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    node_id     TEXT NOT NULL,
    seq         INTEGER,
    link        TEXT,
    -- cleared: a province operator looked into the anomaly and made the node's newest refused
    -- head the base (code AUDIT_CLEARED, reason and operator's name in cleared_by).
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted','gap','refused','cleared')),
    code        TEXT,
    reason      TEXT,
    -- The signed statement as the node sent it ({ body, signature }), kept for a third party.
    signed      TEXT,
    received_at TEXT NOT NULL,
    cleared_by  TEXT
  );
  CREATE INDEX audit_heads_by_node ON audit_heads (node_id, id);
`;

const SCHEMA = `
  CREATE TABLE items (
    node_id      TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    record_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    payload_hash TEXT NOT NULL,
    -- accepted: stored a new record version; duplicate: that record version was already
    -- here under another key; rejected: refused with code and reason (re-checked if resent).
    outcome      TEXT NOT NULL CHECK (outcome IN ('accepted','duplicate','rejected')),
    code         TEXT,
    reason       TEXT,
    batch_id     TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (node_id, epoch, seq)
  ) WITHOUT ROWID;
  CREATE TABLE record_versions (
    node_id       TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    resource_code TEXT NOT NULL,
    status        TEXT NOT NULL,
    fields        TEXT NOT NULL,
    unit          TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    payload_hash  TEXT NOT NULL,
    epoch         INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    received_at   TEXT NOT NULL,
    PRIMARY KEY (node_id, record_id, version)
  ) WITHOUT ROWID;
  CREATE TABLE heartbeats (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    node_id     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body        TEXT NOT NULL,
    signature   TEXT NOT NULL,
    cert_unit   TEXT,
    cert_county TEXT
  );
  CREATE INDEX heartbeats_by_node ON heartbeats (node_id, id);
  ${AUDIT_HEADS_TABLE}
`;


/** Version n → n + 1, for data folders made by an older exchange. */
const UPGRADES: Record<number, string> = {
  // 2: the client certificate's unit (O) and county (L), so the listing can name a node
  // from the province's own records, not only from what the node says about itself.
  1: `ALTER TABLE heartbeats ADD COLUMN cert_unit TEXT;
      ALTER TABLE heartbeats ADD COLUMN cert_county TEXT;`,
  // 3: signed audit heads and their anomalies (issue 10).
  // (made in today's shape: the rebuild of 3 → 4 then copies it unchanged)
  2: AUDIT_HEADS_TABLE,
  // 4: an anomaly a province operator cleared (a CHECK constraint changes: the table is rebuilt).
  3: `DROP INDEX audit_heads_by_node;
      ALTER TABLE audit_heads RENAME TO audit_heads_v3;
      ${AUDIT_HEADS_TABLE}
      INSERT INTO audit_heads (id, node_id, seq, link, outcome, code, reason, signed, received_at)
        SELECT id, node_id, seq, link, outcome, code, reason, signed, received_at FROM audit_heads_v3;
      DROP TABLE audit_heads_v3;`,
};

/** Who sent a heartbeat, as its client certificate names it. */
export interface CertNames {
  unit: string | null;
  county: string | null;
}

/** The newest audit-head anomaly of a node (refused, or an explained gap), or its clearing. */
export interface AuditAnomaly {
  code: AuditAnomalyCode | 'AUDIT_CLEARED';
  reason: string;
  /** Set when the newest is a clearing: the province operator who cleared it. */
  clearedBy: string | null;
  seq: number | null;
  at: string;
  /** Anomalies recorded for the node in all (clearings not counted). */
  count: number;
}

/** A node the exchange has heard from, with its latest heartbeat (if any). */
export interface NodeRow {
  nodeId: string;
  /** When the exchange stored the latest heartbeat; null when the node only ever sent batches. */
  receivedAt: string | null;
  heartbeat: Heartbeat | null;
  cert: CertNames;
  /** Heartbeats kept for the node. */
  heartbeats: number;
  /** The newest audit-head anomaly; null when every head extended the last. */
  auditAnomaly: AuditAnomaly | null;
}

export interface ProcessedItem {
  recordId: string;
  version: number;
  payloadHash: string;
  outcome: ReceiptItem['outcome'];
}

export interface StoredVersion {
  payloadHash: string;
}

export interface ItemKey {
  nodeId: string;
  epoch: number;
  seq: number;
}

export class ExchangeStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.db = db;
  }

  static open(dataDir: string): ExchangeStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'exchange.db'));
    try {
      db.pragma('journal_mode = WAL');
      // FULL: a receipt is only sent after commit, and must not describe a write a power cut undoes.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) throw new Error(`交换平台数据目录的版本（${version}）比本程序新，拒绝打开`);
      if (version === 0) {
        db.transaction(() => {
          db.exec(SCHEMA);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        }).immediate();
      }
      for (let v = version === 0 ? SCHEMA_VERSION : version; v < SCHEMA_VERSION; v++) {
        db.transaction(() => {
          db.exec(UPGRADES[v]!);
          db.pragma(`user_version = ${v + 1}`);
        }).immediate();
      }
      return new ExchangeStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Runs fn in one IMMEDIATE transaction: a batch is applied entirely or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  processedItem(key: ItemKey): ProcessedItem | undefined {
    const row = this.sql('SELECT record_id, version, payload_hash, outcome FROM items WHERE node_id = ? AND epoch = ? AND seq = ?')
      .get(key.nodeId, key.epoch, key.seq) as { record_id: string; version: number; payload_hash: string; outcome: ReceiptItem['outcome'] } | undefined;
    return row && { recordId: row.record_id, version: row.version, payloadHash: row.payload_hash, outcome: row.outcome };
  }

  storedVersion(nodeId: string, recordId: string, version: number): StoredVersion | undefined {
    const row = this.sql('SELECT payload_hash FROM record_versions WHERE node_id = ? AND record_id = ? AND version = ?')
      .get(nodeId, recordId, version) as { payload_hash: string } | undefined;
    return row && { payloadHash: row.payload_hash };
  }

  latestVersion(nodeId: string, recordId: string): number {
    const row = this.sql('SELECT max(version) AS v FROM record_versions WHERE node_id = ? AND record_id = ?').get(nodeId, recordId) as { v: number | null };
    return row.v ?? 0;
  }

  /** processedItem for every seq of a batch, in one statement (apply-batch.ts reads a batch's keys at once). */
  processedItems(nodeId: string, epoch: number, seqs: readonly number[]): Map<number, ProcessedItem> {
    const rows = this.sql(
      `SELECT seq, record_id, version, payload_hash, outcome FROM items WHERE node_id = ? AND epoch = ? AND seq IN (SELECT value FROM json_each(?))`,
    ).all(nodeId, epoch, JSON.stringify(seqs)) as { seq: number; record_id: string; version: number; payload_hash: string; outcome: ReceiptItem['outcome'] }[];
    return new Map(rows.map((r) => [r.seq, { recordId: r.record_id, version: r.version, payloadHash: r.payload_hash, outcome: r.outcome }]));
  }

  /** Every stored version (number → payload hash) of the given records, in one statement. */
  storedVersions(nodeId: string, recordIds: readonly string[]): Map<string, Map<number, string>> {
    const rows = this.sql(
      `SELECT record_id, version, payload_hash FROM record_versions WHERE node_id = ? AND record_id IN (SELECT value FROM json_each(?))`,
    ).all(nodeId, JSON.stringify([...new Set(recordIds)])) as { record_id: string; version: number; payload_hash: string }[];
    const byRecord = new Map<string, Map<number, string>>();
    for (const r of rows) {
      let versions = byRecord.get(r.record_id);
      if (!versions) byRecord.set(r.record_id, (versions = new Map()));
      versions.set(r.version, r.payload_hash);
    }
    return byRecord;
  }

  /** Records the outcome of one key; a resent rejected key is re-checked and its row replaced. */
  recordOutcome(key: ItemKey, item: BatchItem, result: ReceiptItem, batchId: string, at: string): void {
    this.sql(
      `INSERT INTO items (node_id, epoch, seq, record_id, version, payload_hash, outcome, code, reason, batch_id, processed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (node_id, epoch, seq) DO UPDATE SET
         record_id = excluded.record_id, version = excluded.version, payload_hash = excluded.payload_hash,
         outcome = excluded.outcome, code = excluded.code, reason = excluded.reason,
         batch_id = excluded.batch_id, processed_at = excluded.processed_at
       WHERE items.outcome = 'rejected'`,
    ).run(key.nodeId, key.epoch, key.seq, item.recordId, item.version, item.payloadHash, result.outcome, result.code ?? null, result.reason ?? null, batchId, at);
  }

  storeVersion(key: ItemKey, item: BatchItem, at: string): void {
    this.sql(
      `INSERT INTO record_versions (node_id, record_id, version, resource_code, status, fields, unit, registered_at, payload_hash, epoch, seq, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(key.nodeId, item.recordId, item.version, item.resourceCode, item.status, JSON.stringify(item.fields), item.unit, item.registeredAt, item.payloadHash, key.epoch, key.seq, at);
  }

  highWaterMark(nodeId: string, epoch: number): number {
    const row = this.sql('SELECT max(seq) AS seq FROM items WHERE node_id = ? AND epoch = ?').get(nodeId, epoch) as { seq: number | null };
    return row.seq ?? 0;
  }

  highWaterMarks(nodeId: string): Record<string, number> {
    const rows = this.sql('SELECT epoch, max(seq) AS seq FROM items WHERE node_id = ? GROUP BY epoch ORDER BY epoch').all(nodeId) as { epoch: number; seq: number }[];
    return Object.fromEntries(rows.map((r) => [String(r.epoch), r.seq]));
  }

  /** Stores a heartbeat and drops the node's oldest beyond `keep`. */
  addHeartbeat(heartbeat: Heartbeat, signature: Signature, at: string, cert: CertNames = { unit: null, county: null }, keep = HEARTBEATS_KEPT): void {
    this.transaction(() => {
      this.sql('INSERT INTO heartbeats (node_id, received_at, body, signature, cert_unit, cert_county) VALUES (?, ?, ?, ?, ?, ?)')
        .run(heartbeat.nodeId, at, JSON.stringify(heartbeat), JSON.stringify(signature), cert.unit, cert.county);
      // Bounded log: a node that reports after every state change must not grow it for ever.
      this.sql(
        `DELETE FROM heartbeats WHERE node_id = ? AND id <= (
           SELECT id FROM heartbeats WHERE node_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      ).run(heartbeat.nodeId, heartbeat.nodeId, keep);
    });
  }

  /**
   * Every node the exchange knows — from its heartbeats or its batches — with the latest
   * heartbeat. A node that delivered data but never reported is listed too: the county
   * must see it. Ordered by node id.
   */
  nodes(): NodeRow[] {
    const latest = this.sql(
      `SELECT h.node_id, h.received_at, h.body, h.cert_unit, h.cert_county, n.kept
       FROM (SELECT node_id, max(id) AS id, count(*) AS kept FROM heartbeats GROUP BY node_id) n
       JOIN heartbeats h ON h.id = n.id`,
    ).all() as { node_id: string; received_at: string; body: string; cert_unit: string | null; cert_county: string | null; kept: number }[];
    const rows = new Map<string, NodeRow>(
      latest.map((r) => [
        r.node_id,
        { nodeId: r.node_id, receivedAt: r.received_at, heartbeat: JSON.parse(r.body) as Heartbeat, cert: { unit: r.cert_unit, county: r.cert_county }, heartbeats: r.kept, auditAnomaly: this.auditAnomaly(r.node_id) },
      ]),
    );
    const senders = this.sql('SELECT DISTINCT node_id FROM items').all() as { node_id: string }[];
    for (const { node_id } of senders) {
      if (!rows.has(node_id)) rows.set(node_id, { nodeId: node_id, receivedAt: null, heartbeat: null, cert: { unit: null, county: null }, heartbeats: 0, auditAnomaly: null });
    }
    return [...rows.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  }

  /**
   * The head new ones must extend: the newest accepted, explained-gap or cleared head. Heads
   * before the newest gap or clearing belonged to a chain that was replaced and are not a base any more.
   */
  lastAuditHead(nodeId: string): PublicHead | null {
    const row = this.sql(`SELECT seq, link FROM audit_heads WHERE node_id = ? AND outcome IN ${BASES} ORDER BY id DESC LIMIT 1`).get(nodeId) as PublicHead | undefined;
    return row ?? null;
  }

  /** The link of an accepted head at seq, since the node's newest explained gap or clearing. */
  acceptedAuditLink(nodeId: string, seq: number): string | undefined {
    const row = this.sql(
      `SELECT link FROM audit_heads WHERE node_id = ? AND seq = ? AND outcome IN ${BASES}
         AND id >= coalesce((SELECT max(id) FROM audit_heads WHERE node_id = ? AND outcome IN ('gap','cleared')), 0)
       ORDER BY id DESC LIMIT 1`,
    ).get(nodeId, seq, nodeId) as { link: string } | undefined;
    return row?.link;
  }

  /**
   * A province operator looked into the node's anomaly and accepts the node's newest refused
   * head as the base its next proofs extend (the node learns it from GET auditBase). The
   * anomalies stay in the history; the listing shows them as 已核查. Null when the node has no
   * refused head to accept.
   */
  clearAuditAnomaly(nodeId: string, by: string, reason: string, at: string): PublicHead | null {
    return this.transaction(() => {
      const newest = this.sql(`SELECT outcome, seq, link, signed FROM audit_heads WHERE node_id = ? ORDER BY id DESC LIMIT 1`).get(nodeId) as
        | { outcome: string; seq: number | null; link: string | null; signed: string | null }
        | undefined;
      if (newest?.outcome !== 'refused' || newest.seq === null || newest.link === null) return null;
      this.sql(`INSERT INTO audit_heads (node_id, seq, link, outcome, code, reason, signed, received_at, cleared_by) VALUES (?, ?, ?, 'cleared', 'AUDIT_CLEARED', ?, ?, ?, ?)`)
        .run(nodeId, newest.seq, newest.link, reason, newest.signed, at, by);
      return { seq: newest.seq, link: newest.link };
    });
  }

  /**
   * Keeps a judged head: every new accepted head, every gap, every refusal — a refusal the
   * node repeats on each retry (the same head, the same reason) is kept once.
   */
  recordAuditHead(nodeId: string, verdict: HeadVerdict, signed: unknown, at: string): void {
    if (verdict.outcome === 'none' || (verdict.outcome === 'accepted' && verdict.same)) return;
    const code = verdict.outcome === 'accepted' ? null : verdict.code;
    const reason = verdict.outcome === 'accepted' ? null : verdict.reason;
    const seq = verdict.head?.seq ?? null;
    const link = verdict.head?.link ?? null;
    if (verdict.outcome === 'refused') {
      const newest = this.sql(`SELECT seq, link, code FROM audit_heads WHERE node_id = ? AND outcome = 'refused' ORDER BY id DESC LIMIT 1`).get(nodeId) as
        | { seq: number | null; link: string | null; code: string }
        | undefined;
      if (newest && newest.seq === seq && newest.link === link && newest.code === code) return;
    }
    this.sql('INSERT INTO audit_heads (node_id, seq, link, outcome, code, reason, signed, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(nodeId, seq, link, verdict.outcome, code, reason, signed === undefined ? null : JSON.stringify(signed), at);
  }

  /** Every head kept for a node, oldest first (for scripts and tests). */
  auditHeads(nodeId: string): { seq: number | null; link: string | null; outcome: 'accepted' | 'gap' | 'refused' | 'cleared'; code: string | null; reason: string | null; signed: unknown; receivedAt: string }[] {
    const rows = this.sql('SELECT seq, link, outcome, code, reason, signed, received_at FROM audit_heads WHERE node_id = ? ORDER BY id').all(nodeId) as {
      seq: number | null;
      link: string | null;
      outcome: 'accepted' | 'gap' | 'refused' | 'cleared';
      code: string | null;
      reason: string | null;
      signed: string | null;
      received_at: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, link: r.link, outcome: r.outcome, code: r.code, reason: r.reason, signed: r.signed === null ? null : JSON.parse(r.signed), receivedAt: r.received_at }));
  }

  private auditAnomaly(nodeId: string): AuditAnomaly | null {
    const row = this.sql(
      `SELECT code, reason, seq, received_at AS at, cleared_by AS clearedBy,
              (SELECT count(*) FROM audit_heads WHERE node_id = ? AND outcome IN ('gap','refused')) AS count
       FROM audit_heads WHERE node_id = ? AND outcome <> 'accepted' ORDER BY id DESC LIMIT 1`,
    ).get(nodeId, nodeId) as AuditAnomaly | undefined;
    return row ?? null;
  }

  heartbeats(nodeId?: string): Heartbeat[] {
    const rows = (nodeId === undefined
      ? this.sql('SELECT body FROM heartbeats ORDER BY id DESC').all()
      : this.sql('SELECT body FROM heartbeats WHERE node_id = ? ORDER BY id DESC').all(nodeId)) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Heartbeat);
  }

  /** Keys whose item stored a new record version. */
  appliedCount(nodeId?: string): number {
    const row = (nodeId === undefined
      ? this.sql(`SELECT count(*) AS n FROM items WHERE outcome = 'accepted'`).get()
      : this.sql(`SELECT count(*) AS n FROM items WHERE node_id = ? AND outcome = 'accepted'`).get(nodeId)) as { n: number };
    return row.n;
  }

  /**
   * Per record version, how many keys were accepted carrying it. Counted from `items`, not
   * from `record_versions` (whose primary key would make every count 1 by construction).
   */
  appliedVersions(nodeId: string): { recordId: string; version: number; count: number }[] {
    return this.sql(
      `SELECT record_id AS recordId, version, count(*) AS count FROM items
       WHERE node_id = ? AND outcome = 'accepted' GROUP BY record_id, version ORDER BY record_id, version`,
    ).all(nodeId) as { recordId: string; version: number; count: number }[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}
