import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findProtoKey } from './proto-keys';

test('finds an own __proto__ key at any depth, as JSON.parse makes it', () => {
  assert.equal(findProtoKey(JSON.parse('{"__proto__":{"polluted":1}}')), '__proto__');
  assert.equal(findProtoKey(JSON.parse('{"fields":{"a":"1","__proto__":"x"}}')), 'fields.__proto__');
  assert.equal(findProtoKey(JSON.parse('{"folders":[{"path":"/x"},{"__proto__":null}]}')), 'folders.1.__proto__');
});

test('ordinary inputs, inherited prototypes and constructor keys are not flagged', () => {
  for (const input of [null, undefined, 42, 'x', [], {}, { constructor: 'x', prototype: 'x' }, { a: { b: [1, { c: 2 }] } }, Object.create({ inherited: 1 })]) {
    assert.equal(findProtoKey(input), null, JSON.stringify(input));
  }
});

test('a 100,000-deep input is walked without overflowing the stack, and a cycle ends', () => {
  let deep: unknown = JSON.parse('{"__proto__":1}');
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  assert.match(findProtoKey(deep) ?? '', /^(a\.){100000}__proto__$/);
  const cycle: Record<string, unknown> = {};
  cycle['self'] = cycle;
  assert.equal(findProtoKey(cycle), null);
});
