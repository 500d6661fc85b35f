import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaPrefix, divisionFullName, isVillageCode, townshipOf, villagesIn } from './division-table';
import { sampleDivisions } from './sample-divisions';

test('the area prefix drops trailing levels of zeros only', () => {
  assert.equal(areaPrefix('460000'), '46');
  assert.equal(areaPrefix('469030'), '469030');
  assert.equal(areaPrefix('460100'), '4601');
  assert.equal(areaPrefix('469030000000'), '469030');
  assert.equal(areaPrefix('469030101000'), '469030101');
  assert.equal(areaPrefix('469030101206'), '469030101206');
  assert.equal(areaPrefix('110105001001'), '110105001001');
});

test('village codes: 12 digits with a township and a village part', () => {
  assert.ok(isVillageCode('469030101206'));
  assert.ok(isVillageCode('469030101001'));
  assert.ok(!isVillageCode('469030101000'));
  assert.ok(!isVillageCode('469030000000'));
  assert.ok(!isVillageCode('469030'));
  assert.equal(townshipOf('469030101206'), '469030101000');
});

test('the villages of an area, at any level, in code order', () => {
  const county = villagesIn(sampleDivisions, '469030');
  assert.equal(county.length, 20);
  assert.deepEqual(villagesIn(sampleDivisions, '469030101000'), county);
  assert.deepEqual(villagesIn(sampleDivisions, '469030100000'), []);
  assert.deepEqual(villagesIn(undefined, '469030'), []);
  assert.deepEqual(county.map((e) => e.code), [...county.map((e) => e.code)].sort());
});

test('full names from the county down, or undefined', () => {
  assert.equal(divisionFullName(sampleDivisions, '469030'), '琼中黎族苗族自治县');
  assert.equal(divisionFullName(sampleDivisions, '469030101206'), '琼中黎族苗族自治县湾岭镇鸭坡村委会');
  assert.equal(divisionFullName(sampleDivisions, '110105'), undefined);
  assert.equal(divisionFullName(undefined, '469030'), undefined);
});
