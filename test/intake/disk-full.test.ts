// A database that cannot grow (SQLITE_FULL) in the middle of an import: the import stops at
// the last committed transaction, says so in Chinese, and when there is room again the same
// file continues after that row — every row exactly once, even for a resource without a key.
// The full disk is real SQLite behaviour: the connection's max_page_count is capped just
// above the current size, so page allocation fails as on a full disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetUpNode } from '../support/test-node';
import { openRawDatabase, countRows } from '../support/raw-database';
import { buildNodeParts } from '../../main/core/services';
import { SessionStore } from '../../main/auth/sessions';
import { RESOURCE_DISASTER_REPORT } from '../../common/catalog/sample-catalog';
import type { SessionUser } from '../../common/contract';
import { csvText } from './support/fixtures';

test('SQLITE_FULL mid-import: committed chunks stay, the report says so, the same file later continues without doubles', { timeout: 120_000 }, async () => {
  const t = await startSetUpNode();
  t.node.close();
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-full-'));
  const db = await openRawDatabase(t.dataDir, t.keyFile);
  try {
    const now = () => new Date();
    const { services } = buildNodeParts(db, new SessionStore(now), now, 'test', { automatic: false }, { watch: false, chunkRows: 100 });
    const clerk: SessionUser = { username: 'clerk', displayName: '测试clerk', role: 'clerk', unit: '扶贫办' };
    const ROWS = 3000;
    const file = join(dir, '灾情.csv');
    writeFileSync(file, csvText([['报送单位', '灾害类型', '发生日期', '受灾区划', '受灾人口', '报告人电话'], ...Array.from({ length: ROWS }, (_, i) => ['湾岭镇', '台风', '2024-10-01', '469030', String(i), '13812345678'])]));

    const pages = (db.pragma('page_count', { simple: true }) as number) + 200;
    db.pragma(`max_page_count = ${pages}`);
    const first = await services.intake.importPath(clerk, file, { resourceCode: RESOURCE_DISASTER_REPORT });
    assert.match(first.fileProblem ?? '', /^磁盘空间不足，数据库无法写入/);
    assert.ok(first.imported > 0 && first.imported < ROWS && first.imported % 100 === 0, JSON.stringify({ ...first, errors: undefined }));
    assert.equal(countRows(db, 'record_versions'), first.imported);

    db.pragma('max_page_count = 1073741823'); // room again
    const second = await services.intake.importPath(clerk, file, { resourceCode: RESOURCE_DISASTER_REPORT });
    assert.equal(second.fileProblem, null);
    assert.equal(second.alreadyImported, false);
    assert.equal(second.imported, ROWS, 'the report counts the whole file, across both runs');
    assert.equal(countRows(db, 'record_versions'), ROWS, 'every row exactly once');
    const third = await services.intake.importPath(clerk, file, { resourceCode: RESOURCE_DISASTER_REPORT });
    assert.equal(third.alreadyImported, true);
    await services.intake.stop();
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(t.dataDir, '..'), { recursive: true, force: true });
  }
});
