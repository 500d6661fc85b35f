// The WAL reader of bench/commit-pages.ts against a real SQLCipher-encrypted database: the
// pages it reports are the ones SQLite wrote, commit by commit, and a log that restarted after
// a checkpoint ends where the new generation ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshEncryptedDatabase } from '../test/support/raw-database';
import { walFrames } from './wal-frames';

test('the frames of each commit name the pages of the table and index it wrote, last frame marked as the commit', () => {
  const fresh = freshEncryptedDatabase();
  try {
    const { db } = fresh;
    const wal = `${fresh.file}-wal`;
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX people_by_name ON people (name)');
    const root = (name: string) => (db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(name) as { rootpage: number }).rootpage;
    db.pragma('wal_checkpoint(TRUNCATE)');
    assert.deepEqual(walFrames(wal), []);

    const insert = db.prepare('INSERT INTO people (name) VALUES (?)');
    insert.run('张三');
    const first = walFrames(wal);
    assert.deepEqual(new Set(first.map((f) => f.page)), new Set([root('people'), root('people_by_name')]));
    assert.deepEqual(first.map((f) => f.commit), [false, true]);

    // Two more commits: counted from where the first ended, two frames each.
    insert.run('李四');
    insert.run('王五');
    const later = walFrames(wal, first.length);
    assert.equal(later.length, 4);
    assert.deepEqual(later.map((f) => f.commit), [false, true, false, true]);

    // A checkpoint that restarts the log: the next commit overwrites its start with new
    // salts, and the older frames behind it are no longer part of the log.
    db.pragma('wal_checkpoint(RESTART)');
    insert.run('赵六');
    assert.equal(walFrames(wal).length, 2);
  } finally {
    fresh.cleanup();
  }
});
