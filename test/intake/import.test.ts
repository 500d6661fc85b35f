// Importing through the API as the UI does (intake.preview, intake.start, intake.job): a
// GB18030 CSV with Chinese headers and a mix of good and bad rows, whose report must match
// row by row; rows stored exactly as a form registration stores them (version 1, outbox,
// counters, key index), one audit entry per file with no contents; duplicates within the
// file and against the node; re-dropping the same file; missing columns refused before
// anything is written; JSON and JSON Lines; the negative list; who may see which job.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { addReadyAccount } from '../support/accounts';
import { countRows, openRawDatabase } from '../support/raw-database';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import { findResource } from '../../common/catalog/lookup';
import { maskIdNumber } from '../../common/catalog/id-number';
import { validateRecord } from '../../common/catalog/validate-record';
import { validateValue } from '../../common/catalog/validators';
import { canonicalJson } from '../../sync/protocol/canonical-json';
import { withWrongCheckCharacter } from '../support/sample-records';
import type { Db } from '../../main/store/database';
import { POVERTY_HEADERS, csvText, gb18030, povertyRow, uniqueIdNumber } from './support/fixtures';
import { importBytes, waitForJob } from './support/intake-node';

type Node = Awaited<ReturnType<typeof startSetUpNode>>;
const poverty = findResource(sampleCatalog, RESOURCE_POVERTY_HOUSEHOLD)!;
const item = (name: string) => poverty.items.find((i) => i.name === name)!;
const reasonFor = (name: string, value: string) => {
  const r = validateValue(item(name), value);
  assert.ok(!r.ok, `${name}=${value} should be invalid`);
  return r.message;
};

