// Direct, real access to a node's encrypted database for tests: the key is unsealed the
// same way the node does it (keys.json + the key-file protector), and the connection is a
// real SQLCipher connection. Tests use it to look at what the node stored, and to play an
// attacker who holds the database key (dropping the audit triggers, editing rows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { keyFileProtector } from '../../platform/keyfile-protector';
import { dataPaths } from '../../platform/data-paths';
import { openWithHost, readKeySlots } from '../../main/store/key-slots';
import { openEncryptedDatabase, type Db } from '../../main/store/database';

/** The node's 32-byte database key, unsealed from its key-file slot. */
export async function databaseKeyOf(dataDir: string, keyFile: string): Promise<Buffer> {
  const slots = await readKeySlots(dataPaths(dataDir).keySlots);
  return openWithHost(slots, keyFileProtector(keyFile));
}

/** A second, raw connection to a node's database (the node may be open or closed). */
export async function openRawDatabase(dataDir: string, keyFile: string): Promise<Db> {
  const key = await databaseKeyOf(dataDir, keyFile);
  try {
    return openEncryptedDatabase(dataPaths(dataDir).database, key);
  } finally {
    key.fill(0);
  }
}

/** Row count of a table. */
export function countRows(db: Db, table: string, where = '1 = 1', ...params: unknown[]): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** A new, empty encrypted database in its own temporary folder (no node, no scrypt). */
export function freshEncryptedDatabase(): { db: Db; file: string; key: Buffer; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-db-test-'));
  const file = join(dir, 'test.db');
  const key = randomBytes(32);
  const db = openEncryptedDatabase(file, key);
  return {
    db,
    file,
    key,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
