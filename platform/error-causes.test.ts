// The cause walk that both sync failure classifiers rely on: codes from every level, the
// outermost first, and a bounded walk however the chain is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeChain, errorCodes } from './error-causes';

const coded = (code: unknown, cause?: unknown) => Object.assign(new Error(String(code)), { code }, cause === undefined ? {} : { cause });

test('codes along the chain, outermost first; non-string codes are skipped', () => {
  assert.deepEqual(errorCodes(coded('ERR_BAD_RESPONSE', coded(42, coded('ECONNRESET')))), ['ERR_BAD_RESPONSE', 'ECONNRESET']);
  assert.deepEqual(errorCodes(new Error('plain')), []);
  assert.deepEqual(errorCodes(undefined), []);
  assert.deepEqual(errorCodes('a string'), []);
});

test('a cyclic chain stops after five links', () => {
  const a = coded('A');
  const b = coded('B', a);
  (a as { cause?: unknown }).cause = b;
  assert.equal(causeChain(a).length, 5);
  assert.deepEqual(errorCodes(b), ['B', 'A', 'B', 'A', 'B']);
});
