import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogItem, ItemType } from './types';
import { itemValidators, validateValue } from './validators';

const item = (type: ItemType, extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code: 'f', name: '测试项', type, required: false, ...extra,
});
const ok = (it: CatalogItem, raw: string | undefined, value: string) =>
  assert.deepEqual(validateValue(it, raw), { ok: true, value });
const fails = (it: CatalogItem, raw: string | undefined, message: string) =>
  assert.deepEqual(validateValue(it, raw), { ok: false, message });

test('there is a validator for every item type', () => {
  const types: ItemType[] = ['text', 'idNumber', 'creditCode', 'divisionCode', 'date', 'integer', 'decimal', 'code', 'phone'];
  assert.deepEqual(Object.keys(itemValidators).sort(), [...types].sort());
});

test('blank values: optional gives "", required names the item', () => {
  for (const type of Object.keys(itemValidators) as ItemType[]) {
    for (const blank of [undefined, '', '   ', '\u3000', '\t\n']) {
      ok(item(type), blank, '');
      fails(item(type, { required: true, name: '户主姓名' }), blank, '「户主姓名」为必填项');
    }
  }
});

test('text: trimmed, length counted in characters, control characters refused', () => {
  const name = item('text', { name: '户主姓名', maxLength: 4 });
  ok(name, '  王小明  ', '王小明');
  ok(name, '𠈌阿依古', '𠈌阿依古'); // a rare character outside the BMP counts as one, not two
  fails(name, '阿依古丽娜', '「户主姓名」最多4个字，实为5个字');
  fails(name, '王\u0000明', '「户主姓名」含有不可见的控制字符，请重新输入');
  ok(item('text'), '第一行\n第二行', '第一行\n第二行'); // line breaks are fine in long notes
});

test('date: three input forms (and Excel-style ones) normalised to YYYY-MM-DD', () => {
  const d = item('date', { name: '识别日期' });
  ok(d, '2024-03-05', '2024-03-05');
  ok(d, '2024/03/05', '2024-03-05');
  ok(d, '20240305', '2024-03-05');
  ok(d, '2024/3/5', '2024-03-05');
  ok(d, '2024年3月5日', '2024-03-05');
  ok(d, '２０２４－０３－０５', '2024-03-05');
  ok(d, '2000-02-29', '2000-02-29');
  fails(d, '2023-02-29', '「识别日期」2023-02-29 这一天不存在');
  fails(d, '1900-02-29', '「识别日期」1900-02-29 这一天不存在');
  fails(d, '2024-04-31', '「识别日期」2024-04-31 这一天不存在');
  fails(d, '20241305', '「识别日期」2024-13-05 这一天不存在');
  fails(d, '0224-03-05', '「识别日期」年份 0224 不合理（应在1900年至2100年之间）');
  fails(d, '05/03/2024', '「识别日期」格式不对（应为“年-月-日”，如 2024-03-05），实为「05/03/2024」');
  fails(d, '昨天', '「识别日期」格式不对（应为“年-月-日”，如 2024-03-05），实为「昨天」');
});

test('integer: bounds, decimals refused, canonical form', () => {
  const n = item('integer', { name: '家庭人口数', min: 1, max: 30 });
  ok(n, '4', '4');
  ok(n, ' 007 ', '7');
  ok(n, '３０', '30');
  ok(n, '1', '1');
  ok(n, '5.0', '5');
  fails(n, '0', '「家庭人口数」应在 1 到 30 之间，实为 0');
  fails(n, '31', '「家庭人口数」应在 1 到 30 之间，实为 31');
  fails(n, '-2', '「家庭人口数」应在 1 到 30 之间，实为 -2');
  fails(n, '3.5', '「家庭人口数」应为整数，不能有小数，实为「3.5」');
  fails(n, '四', '「家庭人口数」应为整数，实为「四」');
  fails(n, '1e3', '「家庭人口数」应为整数，实为「1e3」');
  ok(item('integer', { min: 0 }), '1,234,567', '1234567');
  fails(item('integer', { min: 0 }), '-1', '「测试项」应不小于 0，实为 -1');
  fails(item('integer', { max: 10 }), '11', '「测试项」应不大于 10，实为 11');
  fails(item('integer'), '99999999999999999999', '「测试项」数值过大，实为 99999999999999999999');
});

