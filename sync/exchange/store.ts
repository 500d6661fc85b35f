// The reference exchange's durable store: one SQLite file, WAL, synchronous=FULL, so a receipt
// the exchange has sent describes state that survives a power cut. Not encrypted: this is a
// development and test server, not the province's production system.
//
// Tables:
//   items            every processed idempotency key (node, epoch, seq) and its outcome
//   record_versions  the data itself: one row per (node, record, version), never two
//   heartbeats       the heartbeat log, newest last, with the unit and county named by the
//                    client certificate it arrived over (the last HEARTBEATS_KEPT per node)
// The high-water mark is not a table of its own: it is max(seq) over `items`, read through
// the primary key, so it can never disagree with what was processed.
import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchItem, Heartbeat, ReceiptItem, Signature } from '../protocol/messages';

const SCHEMA_VERSION = 2;

/** Per node, the heartbeats kept: about a week at the default 5-minute interval. */
export const HEARTBEATS_KEPT = 2000;

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
`;

/** Version n → n + 1, for data folders made by an older exchange. */
const UPGRADES: Record<number, string> = {
  // 2: the client certificate's unit (O) and county (L), so the listing can name a node
  // from the province's own records, not only from what the node says about itself.
  1: `ALTER TABLE heartbeats ADD COLUMN cert_unit TEXT;
      ALTER TABLE heartbeats ADD COLUMN cert_county TEXT;`,
};

/** Who sent a heartbeat, as its client certificate names it. */
export interface CertNames {
  unit: string | null;
  county: string | null;
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
        { nodeId: r.node_id, receivedAt: r.received_at, heartbeat: JSON.parse(r.body) as Heartbeat, cert: { unit: r.cert_unit, county: r.cert_county }, heartbeats: r.kept },
      ]),
    );
    const senders = this.sql('SELECT DISTINCT node_id FROM items').all() as { node_id: string }[];
    for (const { node_id } of senders) {
      if (!rows.has(node_id)) rows.set(node_id, { nodeId: node_id, receivedAt: null, heartbeat: null, cert: { unit: null, county: null }, heartbeats: 0 });
    }
    return [...rows.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
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
