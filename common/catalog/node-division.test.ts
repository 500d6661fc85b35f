// Division codes checked against the node that writes them: through validateRecord, as
// the form, the core and imports call it, on a county node (469030) and a township node
// (469030101000), with and without the catalog's division table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRecord } from './validate-record';
import { validateValue } from './validators';
import { checkNodeDivision, divisionExample, nodeDivisionLabel, type DivisionContext } from './node-division';
import { RESOURCE_DISASTER_REPORT, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from './sample-catalog';
import { findResource } from './lookup';
import type { CatalogResource } from './types';
import { povertyHouseholdFields } from '../../test/support/sample-records';

const resource = (code: string): CatalogResource => findResource(sampleCatalog, code)!;
const poverty = resource(RESOURCE_POVERTY_HOUSEHOLD);
const affectedArea = resource(RESOURCE_DISASTER_REPORT).items.find((i) => i.code === 'affected_area')!;
const residence = resource(RESOURCE_POPULATION).items.find((i) => i.code === 'residence_code')!;

const COUNTY_NODE: DivisionContext = { nodeDivision: '469030', divisions: sampleCatalog.divisions };
const TOWNSHIP_NODE: DivisionContext = { nodeDivision: '469030101000', divisions: sampleCatalog.divisions };
const YAPO = '469030101206'; // 鸭坡村委会, published for 湾岭镇

const household = (village_code: string) => povertyHouseholdFields({ village_code });

const refused = (context: DivisionContext | undefined, code: string, message: string) =>
  assert.deepEqual(validateRecord(poverty, household(code), context), { ok: false, errors: [{ item: 'village_code', message }] });
const accepted = (context: DivisionContext | undefined, code: string, stored = code) => {
  const r = validateRecord(poverty, household(code), context);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.fields.village_code, stored);
};

test('a Beijing village code on a Hainan node is refused, naming the node’s division', () => {
  refused(COUNTY_NODE, '110105001001', '「所在村」行政区划代码 110105001001 不属于本节点所辖区域（琼中黎族苗族自治县 469030）');
});

test('a village of another county, even of the same province, is refused', () => {
  refused(COUNTY_NODE, '469027100201', '「所在村」行政区划代码 469027100201 不属于本节点所辖区域（琼中黎族苗族自治县 469030）');
});

test('a foreign county code is refused; the node’s own county and province are accepted (coarser, not foreign)', () => {
  const r = validateValue(affectedArea, '110105', COUNTY_NODE);
  assert.deepEqual(r, { ok: false, message: '「受灾区划」行政区划代码 110105 不属于本节点所辖区域（琼中黎族苗族自治县 469030）' });
  assert.deepEqual(validateValue(affectedArea, '460200', COUNTY_NODE), { ok: false, message: '「受灾区划」行政区划代码 460200 不属于本节点所辖区域（琼中黎族苗族自治县 469030）' });
  assert.deepEqual(validateValue(affectedArea, '469030', COUNTY_NODE), { ok: true, value: '469030' });
  assert.deepEqual(validateValue(affectedArea, '460000', COUNTY_NODE), { ok: true, value: '460000' });
  assert.deepEqual(validateValue(affectedArea, '469030', TOWNSHIP_NODE), { ok: true, value: '469030' });
});

test('a published village of the node’s township is accepted, typed with full-width digits and spaces too', () => {
  accepted(COUNTY_NODE, YAPO);
  accepted(TOWNSHIP_NODE, YAPO);
  accepted(TOWNSHIP_NODE, '４６９０３０ 101 001', '469030101001'); // 湾岭社区居委会
});

test('an unpublished village of a township the table lists is refused', () => {
  const message = '「所在村」行政区划代码 469030101299 不是已公布的村（社区）代码（湾岭镇已公布 20 个村（社区），以交换平台的区划表为准）';
  refused(COUNTY_NODE, '469030101299', message);
  refused(TOWNSHIP_NODE, '469030101299', message);
});

test('on a township node, a village of another township of the same county is foreign', () => {
  refused(TOWNSHIP_NODE, '469030100201', '「所在村」行政区划代码 469030100201 不属于本节点所辖区域（琼中黎族苗族自治县湾岭镇 469030101000）');
});

test('a township the table does not list is checked for nesting only', () => {
  accepted(COUNTY_NODE, '469030100201'); // 营根镇: the sample table has none of its villages
});

test('a catalog without a division table still checks the node’s division, and nothing else', () => {
  const bare: DivisionContext = { nodeDivision: '469030' };
  accepted(bare, '469030101299');
  refused(bare, '110105001001', '「所在村」行政区划代码 110105001001 不属于本节点所辖区域（469030）');
});

test('without a context (older callers) only the structure is checked', () => {
  accepted(undefined, '110105001001');
});

test('an item whose scope is "any" (现居住地) is not held to the node’s division', () => {
  assert.equal(residence.divisionScope, 'any');
  assert.deepEqual(validateValue(residence, '440305', COUNTY_NODE), { ok: true, value: '440305' });
});

test('structure errors come first and unchanged; blank optional values are not checked', () => {
  refused(COUNTY_NODE, '4690301012', '「所在村」位数不对（应为12位数字，实为10位）');
  assert.deepEqual(validateValue({ ...affectedArea, required: false }, '', COUNTY_NODE), { ok: true, value: '' });
});

test('a node whose own code is not valid checks nothing beyond structure', () => {
  assert.deepEqual(checkNodeDivision('110105001001', { nodeDivision: '' }), { ok: true, value: '110105001001' });
});

test('the node’s label and the example code come from the node’s own county', () => {
  assert.equal(nodeDivisionLabel(COUNTY_NODE), '琼中黎族苗族自治县 469030');
  assert.equal(nodeDivisionLabel(TOWNSHIP_NODE), '琼中黎族苗族自治县湾岭镇 469030101000');
  assert.equal(divisionExample('12', COUNTY_NODE), '469030101001');
  assert.equal(divisionExample('6', TOWNSHIP_NODE), '469030');
  assert.equal(divisionExample('either', COUNTY_NODE), '469030');
  assert.equal(divisionExample('12', { nodeDivision: '469030' }), undefined, 'no invented village code');
  assert.equal(divisionExample('12', { nodeDivision: '469030100000' }), '469030100000');
});
