import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESOURCE_DISASTER_REPORT,
  RESOURCE_HARDSHIP_VISIT,
  RESOURCE_MARKET_ENTITY,
  RESOURCE_POPULATION,
  RESOURCE_POVERTY_HOUSEHOLD,
  sampleCatalog,
} from './sample-catalog';
import { findResource } from './lookup';
import { itemValidators } from './validators';

const { resources } = sampleCatalog;

test('has the five resources under their exported codes, codes unique', () => {
  const codes = [RESOURCE_POVERTY_HOUSEHOLD, RESOURCE_POPULATION, RESOURCE_DISASTER_REPORT, RESOURCE_MARKET_ENTITY, RESOURCE_HARDSHIP_VISIT];
  assert.deepEqual(resources.map((r) => r.code).sort(), [...codes].sort());
  assert.equal(new Set(codes).size, 5);
  for (const code of codes) assert.equal(findResource(sampleCatalog, code)?.code, code);
  assert.equal(findResource(sampleCatalog, 'no-such-resource'), undefined);
});

test('resource codes are safe in file names and URLs', () => {
  for (const r of resources) assert.match(r.code, /^[0-9A-Za-z-]+$/, r.code);
});

test('every resource has unique item codes and unique item names', () => {
  for (const r of resources) {
    assert.ok(r.items.length > 0, r.name);
    assert.equal(new Set(r.items.map((i) => i.code)).size, r.items.length, `${r.name}: duplicate item code`);
    // Names are import column headers, so they must be unique too.
    assert.equal(new Set(r.items.map((i) => i.name)).size, r.items.length, `${r.name}: duplicate item name`);
    assert.ok(r.name && r.provider && r.summary, `${r.code}: missing name, provider or summary`);
  }
});

test('every item has a known type; code items have a code table with unique codes and labels', () => {
  for (const r of resources) {
    for (const i of r.items) {
      assert.ok(i.type in itemValidators, `${r.name}/${i.name}: unknown type ${i.type}`);
      if (i.type === 'code') {
        assert.ok(i.codeTable && i.codeTable.length > 0, `${r.name}/${i.name}: no code table`);
        assert.equal(new Set(i.codeTable.map((e) => e.code)).size, i.codeTable.length, `${i.name}: duplicate code`);
        assert.equal(new Set(i.codeTable.map((e) => e.label)).size, i.codeTable.length, `${i.name}: duplicate label`);
      } else {
        assert.equal(i.codeTable, undefined, `${r.name}/${i.name}: code table on a ${i.type} item`);
      }
      if (i.min !== undefined && i.max !== undefined) assert.ok(i.min <= i.max, `${i.name}: min > max`);
    }
  }
});

test('exactly one resource is on the negative list (不予共享)', () => {
  const none = resources.filter((r) => r.sharingType === 'none');
  assert.deepEqual(none.map((r) => r.code), [RESOURCE_HARDSHIP_VISIT]);
});

test('every key item is required, and at most one key per resource', () => {
  for (const r of resources) {
    const keys = r.items.filter((i) => i.key);
    assert.ok(keys.length <= 1, `${r.name}: several key items`);
    for (const k of keys) assert.equal(k.required, true, `${r.name}/${k.name}: key item not required`);
  }
  assert.equal(findResource(sampleCatalog, RESOURCE_DISASTER_REPORT)!.items.some((i) => i.key), false);
});

test('ID numbers are personal data wherever they appear', () => {
  for (const r of resources) {
    for (const i of r.items.filter((x) => x.type === 'idNumber')) assert.equal(i.personal, true, `${r.name}/${i.name}`);
  }
});

test('the poverty household resource is shaped as the design asks', () => {
  const r = findResource(sampleCatalog, RESOURCE_POVERTY_HOUSEHOLD)!;
  assert.equal(r.sharingType, 'conditional');
  assert.equal(r.updateCycle, 'monthly');
  const byName = new Map(r.items.map((i) => [i.name, i]));
  assert.equal(byName.get('所在村')?.divisionCodeLength, '12');
  assert.equal(byName.get('家庭人口数')?.min, 1);
  assert.equal(byName.get('家庭人口数')?.max, 30);
  assert.equal(byName.get('主要致贫原因')?.codeTable?.length, 11);
  assert.equal(byName.get('户主公民身份号码')?.key, true);
});

test('the division table covers 湾岭镇: unique 12-digit codes, every village under a listed township', () => {
  const table = sampleCatalog.divisions ?? [];
  assert.equal(new Set(table.map((e) => e.code)).size, table.length, 'duplicate division code');
  const codes = new Set(table.map((e) => e.code));
  const villages = table.filter((e) => e.code.slice(9) !== '000');
  assert.equal(villages.length, 20);
  for (const v of villages) {
    assert.match(v.code, /^469030101\d{3}$/, v.name);
    assert.ok(codes.has(`${v.code.slice(0, 9)}000`), `${v.name}: township not listed`);
    assert.match(v.name, /(村委会|居委会)$/, v.code);
  }
  assert.equal(table.find((e) => e.code === '469030101000')?.name, '湾岭镇');
});

test('no division-code hint carries an example code: the form adds one of the node’s own county', () => {
  for (const r of resources) {
    for (const i of r.items.filter((x) => x.type === 'divisionCode')) assert.doesNotMatch(i.format ?? '', /\d{6}/, `${r.name}/${i.name}`);
  }
});
