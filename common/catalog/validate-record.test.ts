import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRecord } from './validate-record';
import { RESOURCE_MARKET_ENTITY, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from './sample-catalog';
import { findResource } from './lookup';
import type { CatalogResource } from './types';

const resource = (code: string): CatalogResource => {
  const r = findResource(sampleCatalog, code);
  assert.ok(r, `sample catalog lacks ${code}`);
  return r;
};
const poverty = resource(RESOURCE_POVERTY_HOUSEHOLD);

const goodHousehold = {
  householder_name: ' 王小明 ',
  householder_id_number: '11010519491231002x',
  village_code: '４６９０２７１００２０１',
  household_size: '4',
  income_per_capita: '4500.50',
  household_category: '低保贫困户',
  main_cause: '02',
  identified_on: '2016/3/5',
  poverty_status: '已脱贫',
};

test('a good record comes back normalised, with "" for blank optional items', () => {
  assert.deepEqual(validateRecord(poverty, goodHousehold), {
    ok: true,
    fields: {
      householder_name: '王小明',
      householder_id_number: '11010519491231002X',
      village_code: '469027100201',
      household_size: '4',
      income_per_capita: '4500.5',
      household_category: '2',
      main_cause: '02',
      identified_on: '2016-03-05',
      poverty_status: '2',
      phone: '',
    },
  });
});

test('reports every field error at once, in catalog order, then unknown fields', () => {
  const r = validateRecord(poverty, {
    ...goodHousehold,
    householder_id_number: '110105194912310021',
    household_size: '45',
    identified_on: '2023-02-29',
    phone: '12345',
    householder_name: '',
    remark: '备注',
    村名: '红旗村',
  });
  assert.deepEqual(r, {
    ok: false,
    errors: [
      { item: 'householder_name', message: '「户主姓名」为必填项' },
      { item: 'householder_id_number', message: '「户主公民身份号码」校验码不正确，请核对号码' },
      { item: 'household_size', message: '「家庭人口数」应在 1 到 30 之间，实为 45' },
      { item: 'identified_on', message: '「识别日期」2023-02-29 这一天不存在' },
      {
        item: 'phone',
        message: '「联系电话」格式不对（应为11位手机号码，如 13812345678，或带区号的固定电话，如 0898-66123456），实为「12345」',
      },
      { item: 'remark', message: '「贫困户信息」中没有信息项「remark」，请核对列名或信息项代码' },
      { item: '村名', message: '「贫困户信息」中没有信息项「村名」，请核对列名或信息项代码' },
    ],
  });
});

test('missing required items are reported, not silently filled', () => {
  const r = validateRecord(resource(RESOURCE_MARKET_ENTITY), { entity_name: '乐东县某某种养专业合作社' });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.errors.map((e) => e.item),
    ['credit_code', 'legal_representative', 'established_on', 'entity_type', 'domicile_code'],
  );
  assert.equal(r.errors[0]!.message, '「统一社会信用代码」为必填项');
});

test('non-string values are refused with the item name', () => {
  const r = validateRecord(poverty, { ...goodHousehold, household_size: 4, phone: null, poverty_status: true, main_cause: ['01'] });
  assert.deepEqual(r, {
    ok: false,
    errors: [
      { item: 'household_size', message: '「家庭人口数」的值应为文字，实为数字' },
      { item: 'main_cause', message: '「主要致贫原因」的值应为文字，实为列表' },
      { item: 'poverty_status', message: '「脱贫状态」的值应为文字，实为是/否值' },
      { item: 'phone', message: '「联系电话」的值应为文字，实为空值（null）' },
    ],
  });
});

test('inherited properties are not taken as fields', () => {
  const fields = Object.create({ household_size: '4' }) as Record<string, unknown>;
  const r = validateRecord(poverty, fields);
  assert.equal(r.ok, false);
  if (!r.ok) assert.ok(r.errors.some((e) => e.message === '「家庭人口数」为必填项'));
});

test('something that is not an object at all is refused', () => {
  const r = validateRecord(poverty, null as unknown as Record<string, unknown>);
  assert.deepEqual(r, {
    ok: false,
    errors: [{ item: '', message: '记录内容格式不对，应为“信息项代码 → 值”的对照，实为空值（null）' }],
  });
});
