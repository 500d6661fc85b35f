// A watch-folder file the core died on is set aside at the next start, not read again.
// This test leaves the "being read" mark (reading-mark.ts) as a killed core leaves it — the
// mark is written and fsynced before parsing, so a SIGKILL during parsing leaves exactly
// this — then starts the node: the file goes to rejected/ with a Chinese report, the core
// stays up, and the other files import exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as XLSX from '@e965/xlsx';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetUpNode, PASSWORDS } from '../support/test-node';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { READING_MARK, writeReadingMark } from '../../main/intake/reading-mark';
import { POVERTY_HEADERS, csvText, povertyRow } from './support/fixtures';
import { reopenWithIntake, until } from './support/intake-node';

const INTAKE = { watch: true, chunkRows: 50, watchOptions: { stableMs: 300, retryMs: 50, readAttempts: 3, laterMs: 300 } };

test('a file marked as being read at start-up is quarantined with a report; the others import once', { timeout: 120_000 }, async () => {
  const t = await startSetUpNode();
  const folder = mkdtempSync(join(tmpdir(), 'edge-node-interrupted-'));
  try {
    for (const role of ['clerk', 'operator', 'official'] as const) t.tokens[role] = await t.login(role, PASSWORDS[role]);
    const set = await t.call(t.tokens.operator, 'intake.setWatchFolders', { folders: [{ path: folder, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, unit: '扶贫办' }] });
    assert.ok(set.ok, JSON.stringify(set));
    // What a core killed while parsing leaves behind: the file, still in place, and its mark.
    writeFileSync(join(folder, '崩溃.csv'), csvText([POVERTY_HEADERS, povertyRow(9001)]));
    await writeReadingMark(folder, { file: '崩溃.csv', contentHash: 'x', startedAt: new Date().toISOString() });
    writeFileSync(join(folder, '正常.csv'), csvText([POVERTY_HEADERS, povertyRow(9002), povertyRow(9003)]));

    await reopenWithIntake(t, INTAKE);
    for (const role of ['clerk', 'operator', 'official'] as const) t.tokens[role] = await t.login(role, PASSWORDS[role]);
    await until('both files delivered', () => existsSync(join(folder, 'rejected', '崩溃.csv')) && existsSync(join(folder, 'processed', '正常.csv')));
    assert.equal(existsSync(join(folder, READING_MARK)), false, 'the mark is cleared');
    assert.match(readFileSync(join(folder, 'rejected', '崩溃.csv.report.txt'), 'utf8'), /节点在读取该文件时意外停止.*已将其隔离/);
    const status = await t.call(t.tokens.official, 'status.get', {});
    assert.ok(status.ok);
    assert.equal(status.value.resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!.active, 2, 'only the normal file is imported, once');
  } finally {
    t.cleanup();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a core killed (SIGKILL) while parsing a watch-folder file: after the restart the file is quarantined, the others import once', { timeout: 300_000 }, async () => {
  const t = await startSetUpNode();
  const folder = mkdtempSync(join(tmpdir(), 'edge-node-killed-'));
  try {
    for (const role of ['clerk', 'operator', 'official'] as const) t.tokens[role] = await t.login(role, PASSWORDS[role]);
    const set = await t.call(t.tokens.operator, 'intake.setWatchFolders', { folders: [{ path: folder, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, unit: '扶贫办' }] });
    assert.ok(set.ok, JSON.stringify(set));
    t.node.close();
    // Slow to parse, deterministically: a workbook is parsed whole before its first row is
    // committed, and 60,000 rows take seconds. The kill waits for the mark, not for a time.
    const rows = [POVERTY_HEADERS, ...Array.from({ length: 60_000 }, (_, i) => povertyRow(20_000 + i))];
    const big = Buffer.from(XLSX.write(XLSX.utils.book_new(XLSX.utils.aoa_to_sheet(rows), 'S'), { bookType: 'xlsx', type: 'buffer', compression: true }) as Buffer);
    writeFileSync(join(folder, '大表.xlsx'), big);

    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./support/watch-child.ts', import.meta.url).pathname, t.dataDir, t.keyFile], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EDGE_NODE_TEST: '1' } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until('the child marks the workbook as being read', () => existsSync(join(folder, READING_MARK)), 120_000, 5);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    assert.ok(existsSync(join(folder, '大表.xlsx')), 'the file was still being read');

    writeFileSync(join(folder, '正常.csv'), csvText([POVERTY_HEADERS, povertyRow(9102), povertyRow(9103)]));
    await reopenWithIntake(t, INTAKE);
    for (const role of ['clerk', 'operator', 'official'] as const) t.tokens[role] = await t.login(role, PASSWORDS[role]);
    await until('both files delivered', () => existsSync(join(folder, 'rejected', '大表.xlsx')) && existsSync(join(folder, 'processed', '正常.csv')), 120_000);
    assert.equal(existsSync(join(folder, READING_MARK)), false);
    assert.match(readFileSync(join(folder, 'rejected', '大表.xlsx.report.txt'), 'utf8'), /节点在读取该文件时意外停止/);
    const status = await t.call(t.tokens.official, 'status.get', {});
    assert.ok(status.ok);
    assert.equal(status.value.resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!.active, 2, 'nothing of the killed file, the normal file once');
  } finally {
    t.cleanup();
    rmSync(folder, { recursive: true, force: true });
  }
});
