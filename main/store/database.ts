// Opens the node's SQLCipher-encrypted database. The key is 32 random bytes passed as a raw
// key (x'…'), so SQLCipher's own passphrase KDF is skipped: the key is already uniformly
// random, and the slow KDF belongs to the recovery passphrase slot instead.
import Database from 'better-sqlite3-multiple-ciphers';

export type Db = Database.Database;

export class WrongDatabaseKeyError extends Error {
  constructor() {
    super('数据库密钥不正确，或数据库文件已损坏，无法打开');
    this.name = 'WrongDatabaseKeyError';
  }
}

/**
 * The node's cipher settings, in one place for every connection that opens a node database
 * (the node itself, backup snapshots and restores): SQLCipher 4 format with 2 KiB pages and
 * the raw 32-byte key, temporary storage in memory. Must run before the first read.
 */
export function applyCipher(db: Db, key: Buffer): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  // 2 KiB pages: a registration touches ~16 pages (tables, indexes, outbox, audit), and
  // SQLCipher encrypts each one it writes, so smaller pages make each commit much cheaper.
  // Stock SQLCipher 4 tools need `PRAGMA cipher_page_size = 2048` to open the file.
  db.pragma('legacy_page_size=2048');
  db.pragma(`key="x'${key.toString('hex')}'"`);
  // Sorts, temporary indexes and VACUUM INTO's work tables go to SQLite temp files, which the
  // cipher does not encrypt: keep them in memory so no personal data reaches the disk in the clear.
  db.pragma('temp_store = MEMORY');
}

export function openEncryptedDatabase(file: string, key: Buffer): Db {
  if (key.length !== 32) throw new Error('database key must be 32 bytes');
  const db = new Database(file);
  try {
    applyCipher(db, key);
    // The first real read tells whether the key fits; SQLCipher only checks lazily.
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new WrongDatabaseKeyError();
    }
    db.pragma('journal_mode = WAL');
    // FULL: a record the clerk saw as saved survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Checkpoint less often: SQLCipher re-encrypts every page it checkpoints, so fewer, larger
    // checkpoints cost less per record; the WAL stays bounded (~40 MB).
    db.pragma('wal_autocheckpoint = 10000');
    // 32 MiB of decrypted pages (the default is 2 MiB): a sync batch joins 500 outbox rows to
    // their record versions, and with the small cache the B-tree's inner pages were evicted
    // and decrypted again on every lookup (sync reads ~40% faster).
    db.pragma('cache_size = -32768');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** Prepares each SQL text once per connection; preparing is a large share of a small write. */
export function sql(db: Db, text: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
