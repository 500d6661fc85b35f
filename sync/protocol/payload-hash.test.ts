// The fast payload text must be canonicalJson byte for byte, or node and exchange would
// disagree on hashes written by the previous release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsText, genericText, payloadHash, payloadText, payloadTextWithFields } from './payload-hash';
import { canonicalJson } from './canonical-json';
import { recordAt } from '../../bench/generate-records';

const base = { recordId: '0192f0a0-0000-7000-8000-000000000001', version: 3, resourceCode: '203001-00001', status: 'active', registeredAt: '2026-11-26T08:00:00.000Z' };

test('the payload text equals canonical JSON for generated records, whatever the key order', () => {
  for (let i = 0; i < 2000; i++) {
    const fields = recordAt(i) as Record<string, string>;
    const reversed = Object.fromEntries(Object.entries(fields).reverse());
    const p = { ...base, version: 1 + (i % 7), fields: reversed };
    assert.equal(payloadText(p), genericText(p));
  }
});

test('escapes, non-BMP and look-alike keys sort and serialise as canonical JSON does', () => {
  const fields = { 'b"q': '引号"\\\n\t', a: '', 'Z': '𠀀 emoji 😀', 'é': '\u2028', '10': 'x', '9': 'y', 'a\u0000': 'nul' };
  const p = { ...base, fields };
  assert.equal(payloadText(p), genericText(p));
  assert.equal(payloadText({ ...p, fields: {} }), genericText({ ...p, fields: {} }));
  // A damaged row (a non-string value) takes the generic path and still hashes like it.
  const damaged = { ...p, fields: { a: 1 as unknown as string } };
  assert.equal(payloadText(damaged), genericText(damaged));
  assert.notEqual(payloadHash(p), payloadHash({ ...p, fields: { ...fields, a: ' ' } }));
});

test('the stored fields text is canonical JSON, and the payload text around it is the whole payload\'s', () => {
  const cases: Record<string, string>[] = [
    recordAt(7) as Record<string, string>,
    { 'b"q': '引号"\\\n\t', a: '', Z: '𠀀 😀', é: '\u2028', '10': 'x', '9': 'y' },
    {},
  ];
  for (const fields of cases) {
    const text = fieldsText(fields);
    assert.equal(text, canonicalJson(fields));
    assert.deepEqual(JSON.parse(text), fields);
    assert.equal(payloadTextWithFields(base, text), genericText({ ...base, fields }));
  }
  assert.throws(() => payloadTextWithFields({ ...base, version: Number.NaN }, '{}'), TypeError);
});
