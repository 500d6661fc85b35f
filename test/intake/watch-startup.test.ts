// A file that lands in a watch folder while the node is starting. chokidar reads the folder
// first and subscribes to its changes after; a file renamed into the folder in between raised
// no event and sat there until something else changed in the folder (the crash-loop test
// found it: a file dropped right after a restart, never imported).
// The moment is made exact, not hoped for: Node's fs.watch is wrapped (the real one still
// runs) so that the file lands just before chokidar subscribes to the folder, after its read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSetUpNode, PASSWORDS } from '../support/test-node';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { ImportReport } from '../../common/contract';
import { POVERTY_HEADERS, csvText, povertyRow } from './support/fixtures';
import { reopenWithIntake, until } from './support/intake-node';

const ROWS = 12;

/** Runs `land` once, just before the first fs.watch of `folder`, until the returned function undoes it. */
function landBeforeSubscribing(folder: string, land: () => void): { landed: () => boolean; undo: () => void } {
  const realWatch = fs.watch;
  let landed = false;
  fs.watch = ((path: fs.PathLike, ...rest: unknown[]) => {
    if (!landed && resolve(String(path)) === resolve(folder)) {
      landed = true;
      land();
    }
    return (realWatch as (...args: unknown[]) => fs.FSWatcher)(path, ...rest);
  }) as typeof fs.watch;
  // chokidar imports `watch` from node:fs as an ES module: its binding follows this only after a sync.
  syncBuiltinESMExports();
  return {
    landed: () => landed,
    undo: () => {
      fs.watch = realWatch;
      syncBuiltinESMExports();
    },
  };
}

test('a file dropped into a watch folder while the node starts is imported, not left waiting for the next change', { timeout: 300_000 }, async () => {
  const t = await startSetUpNode();
  const folder = mkdtempSync(join(tmpdir(), 'edge-node-watch-start-'));
  const name = '村报送-启动时.csv';
  let gap: ReturnType<typeof landBeforeSubscribing> | null = null;
  try {
    t.tokens.operator = await t.login('operator', PASSWORDS.operator);
    const set = await t.call(t.tokens.operator, 'intake.setWatchFolders', { folders: [{ path: folder, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, unit: null }] });
    assert.ok(set.ok, JSON.stringify(set));
    // Written under an ignored name, then renamed: how a copy lands at once.
    gap = landBeforeSubscribing(folder, () => {
      writeFileSync(join(folder, `~${name}.part`), csvText([POVERTY_HEADERS, ...Array.from({ length: ROWS }, (_, i) => povertyRow(i))]));
      renameSync(join(folder, `~${name}.part`), join(folder, name));
    });
    await reopenWithIntake(t, { watch: true, chunkRows: 50, watchOptions: { stableMs: 150, retryMs: 50, readAttempts: 3, laterMs: 100 } });

    // The report is written first, then the file is moved beside it.
    await until(`${name} imported and moved to processed/`, () => existsSync(join(folder, 'processed', name)), 60_000);
    assert.ok(gap.landed(), 'the file landed between the read and the subscription');
    const report = JSON.parse(readFileSync(join(folder, 'processed', `${name}.report.json`), 'utf8')) as ImportReport;
    assert.equal(report.imported, ROWS, JSON.stringify(report));
    assert.equal(existsSync(join(folder, name)), false, 'the file left the folder');
  } finally {
    gap?.undo();
    t.cleanup();
    rmSync(folder, { recursive: true, force: true });
  }
});
