// Every connection to a node database keeps SQLite's temporary storage in memory: temp files
// (sorts, temporary indexes, VACUUM INTO's work) are not encrypted by the cipher, so on disk
// they would hold personal data in the clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDatabaseFile } from './backup-snapshot';
import { freshEncryptedDatabase } from '../../test/support/raw-database';

const MEMORY = 2; // PRAGMA temp_store: 0 default (file), 1 file, 2 memory

test('the node connection and the backup worker connection keep temp storage in memory', () => {
  const fresh = freshEncryptedDatabase();
  try {
    assert.equal(fresh.db.pragma('temp_store', { simple: true }), MEMORY, 'node connection');
    const worker = openDatabaseFile(fresh.file, fresh.key, { readonly: true });
    try {
      assert.equal(worker.pragma('temp_store', { simple: true }), MEMORY, 'backup worker connection');
    } finally {
      worker.close();
    }
    // The detector bites: a plain connection uses files by default.
    const plain = new Database(':memory:');
    assert.notEqual(plain.pragma('temp_store', { simple: true }), MEMORY);
    plain.close();
  } finally {
    fresh.cleanup();
  }
});