describe('import through the API', () => {
  let t: Node;
  let raw: Db;
  let existingId = '';
  const EXISTING = uniqueIdNumber(9000);

  before(async () => {
    t = await startSetUpNode();
    raw = await openRawDatabase(t.dataDir, t.keyFile);
    // One household registered through the form beforehand: the file repeats it.
    const fields = Object.fromEntries(poverty.items.map((it, i) => [it.code, povertyRow(9000)[i]!]));
    const created = await t.call(t.tokens.clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields });
    assert.ok(created.ok, JSON.stringify(created));
    existingId = created.value.id;
  });
  after(() => {
    raw.close();
    t.cleanup();
  });

  // Row 1 is the header; the report's row numbers are the ones Excel shows.
  const rows: string[][] = [
    POVERTY_HEADERS,
    povertyRow(0), // 2 good
    povertyRow(1, { 户主公民身份号码: withWrongCheckCharacter(uniqueIdNumber(1)) }), // 3 bad check character
    povertyRow(2, { 户主姓名: '　符明２ ', 家庭人口数: '４', 户主公民身份号码: ` ${uniqueIdNumber(2).slice(0, 6)} ${uniqueIdNumber(2).slice(6)}  ` }), // 4 good: full-width, spaces
    POVERTY_HEADERS.map(() => ''), // 5 empty
    povertyRow(3, { 户主姓名: '', 所在村: '4690301002' }), // 6 two errors
    povertyRow(4, { 户主公民身份号码: uniqueIdNumber(0) }), // 7 duplicate of row 2
    povertyRow(5, { 户主公民身份号码: EXISTING }), // 8 already in the node
    povertyRow(6, { 贫困户属性: '特别困难户' }), // 9 not in the code table
    povertyRow(7, { '家庭年人均纯收入（元）': '3500.125' }), // 10 too many decimals
    povertyRow(8, { 户主姓名: '符,"亚妹"' }), // 11 good: comma and quotes in a quoted field
    povertyRow(9, { 识别日期: '2016/3/5' }), // 12 good: date as Excel shows it
  ];
  const file = gb18030(csvText(rows));
  const goodRows = [2, 4, 11, 12];

  test('preview recognises the resource from the GB18030 headers and shows the first rows mapped to items', async () => {
    const preview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: '贫困户2026.csv', fileBase64: file.toString('base64') });
    assert.ok(preview.ok, JSON.stringify(preview));
    const p = preview.value;
    assert.equal(p.format, 'csv');
    assert.equal(p.encoding, 'gb18030');
    assert.equal(p.resourceCode, RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual(p.headers, POVERTY_HEADERS);
    assert.deepEqual(p.mapping.map((m) => m.itemCode), poverty.items.map((i) => i.code));
    assert.deepEqual(p.missingRequired, []);
    assert.deepEqual(p.extraColumns, []);
    assert.equal(p.sampleRows.length, 5, 'five non-empty rows');
    assert.equal(p.sampleRows[0]!.householder_name, povertyRow(0)[0]);
    assert.deepEqual(p.problems, []);
  });

  test('the report matches the file row by row; good rows are stored, bad rows are not', async () => {
    const before = { outbox: countRows(raw, 'outbox'), versions: countRows(raw, 'record_versions'), audit: countRows(raw, 'audit_log') };
    const { job, report } = await importBytes(t, t.tokens.clerk, '贫困户2026.csv', file, RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(job.state, 'done');
    assert.equal(job.processedRows, 11);
    assert.equal(job.totalRows, 11);
    assert.equal(report.encoding, 'gb18030');
    assert.equal(report.alreadyImported, false);
    assert.deepEqual(
      { total: report.totalRows, imported: report.imported, rejected: report.rejected, duplicates: report.duplicates, empty: report.emptyRowsSkipped },
      { total: 10, imported: 4, rejected: 4, duplicates: 2, empty: 1 },
    );
    assert.equal(report.fileProblem, null);
    assert.deepEqual(report.errors, [
      { row: 3, column: '户主公民身份号码', value: maskIdNumber(rows[2]![1]!), reason: '「户主公民身份号码」校验码不正确，请核对号码' },
      { row: 6, column: '户主姓名', value: '', reason: '「户主姓名」为必填项' },
      { row: 6, column: '所在村', value: '4690301002', reason: reasonFor('所在村', '4690301002') },
      { row: 7, column: '户主公民身份号码', value: maskIdNumber(uniqueIdNumber(0)), reason: '与本文件第 2 行的「户主公民身份号码」相同，是重复行，未重复导入' },
      {
        row: 8,
        column: '户主公民身份号码',
        value: maskIdNumber(EXISTING),
        reason: `该户主公民身份号码已在「贫困户信息」中登记（记录编号 ${existingId}），未重复导入；如需修改请更正该记录`,
      },
      { row: 9, column: '贫困户属性', value: '特别困难户', reason: reasonFor('贫困户属性', '特别困难户') },
      { row: 10, column: '家庭年人均纯收入（元）', value: '3500.125', reason: reasonFor('家庭年人均纯收入（元）', '3500.125') },
    ]);
    // No full ID number anywhere in the report.
    assert.doesNotMatch(JSON.stringify(report), /\d{17}[\dX]/);

    // Each good row: stored once, exactly as the form would store it, version 1, with its outbox entry.
    for (const rowNumber of goodRows) {
      const cells = rows[rowNumber - 1]!;
      const expected = validateRecord(poverty, Object.fromEntries(poverty.items.map((it, i) => [it.code, cells[i]!])));
      assert.ok(expected.ok, `row ${rowNumber} fixture should be valid`);
      const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: expected.fields.householder_id_number!, resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
      assert.ok(found.ok && found.value.length === 1, `row ${rowNumber}: ${JSON.stringify(found)}`);
      const record = await t.call(t.tokens.clerk, 'records.get', { id: found.value[0]!.id });
      assert.ok(record.ok);
      assert.deepEqual(record.value.current.fields, expected.fields, `row ${rowNumber}`);
      assert.equal(record.value.current.version, 1);
      assert.equal(record.value.current.updatedBy, 'clerk');
      assert.equal(record.value.current.unit, '扶贫办');
      assert.equal(record.value.history.length, 1);
      // As a form's registration stores it: the fields as canonical JSON, the very text the outbox hash covers.
      const stored = raw.prepare('SELECT fields FROM record_versions WHERE record_id = ?').get(found.value[0]!.id) as { fields: string };
      assert.equal(stored.fields, canonicalJson(expected.fields));
    }
    assert.equal(countRows(raw, 'outbox'), before.outbox + 4);
    assert.equal(countRows(raw, 'record_versions'), before.versions + 4);
    const status = await t.call(t.tokens.official, 'status.get', {});
    assert.ok(status.ok);
    assert.equal(status.value.resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!.active, 5);

    // One audit entry for the file: who, file name, hash, counts — no contents. Besides it:
    // the report with its rows in error handed to the clerk (intake.report), and the reads
    // above, one record.find and one record.read per good row.
    const audit = raw.prepare('SELECT actor, role, action, target, outcome, detail FROM audit_log WHERE seq > ?').all(before.audit) as { action: string; detail: string }[];
    const reads = goodRows.length;
    assert.deepEqual(
      audit.map((e) => e.action).sort(),
      ['intake.import', 'intake.report', ...Array<string>(reads).fill('record.find'), ...Array<string>(reads).fill('record.read')].sort(),
      JSON.stringify(audit),
    );
    const imported = audit.find((e) => e.action === 'intake.import')!;
    assert.deepEqual(
      { ...imported, detail: JSON.parse(imported.detail) as unknown },
      {
        actor: 'clerk',
        role: 'clerk',
        action: 'intake.import',
        target: '贫困户2026.csv',
        outcome: 'success',
        detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, hash: report.contentHash, source: 'upload', total: 10, imported: 4, rejected: 4, duplicates: 2, emptyRows: 1 },
      },
    );
  });

  test('re-dropping the same file (even under another name) imports nothing and says so', async () => {
    const before = countRows(raw, 'record_versions');
    const { job, report } = await importBytes(t, t.tokens.clerk, '贫困户2026（副本）.csv', file, RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(job.state, 'done');
    assert.equal(report.alreadyImported, true);
    assert.equal(report.imported, 0);
    assert.deepEqual(report.previousImport && { fileName: report.previousImport.fileName, imported: report.previousImport.imported }, { fileName: '贫困户2026.csv', imported: 4 });
    assert.equal(countRows(raw, 'record_versions'), before);
  });

  test('a file missing required columns is refused before anything is written, naming the columns', async () => {
    const before = { versions: countRows(raw, 'record_versions'), files: countRows(raw, 'intake_files') };
    const text = csvText([['户主姓名', '所在村', '备注'], ['王', '469030100201', 'x']]);
    const preview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'a.csv', fileBase64: Buffer.from(text).toString('base64'), resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
    assert.ok(preview.ok);
    assert.deepEqual(preview.value.missingRequired, ['户主公民身份号码', '家庭人口数', '家庭年人均纯收入（元）', '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态']);
    assert.deepEqual(preview.value.extraColumns, ['备注']);
    const { job, report } = await importBytes(t, t.tokens.clerk, 'a.csv', Buffer.from(text), RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(job.state, 'failed');
    assert.match(job.error!, /^缺少必填列：「户主公民身份号码」「家庭人口数」.*本文件未导入任何数据$/);
    assert.equal(report.imported, 0);
    assert.equal(countRows(raw, 'record_versions'), before.versions);
    assert.equal(countRows(raw, 'intake_files'), before.files);
  });

  test('headers by item code, in any case and width, with spaces and * markers; extra columns are reported and ignored', async () => {
    const headers = ['*HOUSEHOLDER_NAME', 'householder_id_number', '所 在 村', '家庭人口数*', '家庭年人均纯收入(元)', 'household_category', 'main_cause', 'ｉｄｅｎｔｉｆｉｅｄ＿ｏｎ', '脱贫状态', '备注'];
    const text = csvText([headers, [...povertyRow(20).slice(0, 9), '村里说明']]);
    const { report } = await importBytes(t, t.tokens.clerk, 'codes.csv', Buffer.from(text), RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(report.imported, 1, JSON.stringify(report.errors));
    assert.deepEqual(report.extraColumns, ['备注']);
  });

  test('JSON arrays and JSON Lines import the same way (keys by name or code; numbers and nulls handled)', async () => {
    const asObject = (i: number) => Object.fromEntries(POVERTY_HEADERS.map((h, k) => [h, povertyRow(i)[k]!]));
    const array = [asObject(30), { ...asObject(31), 家庭人口数: 3, 联系电话: null }, { ...asObject(32), 户主公民身份号码: 469030194001010000 }];
    const { report } = await importBytes(t, t.tokens.clerk, 'a.json', Buffer.from(JSON.stringify(array)), RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([report.imported, report.rejected], [2, 1]);
    assert.deepEqual(report.errors.map((e) => [e.row, e.column, e.reason]), [[3, '户主公民身份号码', '身份证号在 Excel 中被存成了数字，后几位已丢失，请将该列设为文本后重新导出']]);
    const lines = [asObject(33), asObject(34)].map((o) => JSON.stringify(o)).join('\n');
    const jl = await importBytes(t, t.tokens.clerk, 'a.jsonl', Buffer.from(`${lines}\n\n`), RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([jl.report.imported, jl.report.emptyRowsSkipped], [2, 1]);
  });

  test('a negative-list (不予共享) resource imports without outbox entries', async () => {
    const before = countRows(raw, 'outbox');
    const text = csvText([
      ['公民身份号码', '姓名', '走访日期', '情况说明'],
      [uniqueIdNumber(40), '赵五', '2026-03-05', '独居老人'],
      [uniqueIdNumber(41), '钱六', '2026-03-06', '需定期走访'],
    ]);
    const { report } = await importBytes(t, t.tokens.clerk, 'visits.csv', Buffer.from(text), RESOURCE_HARDSHIP_VISIT);
    assert.equal(report.imported, 2);
    assert.equal(countRows(raw, 'outbox'), before);
  });

  test('a job is visible to the clerk who started it only; other roles cannot import', async () => {
    const text = csvText([POVERTY_HEADERS, povertyRow(50)]);
    const started = await t.call(t.tokens.clerk, 'intake.start', { fileName: 'x.csv', fileBase64: Buffer.from(text).toString('base64'), resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
    assert.ok(started.ok);
    await waitForJob(t, t.tokens.clerk, started.value.jobId);
    const { token: clerk2 } = await addReadyAccount(t.node, t.tokens.admin, { username: 'clerk2', displayName: '另一录入员', role: 'clerk', unit: '扶贫办', password: 'Clerk2#2026pass' });
    const peek = await t.call(clerk2, 'intake.job', { jobId: started.value.jobId });
    assert.ok(!peek.ok && peek.error.code === 'NOT_FOUND', JSON.stringify(peek));
    for (const role of ['operator', 'admin', 'auditor', 'official'] as const) {
      const refused = await t.call(t.tokens[role], 'intake.start', { fileName: 'x.csv', fileBase64: Buffer.from(text).toString('base64'), resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
      assert.ok(!refused.ok && refused.error.code === 'FORBIDDEN', `${role}: ${JSON.stringify(refused)}`);
    }
  });

  test('unsupported files and bad input get a clear refusal', async () => {
    const doc = await t.call(t.tokens.clerk, 'intake.start', { fileName: '说明.doc', fileBase64: Buffer.from('x').toString('base64'), resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
    assert.ok(!doc.ok && doc.error.code === 'BAD_INPUT' && /不支持的文件类型：请使用 \.csv、\.xlsx、\.xls、\.et、\.json 或 \.jsonl 文件/.test(doc.error.message), JSON.stringify(doc));
    // A web page saved under an .xls name (as some systems export) is refused as a whole, nothing written.
    const page = await importBytes(t, t.tokens.clerk, 'export.xls', Buffer.from('<html><table><tr><td>1</td></tr></table></html>'), RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(page.job.state, 'failed');
    assert.match(page.job.error!, /扩展名是 Excel 工作簿，但内容不是（可能是网页或文本格式的导出/);
    const xlsPreview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'export.xls', fileBase64: Buffer.from('<html></html>').toString('base64') });
    assert.ok(!xlsPreview.ok && xlsPreview.error.code === 'BAD_INPUT', JSON.stringify(xlsPreview));
    const unknown = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'a.csv', fileBase64: Buffer.from('a\n1\n').toString('base64'), resourceCode: '999999-99999' });
    assert.ok(!unknown.ok && unknown.error.code === 'BAD_INPUT' && /目录中没有资源/.test(unknown.error.message), JSON.stringify(unknown));
    const notBase64 = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'a.csv', fileBase64: '%%%' });
    assert.ok(!notBase64.ok && notBase64.error.code === 'BAD_INPUT', JSON.stringify(notBase64));
    const unrecognised = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'a.csv', fileBase64: Buffer.from('甲,乙\n1,2\n').toString('base64') });
    assert.ok(unrecognised.ok);
    assert.equal(unrecognised.value.resourceCode, null);
    assert.match(unrecognised.value.problems.join(''), /对不上/);
  });
});
