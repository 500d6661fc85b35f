// An import holds the database connection's page cache at SQLite's default while it runs, so a
// large file stays within its memory budget (a million-row CSV filled a 32 MiB cache with
// ID-number index pages), and gives the node's own setting back when it ends — whether the
// file imported or stopped — so the sync engine's reads keep their cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetUpNode } from '../support/test-node';
import { openRawDatabase } from '../support/raw-database';
import { buildNodeParts } from '../../main/core/services';
import { SessionStore } from '../../main/auth/sessions';
import { RESOURCE_DISASTER_REPORT } from '../../common/catalog/sample-catalog';
import type { SessionUser } from '../../common/contract';
import { csvText } from './support/fixtures';

const SQLITE_DEFAULT_CACHE = -2000;
const NODE_CACHE = -32768;

test('an import runs with a small page cache and restores the node’s own afterwards, also after a refused file', { timeout: 120_000 }, async () => {
  const t = await startSetUpNode();
  t.node.close();
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-cache-'));
  const db = await openRawDatabase(t.dataDir, t.keyFile);
  try {
    const now = () => new Date();
    const { services } = buildNodeParts(db, new SessionStore(now), now, 'test', { automatic: false }, { watch: false, chunkRows: 100 });
    const clerk: SessionUser = { username: 'clerk', displayName: '测试clerk', role: 'clerk', unit: '扶贫办' };
    db.pragma(`cache_size = ${NODE_CACHE}`); // whatever the node runs with, it must come back
    const cache = () => Number(db.pragma('cache_size', { simple: true }));
    const ROWS = 1500;
    const file = join(dir, '灾情.csv');
    writeFileSync(file, csvText([['报送单位', '灾害类型', '发生日期', '受灾区划', '受灾人口', '报告人电话'], ...Array.from({ length: ROWS }, (_, i) => ['湾岭镇', '台风', '2024-10-01', '469030', String(i), '13812345678'])]));

    // The import yields between its transactions; look at the setting each time it does.
    const seen = new Set<number>();
    let done = false;
    const importing = services.intake.importPath(clerk, file, { resourceCode: RESOURCE_DISASTER_REPORT }).finally(() => (done = true));
    for (let turns = 0; !done && turns < 1_000_000; turns++) {
      seen.add(cache());
      await new Promise((resolve) => setImmediate(resolve));
    }
    const report = await importing;
    assert.equal(report.imported, ROWS);
    assert.ok(seen.has(SQLITE_DEFAULT_CACHE), `the cache was held small during the import (seen: ${[...seen].join(', ')})`);
    assert.equal(cache(), NODE_CACHE, 'the node’s cache setting is back after the import');

    // A file refused before any row (a required column missing) gives the setting back too.
    const bad = join(dir, '缺列.csv');
    writeFileSync(bad, csvText([['报送单位', '灾害类型'], ['湾岭镇', '台风']]));
    const refused = await services.intake.importPath(clerk, bad, { resourceCode: RESOURCE_DISASTER_REPORT });
    assert.match(refused.fileProblem ?? '', /缺少必填列/);
    assert.equal(cache(), NODE_CACHE);
    await services.intake.stop();
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(t.dataDir, '..'), { recursive: true, force: true });
  }
});
