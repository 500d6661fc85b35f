import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, hasIntakeExtension, reportCsv } from './import-file';

const LABELS = { row: '行号', column: '列', value: '值', reason: '原因', wholeRow: '（整行）', notListed: null };

test('the report CSV starts with a BOM, uses CRLF and quotes what needs quoting', () => {
  const csv = reportCsv(
    [
      { row: 3, column: '户主公民身份号码', value: '469030********0011', reason: '校验码不正确' },
      { row: 7, column: null, value: null, reason: '与第 2 行重复, 未导入' },
      { row: 9, column: '备注', value: 'say "hi"\nthere', reason: 'x' },
    ],
    LABELS,
  );
  assert.ok(csv.startsWith('\uFEFF行号,列,值,原因\r\n'));
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines[1], '3,户主公民身份号码,469030********0011,校验码不正确');
  assert.equal(lines[2], '7,（整行）,,"与第 2 行重复, 未导入"');
  assert.equal(lines[3], '9,备注,"say ""hi""\nthere",x');
  assert.ok(csv.endsWith('\r\n'));
});

test('cells Excel would run as formulas are kept as text', () => {
  const csv = reportCsv([{ row: 2, column: '姓名', value: '=HYPERLINK("http://x")', reason: '+1' }], LABELS);
  assert.match(csv, /\r\n2,姓名,"'=HYPERLINK\(""http:\/\/x""\)",'\+1\r\n$/);
});

test('errors the report did not list are mentioned on a last line', () => {
  const csv = reportCsv([], { ...LABELS, notListed: '另有 5 条错误未列出' });
  assert.equal(csv, '\uFEFF行号,列,值,原因\r\n,,,另有 5 条错误未列出\r\n');
});

test('accepted extensions and report file names', () => {
  assert.ok(hasIntakeExtension('三月名单.XLSX'));
  assert.ok(hasIntakeExtension('x.jsonl'));
  assert.ok(hasIntakeExtension('台账.xls'));
  assert.ok(hasIntakeExtension('台账.ET'));
  assert.ok(!hasIntakeExtension('x.ods'));
  assert.ok(!hasIntakeExtension('csv'));
  assert.equal(baseName('三月名单.csv'), '三月名单');
  assert.equal(baseName('.hidden'), '.hidden');
});
