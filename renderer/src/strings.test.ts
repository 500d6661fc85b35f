// The per-feature message tables (./strings) must behave as the one table they replaced:
// TypeScript checks each feature's `en` against its `zh`, but not what spreading them
// together can hide — a key defined by two features, where the later one silently wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURES, en, zh } from './strings';

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

test('no message key is defined by two features', () => {
  const owner = new Map<string, string>();
  for (const [feature, tables] of Object.entries(FEATURES)) {
    for (const key of Object.keys(tables.zh)) {
      assert.equal(owner.get(key), undefined, `${key} is in both ${owner.get(key)} and ${feature}`);
      owner.set(key, feature);
    }
  }
  assert.equal(Object.keys(zh).length, owner.size);
});

test('each feature has the same keys in both languages', () => {
  for (const [feature, tables] of Object.entries(FEATURES)) {
    assert.deepEqual(Object.keys(tables.en).sort(), Object.keys(tables.zh).sort(), feature);
  }
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
});

test('every message is non-empty and names the same placeholders in both languages', () => {
  for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
    assert.ok(zh[key] && en[key], key);
    assert.deepEqual(placeholders(en[key]), placeholders(zh[key]), key);
  }
});
