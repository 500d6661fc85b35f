// Division codes through the real core: on the sample node (琼中黎族苗族自治县 469030, the
// sample catalog's division table for 湾岭镇), records.create and records.correct refuse a
// code outside the node's division or an unpublished village of 湾岭镇, and save nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { countRows } from '../../test/support/raw-database';
import { startSetUpNodeWithRaw, type SetUpNodeWithRaw } from '../../test/support/test-node';
import { povertyHouseholdFields } from '../../test/support/sample-records';

const YAPO = '469030101206'; // 鸭坡村委会, published for 湾岭镇

describe('division codes checked against the node', () => {
  let t: SetUpNodeWithRaw;
  before(async () => {
    t = await startSetUpNodeWithRaw();
  });
  after(() => t.cleanup());
  const written = () => [countRows(t.raw, 'record_versions'), countRows(t.raw, 'outbox')];

  test('a Beijing village code is refused by records.create with the field message, nothing written', async () => {
    const before = written();
    const result = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ village_code: '110105001001' }),
    });
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'VALIDATION');
    assert.deepEqual(result.error.fieldErrors, [
      { item: 'village_code', message: '「所在村」行政区划代码 110105001001 不属于本节点所辖区域（琼中黎族苗族自治县 469030）' },
    ]);
    assert.deepEqual(written(), before);
  });

  test('an unpublished village of 湾岭镇 is refused; a published one is stored as given', async () => {
    const unknown = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ village_code: '469030101299' }),
    });
    assert.ok(!unknown.ok);
    assert.match(unknown.error.fieldErrors?.[0]?.message ?? '', /不是已公布的村（社区）代码/);

    const created = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ village_code: YAPO }),
    });
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(created.value.fields.village_code, YAPO);

    const before = written();
    const corrected = await t.call(t.tokens.clerk, 'records.correct', {
      id: created.value.id,
      baseVersion: 1,
      fields: povertyHouseholdFields({ village_code: '469027100201' }),
      reason: '改为乐东县的村',
    });
    assert.ok(!corrected.ok);
    assert.deepEqual(corrected.error.fieldErrors?.map((e) => e.item), ['village_code']);
    assert.match(corrected.error.fieldErrors?.[0]?.message ?? '', /469027100201 不属于本节点所辖区域/);
    assert.deepEqual(written(), before);
  });
});
