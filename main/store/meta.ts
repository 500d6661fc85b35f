import { sql, type Db } from './database';

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
