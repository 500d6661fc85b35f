// The restore's swap, cut off at each step it can be cut off at: at the next start the node
// finds either its previous database and key slots exactly as they were, or the restored ones
// complete — never a mix, never nothing.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dataPaths, type DataPaths } from '../../platform/data-paths';
import { backupPaths } from './files';
import { recoverInterruptedRestore } from './restore';

const OLD_KEYS = JSON.stringify({ format: 1, slots: [{ kind: 'keyfile', sealed: 'old' }] });
const NEW_KEYS = { format: 1, slots: [{ kind: 'keyfile', sealed: 'new' }] };

describe('restore journal: recovery at start', () => {
  let root: string;
  let paths: DataPaths;
  let b: ReturnType<typeof backupPaths>;
  let replaced: string;

  const journal = (replacedDir: string | null) => writeFileSync(b.journal, JSON.stringify({ startedAt: 'now', replacedDir, keySlots: NEW_KEYS }));
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : null);
  const moveAside = (file: string) => renameSync(file, join(replaced, basename(file)));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'edge-node-journal-'));
    paths = dataPaths(join(root, 'data'));
    mkdirSync(paths.dataDir);
    b = backupPaths(paths);
    replaced = join(paths.dataDir, 'replaced-20261126-080000');
    writeFileSync(paths.database, 'OLD DATABASE');
    writeFileSync(`${paths.database}-wal`, 'OLD WAL');
    writeFileSync(paths.keySlots, OLD_KEYS);
    writeFileSync(b.restoring, 'RESTORED DATABASE');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const assertOldIntact = () => {
    assert.equal(read(paths.database), 'OLD DATABASE');
    assert.equal(read(`${paths.database}-wal`), 'OLD WAL');
    assert.equal(read(paths.keySlots), OLD_KEYS);
    assert.ok(!existsSync(b.restoring));
    assert.ok(!existsSync(b.journal));
  };

  test('no journal: a half-decrypted restore is removed, nothing else touched', async () => {
    assert.equal(await recoverInterruptedRestore(paths), 'cleaned');
    assertOldIntact();
  });

  test('journal written, nothing moved yet: rolled back', async () => {
    journal(replaced);
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-back');
    assertOldIntact();
  });

  test('database moved aside, key slots not yet: rolled back', async () => {
    journal(replaced);
    mkdirSync(replaced);
    moveAside(paths.database);
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-back');
    assertOldIntact();
    assert.ok(!existsSync(replaced), 'the empty replaced folder goes too');
  });

  test('everything moved aside and the new key slots written, not yet committed: rolled back to the old key slots', async () => {
    journal(replaced);
    mkdirSync(replaced);
    moveAside(paths.database);
    moveAside(`${paths.database}-wal`);
    moveAside(paths.keySlots);
    writeFileSync(paths.keySlots, JSON.stringify(NEW_KEYS));
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-back');
    assertOldIntact();
  });

  test('committed (the restored database renamed into place), journal not yet removed: rolled forward', async () => {
    journal(replaced);
    mkdirSync(replaced);
    moveAside(paths.database);
    moveAside(`${paths.database}-wal`);
    moveAside(paths.keySlots);
    renameSync(b.restoring, paths.database);
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-forward');
    assert.equal(read(paths.database), 'RESTORED DATABASE');
    assert.deepEqual(JSON.parse(read(paths.keySlots)!), NEW_KEYS);
    assert.equal(read(join(replaced, 'edge-node.db')), 'OLD DATABASE', 'the replaced database is kept');
    assert.equal(read(join(replaced, 'keys.json')), OLD_KEYS);
    assert.ok(!existsSync(b.journal));
  });

  test('a fresh install cut off after writing its key slots stays a fresh install', async () => {
    rmSync(paths.database);
    rmSync(`${paths.database}-wal`);
    writeFileSync(paths.keySlots, JSON.stringify(NEW_KEYS));
    journal(null);
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-back');
    assert.ok(!existsSync(paths.keySlots));
    assert.ok(!existsSync(paths.database));
    assert.ok(!existsSync(b.restoring));
  });

  test('a torn journal (cut off while it was written) means nothing had moved', async () => {
    writeFileSync(b.journal, '{"startedAt": "now", "replac');
    assert.equal(await recoverInterruptedRestore(paths), 'rolled-back');
    assertOldIntact();
  });
});
