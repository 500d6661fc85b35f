// Workbook shapes found in the field that the reader once got wrong (issue 11), each on a
// workbook written part by part in the test (support/handmade-xlsx.ts), so they run on
// every machine:
// 1. absolute relationship targets (openpyxl, pandas) were refused as 工作簿中没有工作表,
//    and `sheet: 2026年3月` listed that very sheet as existing;
// 2. a rich-text inline string (王 in bold + 小明) was stored as 「小明」;
// 3. Excel error values (#N/A, #VALUE!) were stored as text, or as nothing;
// plus a formula saved without its result, which no one can see the value of.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { POVERTY_HEADERS, povertyRow, uniqueIdNumber } from './support/fixtures';
import { handmadeXlsx, type HandCell } from './support/handmade-xlsx';
import { importBytes } from './support/intake-node';

describe('workbook shapes from other programs', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  before(async () => {
    t = await startSetUpNode();
  });
  after(() => t.cleanup());

  const fieldsOf = async (id: string) => {
    const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: id, resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
    assert.ok(found.ok);
    if (found.value.length === 0) return null;
    const record = await t.call(t.tokens.clerk, 'records.get', { id: found.value[0]!.id });
    assert.ok(record.ok);
    return record.value.current.fields;
  };
  const row = (i: number, changes: Record<number, HandCell> = {}): HandCell[] => {
    const cells: HandCell[] = povertyRow(i);
    for (const [col, cell] of Object.entries(changes)) cells[Number(col)] = cell;
    return cells;
  };

  test('absolute relationship targets (openpyxl, pandas): the sheets are found, by default and by name', async () => {
    const bytes = handmadeXlsx(
      [
        { name: '2026年3月', rows: [POVERTY_HEADERS, row(100)] },
        { name: '说明', rows: [['本表由系统导出']] },
      ],
      { absoluteTargets: true },
    );
    const preview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'pandas.xlsx', fileBase64: bytes.toString('base64') });
    assert.ok(preview.ok, JSON.stringify(preview));
    assert.deepEqual(preview.value.sheets, ['2026年3月', '说明']);
    assert.equal(preview.value.resourceCode, RESOURCE_POVERTY_HOUSEHOLD);
    const byName = await t.call(t.tokens.clerk, 'intake.preview', { fileName: 'pandas.xlsx', fileBase64: bytes.toString('base64'), sheet: '2026年3月' });
    assert.ok(byName.ok, JSON.stringify(byName));
    assert.equal(byName.value.sampleRows[0]!.householder_id_number, uniqueIdNumber(100));
    const { report } = await importBytes(t, t.tokens.clerk, 'pandas.xlsx', bytes, RESOURCE_POVERTY_HOUSEHOLD, '2026年3月');
    assert.deepEqual([report.imported, report.sheet, report.fileProblem], [1, '2026年3月', null]);
    assert.equal((await fieldsOf(uniqueIdNumber(100)))?.householder_name, povertyRow(100)[0]);
  });

  test('a rich-text cell (王 in bold, then 小明) is stored whole: 王小明', async () => {
    const bytes = handmadeXlsx([
      {
        name: '贫困户',
        rows: [
          POVERTY_HEADERS,
          row(110, { 0: { rich: [{ text: '王', bold: true }, { text: '小明' }] } }),
          row(111, { 0: { rich: [{ text: '李' }, { text: '四', bold: true }, { text: '妹' }] } }),
        ],
      },
    ]);
    const { report } = await importBytes(t, t.tokens.clerk, 'rich.xlsx', bytes, RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(report.imported, 2, JSON.stringify(report.errors));
    assert.equal((await fieldsOf(uniqueIdNumber(110)))?.householder_name, '王小明');
    assert.equal((await fieldsOf(uniqueIdNumber(111)))?.householder_name, '李四妹');
  });

  test('Excel error values fail validation with the error named; a formula saved without its result is refused', async () => {
    const bytes = handmadeXlsx([
      {
        name: '贫困户',
        rows: [
          POVERTY_HEADERS,
          row(120, { 0: { error: '#N/A' } }), // 2: an error value in a text column
          row(121, { 0: { error: '#VALUE!', formula: 'A1+1' } }), // 3: a formula's error result
          row(122, { 3: { error: '#DIV/0!', formula: '1/0' } }), // 4: in a number column
          row(123, { 0: { formula: 'B2&"x"' } }), // 5: a formula without its result
          row(124), // 6: good
        ],
      },
    ]);
    const { report } = await importBytes(t, t.tokens.clerk, 'errors.xlsx', bytes, RESOURCE_POVERTY_HOUSEHOLD);
    assert.deepEqual([report.imported, report.rejected], [1, 4], JSON.stringify(report.errors));
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column, e.value]),
      [
        [2, '户主姓名', '#N/A'],
        [3, '户主姓名', '#VALUE!'],
        [4, '家庭人口数', '#DIV/0!'],
        [5, '户主姓名', '=B2&"x"'],
      ],
    );
    assert.match(report.errors[0]!.reason, /^「户主姓名」是 Excel 错误值 #N\/A/);
    assert.match(report.errors[1]!.reason, /^「户主姓名」是 Excel 错误值 #VALUE!/);
    assert.match(report.errors[2]!.reason, /^「家庭人口数」是 Excel 错误值 #DIV\/0!/);
    assert.match(report.errors[3]!.reason, /公式.*没有保存计算结果/);
    for (const i of [120, 121, 122, 123]) assert.equal(await fieldsOf(uniqueIdNumber(i)), null, `row of ${i} stored`);
    assert.ok(await fieldsOf(uniqueIdNumber(124)));
  });

  test('date cells and serial numbers, in the 1900 and the 1904 date systems', async () => {
    for (const [date1904, base] of [[false, 130], [true, 140]] as const) {
      const serial = date1904 ? 40972 : 42434; // 2016-03-05 in each system
      const bytes = handmadeXlsx(
        [{ name: '贫困户', rows: [POVERTY_HEADERS, row(base, { 7: { dateSerial: serial } }), row(base + 1, { 7: serial })] }],
        { date1904 },
      );
      const { report } = await importBytes(t, t.tokens.clerk, `dates-${base}.xlsx`, bytes, RESOURCE_POVERTY_HOUSEHOLD);
      assert.equal(report.imported, 2, JSON.stringify(report.errors));
      assert.equal((await fieldsOf(uniqueIdNumber(base)))?.identified_on, '2016-03-05');
      assert.equal((await fieldsOf(uniqueIdNumber(base + 1)))?.identified_on, '2016-03-05');
    }
  });
});
