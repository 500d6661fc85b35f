// Group commit on a real encrypted database: writes submitted together share one
// transaction (a second connection sees none of them until all are committed), each caller
// is answered only once its write is committed, a write that fails is rolled back alone, and
// a failure that ends the transaction fails the whole batch with nothing kept.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { openEncryptedDatabase, type Db } from '../store/database';
import { UnitOfWork } from '../store/unit-of-work';
import { GroupCommit } from './group-commit';

describe('group commit', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let reader: Db;
  let group: GroupCommit;
  let commits = 0;

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    reader = openEncryptedDatabase(fresh.file, fresh.key);
    group = new GroupCommit(new UnitOfWork(db), () => commits++, 5);
  });
  after(() => {
    reader.close();
    fresh.cleanup();
  });

  const committedRows = () => (reader.prepare('SELECT n FROM t ORDER BY n').all() as { n: number }[]).map((r) => r.n);
  const insert = (n: number) => () => {
    db.prepare('INSERT INTO t (n) VALUES (?)').run(n);
    // What another connection sees while this write runs: only what was committed before.
    return committedRows().length;
  };

  test('writes submitted together share one transaction, and each is answered once committed', async () => {
    const before = commits;
    const answers = await Promise.all([1, 2, 3, 4].map((n) => group.submit(insert(n)).then((seenDuring) => ({ seenDuring, seenAfter: committedRows() }))));
    assert.deepEqual(answers.map((a) => a.seenDuring), [0, 0, 0, 0], 'no write of the batch was visible to others before the commit');
    for (const answer of answers) assert.deepEqual(answer.seenAfter, [1, 2, 3, 4]);
    assert.equal(commits - before, 1);
  });

  test('more writes than a group holds go in several transactions, in order', async () => {
    const before = commits;
    await Promise.all([10, 11, 12, 13, 14, 15, 16].map((n) => group.submit(insert(n))));
    assert.equal(commits - before, 2);
    assert.deepEqual(committedRows().slice(4), [10, 11, 12, 13, 14, 15, 16]);
  });

  test('a write that fails is rolled back alone, and only its caller gets the error', async () => {
    const failing = () => {
      db.prepare('INSERT INTO t (n) VALUES (?)').run(21);
      throw new Error('该记录已登记');
    };
    const settled = await Promise.allSettled([group.submit(insert(20)), group.submit(failing), group.submit(insert(22))]);
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /该记录已登记/);
    assert.deepEqual(committedRows().slice(-2), [20, 22]);
  });

  test('a failure that ends the transaction fails every write of the batch, and keeps none', async () => {
    const endsTransaction = () => {
      db.prepare('INSERT INTO t (n) VALUES (?)').run(31);
      // What SQLite does itself on a full disk or an I/O error: the whole transaction is gone.
      db.prepare('ROLLBACK').run();
      throw new Error('磁盘已满');
    };
    const settled = await Promise.allSettled([group.submit(insert(30)), group.submit(endsTransaction), group.submit(insert(32))]);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'rejected', 'rejected']);
    assert.ok(!committedRows().some((n) => n >= 30));
    // And the next batch works.
    await group.submit(insert(40));
    assert.deepEqual(committedRows().slice(-1), [40]);
  });
});
