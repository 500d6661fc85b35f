// Watch folders against real folders, a real node and real chokidar events: files present at
// start-up, files written slowly in chunks, files written by rename, hundreds of small files
// at once, and a node restarted in the middle — every good row present exactly once, every
// file in processed/ or rejected/ with its reports. Then the hard cases: a file removed
// mid-import, files that cannot be read, and a full disk while writing the report.
//
// Unreadable files: the tests run as root, where chmod 000 does not stop a read, so an
// unreadable file is simulated by what cannot be read whatever the permissions: a directory
// named like a data file, and a FIFO (reading it would block; the watcher must not try).
// A full disk is real: the report's temporary file is made a symlink to /dev/full, whose
// every write fails with ENOSPC.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetUpNode, PASSWORDS } from '../support/test-node';
import { openRawDatabase } from '../support/raw-database';
import { RESOURCE_DISASTER_REPORT, RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { ImportReport, WatchStatus } from '../../common/contract';
import { intakeHostAccess } from '../../main/api/host-access';
import { isIgnoredName } from '../../main/intake/watch-folders';
import type { Db } from '../../main/store/database';
import { POVERTY_HEADERS, csvText, gb18030, povertyRow, uniqueIdNumber } from './support/fixtures';
import { xlsBuffer } from './support/handmade-xlsx';
import { reopenWithIntake, until } from './support/intake-node';

type Node = Awaited<ReturnType<typeof startSetUpNode>>;

const STABLE_MS = 600;
const INTAKE = { watch: true, chunkRows: 50, watchOptions: { stableMs: STABLE_MS, retryMs: 50, readAttempts: 3, laterMs: 300 } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every wait below ends on its state; the bounds (120 s a wait, 300 s a test) are for a loaded machine.

/**
 * Appends `text` to `path` in `pieces` parts, `pauseMs` apart, from a separate process: the
 * node imports in this process, and its work must not stall the writer (a stalled writer
 * pauses longer than the stability window, which is a different case).
 */
async function writeSlowlyElsewhere(path: string, text: string, pieces: number, pauseMs: number): Promise<void> {
  const script = `
    const { appendFileSync } = require('node:fs');
    const { path, text, pieces, pauseMs } = JSON.parse(process.env.SLOW_WRITE);
    const step = Math.ceil(text.length / pieces);
    let at = 0;
    const next = () => {
      appendFileSync(path, text.slice(at, at + step));
      at += step;
      if (at < text.length) setTimeout(next, pauseMs);
    };
    next();`;
  await promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, SLOW_WRITE: JSON.stringify({ path, text, pieces, pauseMs }) }, timeout: 30_000 });
}

const DISASTER_HEADERS = ['报送单位', '灾害类型', '发生日期', '受灾区划', '受灾人口', '报告人电话'];
const disasterRow = (i: number) => ['湾岭镇', '台风', '2024-10-01', '469030', String(i), '13812345678'];

async function relogin(t: Node): Promise<void> {
  for (const role of ['clerk', 'operator', 'official'] as const) t.tokens[role] = await t.login(role, PASSWORDS[role]);
}

async function watchStatus(t: Node): Promise<WatchStatus> {
  const status = await t.call(t.tokens.operator, 'intake.watchStatus', {});
  assert.ok(status.ok, JSON.stringify(status));
  return status.value;
}

async function activeCount(t: Node, resourceCode: string): Promise<number> {
  const status = await t.call(t.tokens.official, 'status.get', {});
  assert.ok(status.ok);
  return status.value.resources.find((r) => r.resourceCode === resourceCode)!.active;
}

/** Data files still waiting in a watch folder (ignored names and the two result folders aside). */
function pending(dir: string): string[] {
  return readdirSync(dir).filter((n) => n !== 'processed' && n !== 'rejected' && !isIgnoredName(n) && n !== '说明.docx');
}

