import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json';

test('canonical JSON sorts keys at every depth so equal values give equal bytes', () => {
  const a = canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } });
  const b = canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 });
  assert.equal(a, b);
  assert.equal(a, '{"a":{"c":null,"d":[1,"x"]},"b":1}');
});

test('canonical JSON keeps Chinese text as is and drops undefined members', () => {
  assert.equal(canonicalJson({ 名称: '扶贫办', skip: undefined }), '{"名称":"扶贫办"}');
});

test('canonical JSON refuses values that have no single JSON form', () => {
  assert.throws(() => canonicalJson({ n: Number.NaN }), /NaN/);
  assert.throws(() => canonicalJson({ f: () => 1 }), /function/);
});