test('decimal: scale, bounds, canonical form without float noise', () => {
  const money = item('decimal', { name: '家庭年人均纯收入（元）', min: 0, max: 1000000, scale: 2 });
  ok(money, '4500.5', '4500.5');
  ok(money, '4500.50', '4500.5');
  ok(money, '0.10', '0.1');
  ok(money, '.5', '0.5');
  ok(money, '1,000,000.00', '1000000');
  ok(money, '-0', '0');
  fails(money, '12.345', '「家庭年人均纯收入（元）」最多保留2位小数，实为「12.345」');
  fails(money, '1000000.01', '「家庭年人均纯收入（元）」应在 0 到 1000000 之间，实为 1000000.01');
  fails(money, '-0.01', '「家庭年人均纯收入（元）」应在 0 到 1000000 之间，实为 -0.01');
  fails(money, '4500元', '「家庭年人均纯收入（元）」应为数字，实为「4500元」');
  fails(money, '.', '「家庭年人均纯收入（元）」应为数字，实为「.」');
  fails(item('decimal', { scale: 0 }), '1.5', '「测试项」应为整数，不能有小数，实为「1.5」');
  ok(item('decimal'), '0.1000000000000000055511151231257827', '0.1000000000000000055511151231257827');
});

test('code: accepts the code or the exact label, stores the code', () => {
  const c = item('code', {
    name: '贫困户属性',
    codeTable: [
      { code: '1', label: '一般贫困户' },
      { code: '2', label: '低保贫困户' },
      { code: '3', label: '特困供养贫困户' },
    ],
  });
  ok(c, '2', '2');
  ok(c, ' ２ ', '2');
  ok(c, '低保贫困户', '2');
  ok(c, ' 特困供养贫困户 ', '3');
  fails(c, '低保户', '「贫困户属性」的值「低保户」不在代码表中，可选：1 一般贫困户、2 低保贫困户、3 特困供养贫困户');
  fails(c, '4', '「贫困户属性」的值「4」不在代码表中，可选：1 一般贫困户、2 低保贫困户、3 特困供养贫困户');
  fails(item('code', { name: '民族' }), '01', '「民族」没有配置代码表，无法校验，请联系管理员');
});

test('phone: mobile or landline with area code', () => {
  const p = item('phone', { name: '联系电话' });
  ok(p, '13812345678', '13812345678');
  ok(p, '138 1234 5678', '13812345678');
  ok(p, '138-1234-5678', '13812345678');
  ok(p, '+86 13812345678', '13812345678');
  ok(p, '１３８１２３４５６７８', '13812345678');
  ok(p, '0898-66123456', '0898-66123456');
  ok(p, '089866123456', '089866123456');
  ok(p, '010-12345678', '010-12345678');
  ok(p, '(0898)66123456', '0898-66123456');
  ok(p, '（0898）66123456', '0898-66123456');
  const msg = (raw: string) =>
    `「联系电话」格式不对（应为11位手机号码，如 13812345678，或带区号的固定电话，如 0898-66123456），实为「${raw}」`;
  fails(p, '12812345678', msg('12812345678')); // no mobile number starts with 12
  fails(p, '1381234567', msg('1381234567'));
  fails(p, '66123456', msg('66123456')); // landline without area code
  fails(p, '0898-123456', msg('0898-123456'));
  fails(p, '138123456789', msg('138123456789'));
});

test('idNumber, creditCode and divisionCode delegate and prefix the item name', () => {
  const id = item('idNumber', { name: '户主公民身份号码' });
  ok(id, '11010519491231002x', '11010519491231002X');
  fails(id, '110105194912310021', '「户主公民身份号码」校验码不正确，请核对号码');
  fails(id, '110105491231002', '「户主公民身份号码」是15位的第一代身份证号码，第一代身份证已于2013年1月1日停止使用，请填写18位公民身份号码');

  const cc = item('creditCode', { name: '统一社会信用代码' });
  ok(cc, '91350100m000100y43', '91350100M000100Y43');
  fails(cc, '91350100M000100Y44', '「统一社会信用代码」校验码不正确，请核对代码');

  ok(item('divisionCode'), '469027', '469027'); // default: either length
  ok(item('divisionCode'), '469027100201', '469027100201');
  fails(item('divisionCode', { name: '所在村', divisionCodeLength: '12' }), '469027', '「所在村」位数不对（应为12位数字，实为6位）');
  ok(item('divisionCode', { divisionCodeLength: '6' }), '460000', '460000');
});
