// Excel's pitfalls and header mapping: ID numbers stored as numbers (precision already lost:
// the row is rejected with the reason, never stored with a wrong number), serial dates
// (including Lotus's 1900-02-29 and the 1904 system), codes that lost their leading zeros,
// full-width digits, trailing blanks, empty rows, and a header below a merged title with
// merged header cells. The XLSX fixture is written by exceljs in the test.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { RESOURCE_DISASTER_REPORT, RESOURCE_HARDSHIP_VISIT, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import { findResource } from '../../common/catalog/lookup';
import { cellToText, excelSerialToIso } from '../../main/intake/cell-text';
import { headerKey, mapHeaders, rankResources, recogniseResource } from '../../main/intake/header-mapping';
import { maskIdNumber } from '../../common/catalog/id-number';
import { POVERTY_HEADERS, csvText, povertyRow, uniqueIdNumber, xlsxBuffer, type XlsxCell } from './support/fixtures';
import { importBytes } from './support/intake-node';

const poverty = findResource(sampleCatalog, RESOURCE_POVERTY_HOUSEHOLD)!;
const item = (code: string) => poverty.items.find((i) => i.code === code)!;
const PRECISION_LOST = '身份证号在 Excel 中被存成了数字，后几位已丢失，请将该列设为文本后重新导出';

describe('cell values (Excel pitfalls)', () => {
  test('an ID number stored as a number is refused, whatever form it takes', () => {
    const id = item('householder_id_number');
    assert.deepEqual(cellToText(id, 110105194912310000), { ok: false, reason: PRECISION_LOST });
    assert.deepEqual(cellToText(id, Number('1.10105194912310E+17')), { ok: false, reason: PRECISION_LOST });
    assert.deepEqual(cellToText(id, '1.10105194912310E+17'), { ok: false, reason: PRECISION_LOST });
    assert.deepEqual(cellToText(id, '1.10105E+17'), { ok: false, reason: PRECISION_LOST });
    assert.deepEqual(cellToText(id, '11010519491231002X'), { ok: true, text: '11010519491231002X' });
    // Below 1e15 nothing was lost: the validator then explains (e.g. a 15-digit first-generation number).
    assert.deepEqual(cellToText(id, 110105491231002), { ok: true, text: '110105491231002' });
    const credit = findResource(sampleCatalog, '102001-00001')!.items.find((i) => i.type === 'creditCode')!;
    assert.match((cellToText(credit, Number('911100001011234567')) as { reason: string }).reason, /^统一社会信用代码在 Excel 中被存成了数字/);
  });

  test('Excel serial dates, with the 1900 leap-year bug and the 1904 system', () => {
    assert.equal(excelSerialToIso(1), '1900-01-01');
    assert.equal(excelSerialToIso(59), '1900-02-28');
    assert.equal(excelSerialToIso(60), null); // 1900-02-29 never existed
    assert.equal(excelSerialToIso(61), '1900-03-01');
    assert.equal(excelSerialToIso(42434), '2016-03-05');
    assert.equal(excelSerialToIso(42434.75), '2016-03-05'); // a time of day is dropped
    assert.equal(excelSerialToIso(0, true), '1904-01-01');
    assert.equal(excelSerialToIso(40972, true), '2016-03-05');
    const date = item('identified_on');
    assert.deepEqual(cellToText(date, 42434), { ok: true, text: '2016-03-05' });
    assert.deepEqual(cellToText(date, '42434'), { ok: true, text: '2016-03-05' }); // a serial that lost its format in CSV
    assert.deepEqual(cellToText(date, new Date(Date.UTC(2016, 2, 5))), { ok: true, text: '2016-03-05' });
    assert.match((cellToText(date, 60) as { reason: string }).reason, /1900年2月29日并不存在/);
  });

  test('codes that lost their leading zeros match the code table; other numbers are written plainly', () => {
    assert.deepEqual(cellToText(item('main_cause'), 2), { ok: true, text: '02' });
    assert.deepEqual(cellToText(item('village_code'), 469030100201), { ok: true, text: '469030100201' });
    assert.deepEqual(cellToText(item('income_per_capita'), 4500.499999999999), { ok: true, text: '4500.5' });
    assert.deepEqual(cellToText(item('phone'), 13812345678), { ok: true, text: '13812345678' });
  });

  test('a code typed as text without its leading zero matches by value, in CSV and JSON as in XLSX number cells', () => {
    const cause = item('main_cause'); // codes 01 … 11
    assert.deepEqual(cellToText(cause, '2'), { ok: true, text: '02' });
    assert.deepEqual(cellToText(cause, ' 2 '), { ok: true, text: '02' });
    assert.deepEqual(cellToText(cause, '２'), { ok: true, text: '02' }); // full-width, as the form folds it
    assert.deepEqual(cellToText(cause, '02'), { ok: true, text: '02' });
    assert.deepEqual(cellToText(cause, '11'), { ok: true, text: '11' });
    assert.deepEqual(cellToText(cause, '因残'), { ok: true, text: '因残' }); // labels are left to the validator
    assert.deepEqual(cellToText(cause, '12'), { ok: true, text: '12' }); // no such code: the validator explains
    assert.deepEqual(cellToText(item('household_category'), '1'), { ok: true, text: '1' });
  });

  test('a code matches by value only when exactly one code has that value; never a different code', () => {
    const ambiguous = { ...item('main_cause'), codeTable: [{ code: '02', label: '因残' }, { code: '002', label: '因残（旧码）' }, { code: '2', label: '其他' }] };
    // An exact code always wins.
    assert.deepEqual(cellToText(ambiguous, '2'), { ok: true, text: '2' });
    assert.deepEqual(cellToText(ambiguous, '002'), { ok: true, text: '002' });
    // 0002 is 02, 002 and 2 by value: refused, naming the candidates.
    const text = cellToText(ambiguous, '0002');
    assert.ok(!text.ok);
    assert.equal(text.reason, '「主要致贫原因」的值「0002」可能是代码 02、002 或 2，无法确定是哪一个，请填写代码表中的完整代码');
    const two = { ...ambiguous, codeTable: [{ code: '02', label: '因残' }, { code: '002', label: '因残（旧码）' }] };
    const number = cellToText(two, 2);
    assert.ok(!number.ok);
    assert.equal(number.reason, '「主要致贫原因」的值「2」可能是代码 02 或 002，无法确定是哪一个，请填写代码表中的完整代码');
    // Codes that are not all digits never match by value.
    const letters = { ...item('main_cause'), codeTable: [{ code: 'A2', label: '甲' }] };
    assert.deepEqual(cellToText(letters, '2'), { ok: true, text: '2' });
    assert.deepEqual(cellToText(letters, 2), { ok: true, text: '2' });
  });
});

