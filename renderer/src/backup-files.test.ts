// The first-run restore hands the backup file to the core in base64 pieces: the encoding must
// be exact for every size (a wrong byte would only show later, as a damaged chunk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bytesToBase64, percent } from './backup-files';

test('bytesToBase64 equals Node’s base64 for sizes around its slice boundary and a whole piece', () => {
  for (const size of [0, 1, 2, 3, 0x7fff, 0x8000, 0x8001, 100_000, 512 * 1024]) {
    const bytes = randomBytes(size);
    assert.equal(bytesToBase64(new Uint8Array(bytes)), bytes.toString('base64'), `size ${size}`);
  }
});

test('progress is 100 only when the job is done; unknown totals show 0', () => {
  assert.equal(percent({ state: 'running', done: 50, total: 100 }), 50);
  assert.equal(percent({ state: 'running', done: 100, total: 100 }), 99);
  assert.equal(percent({ state: 'done', done: 0, total: 0 }), 100);
  assert.equal(percent({ state: 'running', done: 5, total: 0 }), 0);
});