function report(dir: string, name: string): ImportReport {
  return JSON.parse(readFileSync(join(dir, `${name}.report.json`), 'utf8')) as ImportReport;
}

describe('watch folders', () => {
  let t: Node;
  let root: string;
  let byName: string;
  let poverty: string;

  before(async () => {
    t = await startSetUpNode();
    root = mkdtempSync(join(tmpdir(), 'edge-node-watch-'));
    byName = join(root, '按文件名');
    poverty = join(root, '贫困户');
    mkdirSync(byName);
    mkdirSync(poverty);
  });
  after(() => {
    t.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  test('start-up files, slow writes, renames and hundreds of files, with a restart midway: every good row exactly once', { timeout: 400_000 }, async () => {
    let next = 0; // next fixture number: every good poverty row has its own ID number
    let goodPoverty = 0;
    const files = new Map<string, { dir: string; rejected: boolean }>();
    const goodRowsOf = new Map<string, number[]>(); // file → fixture numbers of its good rows
    const povertyFile = (dir: string, name: string, rows: number, bad = 0) => {
      const body: string[][] = [POVERTY_HEADERS];
      goodRowsOf.set(name, Array.from({ length: rows }, (_, k) => next + k));
      for (let k = 0; k < rows; k++) body.push(povertyRow(next++));
      for (let k = 0; k < bad; k++) body.push(povertyRow(next++, { 户主公民身份号码: '123' }));
      goodPoverty += rows;
      files.set(name, { dir, rejected: rows === 0 && bad > 0 });
      return body;
    };

    // Present before the node watches (the node is reopened with watch timings first).
    await reopenWithIntake(t, INTAKE);
    await relogin(t);
    writeFileSync(join(byName, '203001-00001_村甲.csv'), gb18030(csvText(povertyFile(byName, '203001-00001_村甲.csv', 20, 2))));
    writeFileSync(join(poverty, '村乙.csv'), csvText(povertyFile(poverty, '村乙.csv', 15)));
    const DISASTER_ROWS = 6000;
    writeFileSync(join(byName, '212001-00001_台风.csv'), csvText([DISASTER_HEADERS, ...Array.from({ length: DISASTER_ROWS }, (_, i) => disasterRow(i))]));
    files.set('212001-00001_台风.csv', { dir: byName, rejected: false });
    // Files refused as a whole.
    writeFileSync(join(byName, '999999-00000_未知资源.csv'), csvText([['a'], ['1']]));
    files.set('999999-00000_未知资源.csv', { dir: byName, rejected: true });
    writeFileSync(join(poverty, '缺列.csv'), csvText([['户主姓名'], ['王']]));
    files.set('缺列.csv', { dir: poverty, rejected: true });
    writeFileSync(join(byName, '203001-00001_网页导出.xls'), '<html><table><tr><td>1</td></tr></table></html>');
    files.set('203001-00001_网页导出.xls', { dir: byName, rejected: true });
    // Excel 97–2003 and WPS workbooks are imported like any other file.
    writeFileSync(join(byName, '203001-00001_台账.xls'), xlsBuffer([{ name: '台账', rows: povertyFile(byName, '203001-00001_台账.xls', 12) }]));
    writeFileSync(join(poverty, '台账.et'), xlsBuffer([{ name: '台账', rows: povertyFile(poverty, '台账.et', 8) }]));
    // Not a data file: left where it is.
    writeFileSync(join(byName, '说明.docx'), 'not data');
    // Ignored: Office lock files and dotfiles stay where they are.
    writeFileSync(join(poverty, '~$村乙.xlsx'), 'lock');
    writeFileSync(join(poverty, '.hidden.csv'), 'x');

    const set = await t.call(t.tokens.operator, 'intake.setWatchFolders', {
      folders: [
        { path: byName, resourceCode: null },
        { path: poverty, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, unit: '扶贫办' },
      ],
    });
    assert.ok(set.ok, JSON.stringify(set));

    // Written slowly, in chunks, under its final name: the size-stable check must wait.
    const slow = writeSlowlyElsewhere(join(poverty, '慢慢写.csv'), csvText(povertyFile(poverty, '慢慢写.csv', 40)), 5, STABLE_MS / 5);
    // Written as .part with long pauses (longer than stableMs), then renamed.
    const renamed = (async () => {
      const text = csvText(povertyFile(poverty, '改名.csv', 30));
      const part = join(poverty, '改名.csv.part');
      appendFileSync(part, text.slice(0, 100));
      await sleep(STABLE_MS + 300);
      appendFileSync(part, text.slice(100));
      await sleep(400);
      renameSync(part, join(poverty, '改名.csv'));
    })();
    // Hundreds of small files at once, each with one good row (some with a bad one too).
    for (let k = 0; k < 300; k++) {
      const name = `203001-00001_批量${String(k).padStart(3, '0')}.csv`;
      writeFileSync(join(byName, name), csvText(povertyFile(byName, name, 1, k % 10 === 0 ? 1 : 0)));
    }

    // Restart in the middle of the big file without a key (only the per-file progress can
    // keep its rows from being imported twice), while other files are still waiting and two
    // are still being written.
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    let committedAtRestart = 0;
    try {
      const progress = () => raw.prepare(`SELECT committed_through AS n FROM intake_files WHERE file_name = '212001-00001_台风.csv' AND state = 'partial'`).get() as { n: number } | undefined;
      await until('the big file to be part-imported', () => (progress()?.n ?? 0) > 0, 120_000, 2);
      await reopenWithIntake(t, INTAKE);
      committedAtRestart = progress()?.n ?? 0;
    } finally {
      raw.close();
    }
    assert.ok(committedAtRestart > 1 && committedAtRestart < DISASTER_ROWS, `restart came at row ${committedAtRestart}`);
    assert.ok(pending(byName).length > 0, 'the restart should come while files are still waiting');
    await relogin(t);
    await Promise.all([slow, renamed]);

    await until('every file handled', () => pending(byName).length === 0 && pending(poverty).length === 0, 120_000, 100);
    await intakeHostAccess(t.node).watchIdle();

    // Every file is in processed/ or rejected/ with its two reports; ignored files stayed.
    for (const [name, { dir, rejected }] of files) {
      const where = join(dir, rejected ? 'rejected' : 'processed');
      assert.ok(existsSync(join(where, name)), `${name} should be in ${where}`);
      assert.ok(existsSync(join(where, `${name}.report.txt`)), `${name}.report.txt`);
      const r = report(where, name);
      if (rejected) assert.ok(r.fileProblem || (r.imported === 0 && r.rejected > 0), `${name}: ${JSON.stringify(r)}`);
    }
    assert.ok(existsSync(join(poverty, '~$村乙.xlsx')) && existsSync(join(poverty, '.hidden.csv')) && existsSync(join(byName, '说明.docx')));
    assert.match(readFileSync(join(byName, 'rejected', '203001-00001_网页导出.xls.report.txt'), 'utf8'), /扩展名是 Excel 工作簿，但内容不是/);
    assert.deepEqual([report(join(byName, 'processed'), '203001-00001_台账.xls').imported, report(join(poverty, 'processed'), '台账.et').imported], [12, 8]);
    assert.match(readFileSync(join(poverty, 'rejected', '缺列.csv.report.txt'), 'utf8'), /缺少必填列：「户主公民身份号码」/);
    assert.match(readFileSync(join(byName, 'rejected', '999999-00000_未知资源.csv.report.txt'), 'utf8'), /文件名中没有资源代码/);
    const typhoon = report(join(byName, 'processed'), '212001-00001_台风.csv');
    assert.deepEqual([typhoon.imported, typhoon.totalRows, typhoon.fileProblem], [DISASTER_ROWS, DISASTER_ROWS, null]);
    const village = report(join(byName, 'processed'), '203001-00001_村甲.csv');
    assert.deepEqual([village.encoding, village.imported, village.rejected], ['gb18030', 20, 2]);

    // Every good row exactly once — including the resource without a key, where only the
    // per-file progress (not duplicate detection) can prevent a second copy.
    const povertyCount = await activeCount(t, RESOURCE_POVERTY_HOUSEHOLD);
    if (povertyCount !== goodPoverty) {
      // Name the files whose rows are missing, so a failure says where to look.
      const missing: string[] = [];
      for (const [name, numbers] of goodRowsOf) {
        let absent = 0;
        for (const i of numbers) {
          const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: uniqueIdNumber(i) });
          if (!found.ok || found.value.length === 0) absent++;
        }
        if (absent > 0) missing.push(`${name}: ${absent} of ${numbers.length}`);
      }
      assert.fail(`${goodPoverty - povertyCount} good poverty rows missing — ${missing.join('; ') || 'none by key lookup'}`);
    }
    assert.equal(await activeCount(t, RESOURCE_DISASTER_REPORT), DISASTER_ROWS);
    for (const i of [0, 19, 40, 100, next - 1]) {
      const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: uniqueIdNumber(i) });
      assert.ok(found.ok);
    }
    // The operator's status names files, counts and outcomes — never contents.
    const status = await watchStatus(t);
    assert.equal(status.folders.length, 2);
    assert.ok(status.files.length > 0);
    assert.doesNotMatch(JSON.stringify(status), /\d{17}[\dX]|王|符/);
  });

  test('a file removed mid-import: the report says so and only whole committed chunks stay', { timeout: 300_000 }, async () => {
    const raw: Db = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      const before = await activeCount(t, RESOURCE_DISASTER_REPORT);
      const name = '212001-00001_删除.csv';
      writeFileSync(join(byName, name), csvText([DISASTER_HEADERS, ...Array.from({ length: 20_000 }, (_, i) => disasterRow(100_000 + i))]));
      const progress = () => raw.prepare(`SELECT committed_through AS n, state FROM intake_files WHERE file_name = ?`).get(name) as { n: number; state: string } | undefined;
      await until('the import to be under way', () => (progress()?.n ?? 0) > 0, 120_000, 2);
      unlinkSync(join(byName, name));
      await until('the report in rejected/', () => existsSync(join(byName, 'rejected', `${name}.report.json`)), 120_000);
      const r = report(join(byName, 'rejected'), name);
      assert.match(r.fileProblem ?? '', /^文件在导入过程中被删除或移走，导入已在此处停止。已提交的数据保留：截至第 \d+ 行/);
      assert.ok(r.imported > 0 && r.imported < 20_000, JSON.stringify(r));
      assert.equal(r.imported % INTAKE.chunkRows, 0, 'whole chunks only');
      assert.equal(await activeCount(t, RESOURCE_DISASTER_REPORT), before + r.imported);
      assert.equal(progress()!.state, 'partial');
    } finally {
      raw.close();
    }
  });

  test('what cannot be read (a directory named like a file, a FIFO) is retried, then moved to rejected/ with a report', { timeout: 300_000 }, async () => {
    mkdirSync(join(byName, '203001-00001_文件夹.csv'));
    execFileSync('mkfifo', [join(byName, '203001-00001_管道.csv')]);
    for (const name of ['203001-00001_文件夹.csv', '203001-00001_管道.csv']) {
      // The report is written first, then the file moved: wait for both.
      await until(`${name} rejected`, () => existsSync(join(byName, 'rejected', `${name}.report.txt`)) && existsSync(join(byName, 'rejected', name)), 120_000);
      const text = readFileSync(join(byName, 'rejected', `${name}.report.txt`), 'utf8');
      assert.match(text, /无法读取该文件（已尝试 3 次）：这不是普通文件/);
    }
  });

  test('a full disk while writing the report leaves the file in place, across a restart; once there is room it is moved, rows not imported twice', { timeout: 300_000 }, async () => {
    const name = '203001-00001_磁盘满.csv';
    const trap = join(byName, 'processed', `.${name}.report.json.${process.pid}.tmp`);
    symlinkSync('/dev/full', trap);
    const before = await activeCount(t, RESOURCE_POVERTY_HOUSEHOLD);
    writeFileSync(join(byName, name), csvText([POVERTY_HEADERS, povertyRow(50_000), povertyRow(50_001)]));
    await until('the disk-full problem shown', async () => (await watchStatus(t)).files.some((f) => f.file === name && /磁盘空间不足/.test(f.problem ?? '')), 120_000);
    assert.ok(existsSync(join(byName, name)), 'the source stays where it was');
    assert.equal(await activeCount(t, RESOURCE_POVERTY_HOUSEHOLD), before + 2, 'the rows are committed');
    await sleep(700); // a retry or two, still failing
    assert.ok(existsSync(join(byName, name)));
    // The node stops now, between commit and move; at the next start the file is recognised
    // by its content hash as imported, and only its report is written and the file moved.
    await reopenWithIntake(t, INTAKE);
    await relogin(t);
    await sleep(500);
    assert.ok(existsSync(join(byName, name)), 'still no room: still in place');
    unlinkSync(trap); // room again
    await until('moved to processed/', () => existsSync(join(byName, 'processed', name)), 120_000);
    const r = report(join(byName, 'processed'), name);
    assert.equal(r.imported, 2);
    assert.equal(r.alreadyImported, false, 'the report is the import\'s own, not a "seen before"');
    assert.equal(await activeCount(t, RESOURCE_POVERTY_HOUSEHOLD), before + 2);
  });

  test('the same file dropped again is moved to processed/ with a report saying it was imported before', { timeout: 300_000 }, async () => {
    const again = readFileSync(join(byName, 'processed', '203001-00001_村甲.csv'));
    writeFileSync(join(byName, '203001-00001_村甲.csv'), again);
    await until('moved again', () => existsSync(join(byName, 'processed', '203001-00001_村甲-2.csv')), 120_000);
    const r = report(join(byName, 'processed'), '203001-00001_村甲-2.csv');
    assert.equal(r.alreadyImported, true);
    assert.equal(r.imported, 0);
    assert.match(readFileSync(join(byName, 'processed', '203001-00001_村甲-2.csv.report.txt'), 'utf8'), /本次没有重复导入任何数据/);
  });

  test('folder settings are checked: absolute, existing, no nesting, a known resource, a unit with clerks', async () => {
    const bad = async (folder: { path: string; resourceCode: string | null; unit?: string | null }, pattern: RegExp) => {
      const answer = await t.call(t.tokens.operator, 'intake.setWatchFolders', { folders: [folder] });
      assert.ok(!answer.ok && pattern.test(answer.error.message), JSON.stringify(answer));
    };
    await bad({ path: 'relative/dir', resourceCode: null }, /绝对路径/);
    await bad({ path: join(root, 'missing'), resourceCode: null }, /不存在/);
    await bad({ path: byName, resourceCode: '999999-99999' }, /目录中没有资源/);
    await bad({ path: byName, resourceCode: null, unit: '没有这个单位' }, /没有属于「没有这个单位」的录入员账户/);
    await bad({ path: t.dataDir, resourceCode: null }, /本节点的数据文件夹/);
    await bad({ path: join(t.dataDir, '..'), resourceCode: null }, /本节点的数据文件夹或包含它/);
    const nested = await t.call(t.tokens.operator, 'intake.setWatchFolders', { folders: [{ path: root, resourceCode: null }, { path: byName, resourceCode: null }] });
    assert.ok(!nested.ok && /互相包含/.test(nested.error.message));
    const clerk = await t.call(t.tokens.clerk, 'intake.watchStatus', {});
    assert.ok(!clerk.ok && clerk.error.code === 'FORBIDDEN');
  });
});