describe('header mapping', () => {
  test('names and codes are matched ignoring width, spaces, case and * markers', () => {
    assert.equal(headerKey(' 家庭年人均纯收入（元） '), headerKey('家庭年人均纯收入(元)'));
    assert.equal(headerKey('*户主 姓名'), headerKey('户主姓名'));
    assert.equal(headerKey('ＨＯＵＳＥＨＯＬＤ＿ＳＩＺＥ'), 'household_size');
    const m = mapHeaders(poverty, ['户主姓名', 'HOUSEHOLDER_ID_NUMBER', '户主姓名', '序号']);
    assert.deepEqual(m.mapping.map((x) => x.itemCode), ['householder_name', 'householder_id_number', null, null]);
    assert.deepEqual(m.extraColumns, ['户主姓名', '序号']);
    assert.match(m.problems[0]!, /两列都对应信息项「户主姓名」/);
  });

  test('the resource is recognised when one complete resource matches best, and not guessed otherwise', () => {
    const population = ['姓名', '公民身份号码', '性别', '民族', '户籍地址'];
    assert.equal(recogniseResource(rankResources(sampleCatalog, population)), RESOURCE_POPULATION);
    const visit = ['公民身份号码', '姓名', '走访日期', '情况说明'];
    assert.equal(recogniseResource(rankResources(sampleCatalog, visit)), RESOURCE_HARDSHIP_VISIT);
    assert.equal(recogniseResource(rankResources(sampleCatalog, ['姓名', '公民身份号码'])), null);
    assert.equal(rankResources(sampleCatalog, ['甲', '乙']).length, 0);
  });
});

