import { test } from 'node:test';
import assert from 'node:assert/strict';
import { divisionHintParts } from './division-hint';
import { zh, type MessageKey } from './strings';
import { sampleDivisions } from '../../common/catalog/sample-divisions';
import type { Item } from './api';

// The zh table with placeholders filled, as i18n's translate does (without loading antd's locales).
const t = (key: MessageKey, params: Record<string, string | number> = {}) => zh[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
const village: Item = { code: 'village_code', name: '所在村', type: 'divisionCode', required: true, divisionCodeLength: '12', format: '12位统计用区划代码（到村），如 469027100201' };

test('a written example of another county is replaced by one of the node’s own county', () => {
  assert.deepEqual(divisionHintParts(village, { nodeDivision: '469030', divisions: sampleDivisions }, t), ['12位统计用区划代码（到村）', '如 469030101001']);
  assert.deepEqual(divisionHintParts({ ...village, divisionCodeLength: '6', format: '6位，例如 110105' }, { nodeDivision: '469030101000' }, t), ['6位', '如 469030']);
});

test('without a known village code, the node’s prefix; before the node is known, no example at all', () => {
  assert.deepEqual(divisionHintParts(village, { nodeDivision: '469030' }, t), ['12位统计用区划代码（到村）', '本节点辖区的代码以 469030 开头']);
  assert.deepEqual(divisionHintParts(village, undefined, t), ['12位统计用区划代码（到村）']);
});
