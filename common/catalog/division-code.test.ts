import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProvinceCode, validateDivisionCode } from './division-code';

const ok = (raw: string, allowed: '6' | '12' | 'either', value: string) =>
  assert.deepEqual(validateDivisionCode(raw, allowed), { ok: true, value });
const fails = (raw: string, allowed: '6' | '12' | 'either', message: string) =>
  assert.deepEqual(validateDivisionCode(raw, allowed), { ok: false, message });

test('province codes follow GB/T 2260', () => {
  const valid = ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82'];
  const invalid = ['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '72', '80', '83', '99'];
  for (const p of valid) assert.ok(isProvinceCode(p), p);
  for (const p of invalid) assert.ok(!isProvinceCode(p), p);
});

test('accepts 6-digit codes, including province level with zeros', () => {
  ok('460000', '6', '460000');
  ok('469027', '6', '469027');
  ok('110105', 'either', '110105');
});

test('accepts 12-digit statistical codes down to village', () => {
  ok('469027100201', '12', '469027100201');
  ok('460000000000', '12', '460000000000');
  ok('469027100000', 'either', '469027100000');
});

test('normalises full-width digits and spaces', () => {
  ok(' ４６９０２７ 100 201 ', '12', '469027100201');
});

test('rejects the wrong length for what the item asks', () => {
  fails('469027', '12', '位数不对（应为12位数字，实为6位）');
  fails('469027100201', '6', '位数不对（应为6位数字，实为12位）');
  fails('4690271', 'either', '位数不对（应为6位或12位数字，实为7位）');
  fails('46902710020', 'either', '位数不对（应为6位或12位数字，实为11位）');
});

test('rejects letters and punctuation', () => {
  fails('46902A', '6', '只能由数字组成（应为6位数字），实为「46902A」');
  fails('469-027', 'either', '只能由数字组成（应为6位或12位数字），实为「469-027」');
});

test('rejects an invalid province prefix', () => {
  fails('990105', '6', '前两位「99」不是有效的省级行政区划代码');
  fails('000000000000', '12', '前两位「00」不是有效的省级行政区划代码');
});

test('a village part needs a township part', () => {
  fails('469027000201', '12', '第7–9位（乡镇）为000时，第10–12位（村、社区）也应为000');
});

test('blank input', () => {
  fails('  ', 'either', '未填写行政区划代码');
});