describe('an Excel workbook with every pitfall, imported', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  before(async () => {
    t = await startSetUpNode();
  });
  after(() => t.cleanup());

  // Row 1: a title merged across the sheet. Rows 2–3: the header, where 户主姓名 and
  // 户主公民身份号码 are merged vertically over both rows (their text sits in row 2) and
  // 「家庭情况」 is merged horizontally over 家庭人口数 and the income column.
  const header2: XlsxCell[] = ['户主姓名', '户主公民身份号码', '所在村', '家庭情况', null, '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态', '联系电话', '备注'];
  const header3: XlsxCell[] = [null, null, null, '家庭人口数', '家庭年人均纯收入（元）', null, null, null, null, null, null];
  const row = (i: number, changes: Record<number, XlsxCell> = {}): XlsxCell[] => {
    const cells: XlsxCell[] = [...povertyRow(i), ''];
    for (const [col, value] of Object.entries(changes)) cells[Number(col)] = value;
    return cells;
  };
  const data: XlsxCell[][] = [
    row(0, { 1: 469030194001010000, 7: 42434 }), // 4: ID as a number → rejected; serial date
    row(1, { 7: new Date(Date.UTC(2016, 2, 5)), 6: 2, 3: 3, 9: 13812345678 }), // 5: Date cell, code 2 → 02, numbers
    row(2, { 2: 469030100201, 3: '３', 0: '符亚妹  ' }), // 6: village as a number, full-width digit, trailing blanks
    [null, null, null, null, null, null, null, null, null, null, '这一行只有备注'], // 7: empty for the resource
    ['  ', '　'], // 8: only blanks (a space, a full-width space): an empty row
    row(3, { 7: 60 }), // 9: 1900-02-29 → rejected
    row(4, { 1: '1.10105E+17' }), // 10: ID as Excel writes a number into text
    row(5), // 11: good
  ];
  const sheet = {
    name: '贫困户',
    rows: [['湾岭镇2026年贫困户信息表'], header2, header3, ...data],
    merges: [
      [1, 1, 1, 11],
      [2, 1, 3, 1],
      [2, 2, 3, 2],
      [2, 3, 3, 3],
      [2, 4, 2, 5],
      [2, 6, 3, 6],
      [2, 7, 3, 7],
      [2, 8, 3, 8],
      [2, 9, 3, 9],
      [2, 10, 3, 10],
      [2, 11, 3, 11],
    ] as [number, number, number, number][],
  };

  test('preview finds the header under the title and through the merged cells', async () => {
    const buffer = await xlsxBuffer([{ name: '说明', rows: [['请在第二个工作表填写']] }, sheet]);
    const preview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'pitfalls.xlsx', fileBase64: buffer.toString('base64'), sheet: '贫困户' });
    assert.ok(preview.ok, JSON.stringify(preview));
    assert.deepEqual(preview.value.sheets, ['说明', '贫困户']);
    assert.equal(preview.value.resourceCode, RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual(preview.value.headers.slice(0, 5), ['户主姓名', '户主公民身份号码', '所在村', '家庭人口数', '家庭年人均纯收入（元）']);
    assert.deepEqual(preview.value.missingRequired, []);
    assert.deepEqual(preview.value.extraColumns, ['备注']);
    assert.equal(preview.value.sampleRows[0]!.identified_on, '2016-03-05');
  });

  test('the report names each pitfall on its Excel row; good rows are stored with clean values', async () => {
    const buffer = await xlsxBuffer([{ name: '说明', rows: [['请在第二个工作表填写']] }, sheet]);
    const { report } = await importBytes(t, t.tokens.clerk, 'pitfalls.xlsx', buffer, RESOURCE_POVERTY_HOUSEHOLD, '贫困户');
    assert.equal(report.sheet, '贫困户');
    assert.deepEqual(
      { total: report.totalRows, imported: report.imported, rejected: report.rejected, duplicates: report.duplicates, empty: report.emptyRowsSkipped },
      { total: 6, imported: 3, rejected: 3, duplicates: 0, empty: 2 },
    );
    assert.deepEqual(report.errors, [
      { row: 4, column: '户主公民身份号码', value: maskIdNumber('469030194001010000'), reason: PRECISION_LOST },
      { row: 9, column: '识别日期', value: '60', reason: '「识别日期」的值 60 不是有效的日期（Excel 日期序号应在 1 到 2958465 之间，且 60 对应的 1900年2月29日并不存在）' },
      { row: 10, column: '户主公民身份号码', value: '***********', reason: PRECISION_LOST },
    ]);
    const stored = async (i: number) => {
      const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: uniqueIdNumber(i) });
      assert.ok(found.ok && found.value.length === 1, `row of fixture ${i}: ${JSON.stringify(found)}`);
      const record = await t.call(t.tokens.clerk, 'records.get', { id: found.value[0]!.id });
      assert.ok(record.ok);
      return record.value.current.fields;
    };
    const five = await stored(1);
    assert.deepEqual([five.identified_on, five.main_cause, five.household_size, five.phone], ['2016-03-05', '02', '3', '13812345678']);
    const six = await stored(2);
    assert.deepEqual([six.village_code, six.household_size, six.householder_name], ['469030100201', '3', '符亚妹']);
    await stored(5);
    // The row whose ID number lost its digits was not stored under any number.
    const wrong = await t.call(t.tokens.clerk, 'records.findByKey', { key: '469030194001010000' });
    assert.ok(wrong.ok && wrong.value.length === 0);
  });

  test('a CSV or JSON code without its leading zero (2 for 02 因残) is stored as the code it means', async () => {
    const text = csvText([
      ['户主姓名', '户主公民身份号码', '所在村', '家庭人口数', '家庭年人均纯收入（元）', '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态'],
      [...povertyRow(60).slice(0, 6), '2', ...povertyRow(60).slice(7, 9)],
    ]);
    const csv = await importBytes(t, t.tokens.clerk, 'codes.csv', Buffer.from(text), RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([csv.report.imported, csv.report.rejected], [1, 0], JSON.stringify(csv.report.errors));
    const json = JSON.stringify([{ ...Object.fromEntries(['户主姓名', '户主公民身份号码', '所在村', '家庭人口数', '家庭年人均纯收入（元）', '贫困户属性', '主要致贫原因', '识别日期', '脱贫状态'].map((h, k) => [h, povertyRow(61)[k]!])), 主要致贫原因: '3' }]);
    const fromJson = await importBytes(t, t.tokens.clerk, 'codes.json', Buffer.from(json), RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([fromJson.report.imported, fromJson.report.rejected], [1, 0], JSON.stringify(fromJson.report.errors));
    for (const [i, code] of [[60, '02'], [61, '03']] as const) {
      const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: uniqueIdNumber(i) });
      assert.ok(found.ok && found.value.length === 1);
      const record = await t.call(t.tokens.clerk, 'records.get', { id: found.value[0]!.id });
      assert.ok(record.ok);
      assert.equal(record.value.current.fields.main_cause, code);
    }
  });

  test('Excel error values in a CSV (how Excel exports an error cell) fail validation, naming the error', async () => {
    const text = csvText([POVERTY_HEADERS, povertyRow(62, { 户主姓名: '#N/A' }), povertyRow(63, { 家庭人口数: '#VALUE!' }), povertyRow(64)]);
    const { report } = await importBytes(t, t.tokens.clerk, 'errors.csv', Buffer.from(text), RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([report.imported, report.rejected], [1, 2]);
    assert.deepEqual(report.errors.map((e) => [e.row, e.column, e.value]), [[2, '户主姓名', '#N/A'], [3, '家庭人口数', '#VALUE!']]);
    assert.match(report.errors[0]!.reason, /^「户主姓名」是 Excel 错误值 #N\/A/);
  });

  test('a CSV that Excel wrote with a serial date and a scientific ID number gets the same treatment', async () => {
    const text = csvText([
      ['报送单位', '灾害类型', '发生日期', '受灾区划', '受灾人口', '报告人电话'],
      ['湾岭镇', '台风', '45566', '469030', '120', '13812345678'],
      ['湾岭镇', '台风', '2024/10/1', '469030', '１２０', '13812345678'],
    ]);
    const { report } = await importBytes(t, t.tokens.clerk, 'disaster.csv', Buffer.from(text), RESOURCE_DISASTER_REPORT);
    assert.deepEqual([report.imported, report.rejected], [2, 0], JSON.stringify(report.errors));
    const list = await t.call(t.tokens.clerk, 'records.list', { resourceCode: RESOURCE_DISASTER_REPORT });
    assert.ok(list.ok);
    for (const summary of list.value.items) {
      const record = await t.call(t.tokens.clerk, 'records.get', { id: summary.id });
      assert.ok(record.ok);
      assert.equal(record.value.current.fields.occurred_on, '2024-10-01');
      assert.equal(record.value.current.fields.affected_people, '120');
    }
  });
});
