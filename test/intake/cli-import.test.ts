// `edge-node import FILE` and `edge-node intake watch` as county IT runs them: real
// processes, a real data folder, the file read by path (streamed, no base64), progress on
// stderr, the Chinese report on stdout (or JSON), exit codes that say what happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, NODE_IDENTITY, RECOVERY_PASSPHRASE, PASSWORDS } from '../support/test-node';
import { readyUserSteps } from '../support/cli-run';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { ImportReport } from '../../common/contract';
import { POVERTY_HEADERS, csvText, povertyRow, xlsxBuffer } from './support/fixtures';
import { xlsBuffer } from './support/handmade-xlsx';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-import-'));
const env = { ...process.env, EDGE_NODE_DATA_DIR: join(root, 'data'), EDGE_NODE_KEY_FILE: join(root, 'cfg', 'node.keyfile') };

function cli(args: string[], password?: string, extra: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/edge-node.mjs', ...args], {
    env: { ...env, ...(password ? { EDGE_NODE_PASSWORD: password } : {}), ...extra },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

before(() => {
  const init = cli(
    ['init', '--unit-name', NODE_IDENTITY.unitName, '--credit-code', NODE_IDENTITY.creditCode, '--division-code', NODE_IDENTITY.divisionCode, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName],
    undefined,
    { EDGE_NODE_ADMIN_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE },
  );
  assert.equal(init.code, 0, init.err);
  for (const [username, role] of [['clerk', 'clerk'], ['operator', 'operator']] as const) {
    for (const step of readyUserSteps({ username, name: username, role, unit: '扶贫办', password: PASSWORDS[role] })) {
      const run = cli(step.args, undefined, step.env);
      assert.equal(run.code, 0, run.err);
    }
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a clerk imports a CSV by path: resource recognised, Chinese report, exit code 3 for rejected rows; again: nothing twice', () => {
  const file = join(root, '贫困户.csv');
  const rows = [POVERTY_HEADERS, ...Array.from({ length: 1200 }, (_, i) => povertyRow(i)), povertyRow(5000, { 户主公民身份号码: '1.10105E+17' })];
  writeFileSync(file, csvText(rows));
  const first = cli(['import', file, '--as', 'clerk'], PASSWORDS.clerk);
  assert.equal(first.code, 3, first.err);
  assert.match(first.out, /结果：共 1201 行数据，导入 1200 行，拒绝 1 行/);
  assert.match(first.out, /第 1202 行 {2}「户主公民身份号码」 {2}值：\*+\n {4}身份证号在 Excel 中被存成了数字/);
  const again = cli(['import', file, '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, '--json'], PASSWORDS.clerk);
  assert.equal(again.code, 0, again.err);
  const report = JSON.parse(again.out) as ImportReport;
  assert.equal(report.alreadyImported, true);
  assert.equal(report.previousImport?.imported, 1200);
});

test('an XLSX sheet by name; a file refused as a whole is exit code 2; other roles and missing files are refused', async () => {
  const xlsx = join(root, '台账.xlsx');
  writeFileSync(xlsx, await xlsxBuffer([{ name: '封面', rows: [['台账']] }, { name: '数据', rows: [POVERTY_HEADERS, povertyRow(7000), povertyRow(7001)] }]));
  const ok = cli(['import', xlsx, '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, '--sheet', '数据', '--json'], PASSWORDS.clerk);
  assert.equal(ok.code, 0, ok.err);
  assert.deepEqual([(JSON.parse(ok.out) as ImportReport).imported, (JSON.parse(ok.out) as ImportReport).sheet], [2, '数据']);

  const missing = join(root, '缺列.csv');
  writeFileSync(missing, csvText([['户主姓名'], ['王']]));
  const refused = cli(['import', missing, '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD], PASSWORDS.clerk);
  assert.equal(refused.code, 2);
  assert.match(refused.out, /问题：缺少必填列/);

  const operator = cli(['import', missing, '--as', 'operator', '--resource', RESOURCE_POVERTY_HOUSEHOLD], PASSWORDS.operator);
  assert.equal(operator.code, 1);
  assert.match(operator.err, /无权导入数据/);
  const nothing = cli(['import', join(root, 'no-such.csv'), '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD], PASSWORDS.clerk);
  assert.equal(nothing.code, 1);
  assert.match(nothing.err, /找不到该文件/);
});

test('the second sheet of a workbook imported from its first sheet is a new import; the same sheet again is not', async () => {
  const xlsx = join(root, '两个月.xlsx');
  writeFileSync(xlsx, await xlsxBuffer([{ name: '3月', rows: [POVERTY_HEADERS, povertyRow(7100)] }, { name: '4月', rows: [POVERTY_HEADERS, povertyRow(7200), povertyRow(7201)] }]));
  const march = cli(['import', xlsx, '--as', 'clerk', '--json'], PASSWORDS.clerk);
  assert.equal(march.code, 0, march.err);
  assert.deepEqual(pick(JSON.parse(march.out) as ImportReport), { sheet: '3月', imported: 1, alreadyImported: false });
  const april = cli(['import', xlsx, '--as', 'clerk', '--sheet', '4月', '--json'], PASSWORDS.clerk);
  assert.equal(april.code, 0, april.err);
  assert.deepEqual(pick(JSON.parse(april.out) as ImportReport), { sheet: '4月', imported: 2, alreadyImported: false });
  const again = cli(['import', xlsx, '--as', 'clerk', '--sheet', '4月', '--json'], PASSWORDS.clerk);
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(pick(JSON.parse(again.out) as ImportReport), { sheet: '4月', imported: 0, alreadyImported: true });
});

test('an Excel 97–2003 .xls is imported by path like any workbook', () => {
  const xls = join(root, '台账.xls');
  writeFileSync(xls, xlsBuffer([{ name: '台账', rows: [POVERTY_HEADERS, povertyRow(7300), povertyRow(7301), povertyRow(7302)] }]));
  const run = cli(['import', xls, '--as', 'clerk', '--json'], PASSWORDS.clerk);
  assert.equal(run.code, 0, run.err);
  const report = JSON.parse(run.out) as ImportReport;
  assert.deepEqual([report.format, report.sheet, report.imported], ['xls', '台账', 3]);
});

const pick = (r: ImportReport) => ({ sheet: r.sheet, imported: r.imported, alreadyImported: r.alreadyImported });

test('an operator lists, adds and removes watch folders', () => {
  const dir = join(root, '监视');
  mkdirSync(dir);
  const add = cli(['intake', 'watch', '--as', 'operator', '--add', dir, '--resource', RESOURCE_POVERTY_HOUSEHOLD, '--unit', '扶贫办'], PASSWORDS.operator);
  assert.equal(add.code, 0, add.err);
  assert.match(add.out, new RegExp(`${dir}\\s+${RESOURCE_POVERTY_HOUSEHOLD}\\s+扶贫办`));
  const list = cli(['intake', 'watch', '--as', 'operator', '--json'], PASSWORDS.operator);
  assert.deepEqual(JSON.parse(list.out), [{ path: dir, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, unit: '扶贫办' }]);
  const clerk = cli(['intake', 'watch', '--as', 'clerk'], PASSWORDS.clerk);
  assert.equal(clerk.code, 1);
  const remove = cli(['intake', 'watch', '--as', 'operator', '--remove', dir], PASSWORDS.operator);
  assert.equal(remove.code, 0, remove.err);
  assert.match(remove.out, /未配置监视文件夹/);
});
