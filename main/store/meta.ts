import { sql, type Db } from './database';
import { schemaVersion } from './migrate';

// Node-wide single values (identity, epoch, audit head, catalog) in one key/value table.

export function getMeta(db: Db, key: string): string | undefined {
  const row = sql(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function requireMeta(db: Db, key: string): string {
  const value = getMeta(db, key);
  if (value === undefined) throw new Error(`node setting "${key}" is missing`);
  return value;
}

export function setMeta(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** What first-run setup records about the node. */
export interface NewNodeIdentity {
  nodeId: string;
  unitName: string;
  creditCode: string;
  divisionCode: string;
  createdAt: string;
}

/** The node's identity and schema facts as the services read them, by name rather than by meta key. */
export class NodeMeta {
  constructor(private readonly db: Db) {}

  nodeId(): string {
    return requireMeta(this.db, 'node_id');
  }

  /** The node's own 行政区划代码 as set up (6 or 12 digits), which records are checked against; null before setup. */
  divisionCode(): string | null {
    return getMeta(this.db, 'division_code') ?? null;
  }

  /** Who the node is, for its certificate request (read in this order: unit, node, credit code). */
  certificateSubject(): { unitName: string; nodeId: string; creditCode: string } {
    return {
      unitName: requireMeta(this.db, 'unit_name'),
      nodeId: requireMeta(this.db, 'node_id'),
      creditCode: requireMeta(this.db, 'credit_code'),
    };
  }

  /** The epoch new outbox rows get; 1 on a node that never had another. */
  epoch(): number {
    return Number(getMeta(this.db, 'epoch') ?? '1');
  }

  /** The database's schema version (PRAGMA user_version), as migrations left it. */
  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** The audit chain's HMAC key, or undefined before it was created. */
  auditChainKey(): Buffer | undefined {
    const hex = getMeta(this.db, 'audit_key');
    return hex ? Buffer.from(hex, 'hex') : undefined;
  }

  saveAuditChainKey(key: Buffer): void {
    setMeta(this.db, 'audit_key', key.toString('hex'));
  }

  /** Setup's identity rows, epoch 1 included; the caller's transaction holds them with the catalog. */
  recordNewNode(identity: NewNodeIdentity): void {
    setMeta(this.db, 'node_id', identity.nodeId);
    setMeta(this.db, 'unit_name', identity.unitName);
    setMeta(this.db, 'credit_code', identity.creditCode);
    setMeta(this.db, 'division_code', identity.divisionCode);
    setMeta(this.db, 'created_at', identity.createdAt);
    setMeta(this.db, 'epoch', '1');
  }
}
