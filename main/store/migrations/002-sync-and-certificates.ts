import type { Migration } from './migration';

// Migration 002: what issue 3 needs to give the node an identity and deliver its outbox.
//
// - node_credentials (one row): the node's RSA key, the certificate and chain issued for it,
//   a pending key + CSR while a renewal is under way (the current key keeps working until
//   the new certificate is imported), the pinned provincial root, the last CRL and the
//   exchange's receipt-signing certificate. Private keys live only here, inside the
//   encrypted database; no channel of the API ever returns them.
// - sync_settings (one row): exchange address, bandwidth cap, batch caps, timer interval.
// - sync_state (one row): what the engine must remember across restarts — paused, the link
//   state and its problem sentence, failures in a row, times, high-water mark, catalog ETag.
// - receipts: every signed 回执 as received, stored in the transaction that retires its rows.
// - outbox gains the batch a row travels in (kept after acknowledgement: it names the
//   receipt), the rejection code and reason, and when it was settled.
export const syncAndCertificates: Migration = {
  version: 2,
  name: 'sync and certificates',
  up(db) {
    db.exec(`
      CREATE TABLE node_credentials (
        id                   INTEGER PRIMARY KEY CHECK (id = 1),
        private_key_pem      TEXT,
        key_bits             INTEGER,
        pending_key_pem      TEXT,
        pending_key_bits     INTEGER,
        csr_pem              TEXT,
        certificate_pem      TEXT,
        chain_pem            TEXT NOT NULL DEFAULT '',
        root_pem             TEXT,
        crl_pem              TEXT,
        crl_updated_at       TEXT,
        exchange_signing_pem TEXT,
        updated_at           TEXT
      ) STRICT;
      INSERT INTO node_credentials (id) VALUES (1);

      CREATE TABLE sync_settings (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        exchange_url     TEXT NOT NULL DEFAULT '',
        bandwidth_kibps  INTEGER NOT NULL DEFAULT 0 CHECK (bandwidth_kibps >= 0),
        batch_max_items  INTEGER NOT NULL DEFAULT 500 CHECK (batch_max_items BETWEEN 1 AND 1000),
        batch_max_bytes  INTEGER NOT NULL DEFAULT 1048576 CHECK (batch_max_bytes BETWEEN 1024 AND 4194304),
        interval_seconds INTEGER NOT NULL DEFAULT 300 CHECK (interval_seconds BETWEEN 10 AND 86400)
      ) STRICT;
      INSERT INTO sync_settings (id) VALUES (1);

      CREATE TABLE sync_state (
        id                   INTEGER PRIMARY KEY CHECK (id = 1),
        paused               INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        link                 TEXT NOT NULL DEFAULT 'not-configured'
                             CHECK (link IN ('not-configured','online','offline','certificate')),
        problem              TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_success_at      TEXT,
        last_attempt_at      TEXT,
        next_attempt_at      TEXT,
        high_water_mark      INTEGER NOT NULL DEFAULT 0,
        catalog_etag         TEXT,
        last_heartbeat_at    TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE receipts (
        batch_id        TEXT PRIMARY KEY,
        epoch           INTEGER NOT NULL,
        first_seq       INTEGER NOT NULL,
        last_seq        INTEGER NOT NULL,
        items           INTEGER NOT NULL,
        accepted        INTEGER NOT NULL,
        rejected        INTEGER NOT NULL,
        high_water_mark INTEGER NOT NULL,
        server_time     TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        signed_receipt  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX receipts_by_time ON receipts (received_at);

      ALTER TABLE outbox ADD COLUMN batch_id TEXT;
      ALTER TABLE outbox ADD COLUMN reject_code TEXT;
      ALTER TABLE outbox ADD COLUMN reject_reason TEXT;
      ALTER TABLE outbox ADD COLUMN settled_at TEXT;
    `);
  },
};
