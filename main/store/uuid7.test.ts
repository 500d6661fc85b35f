// Record ids: time-ordered UUIDv7s whose random part is never handed out twice, across the
// refills of the random pool they are drawn from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuid7, uuid7Many } from './uuid7';

const FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = Date.UTC(2026, 11, 7, 8, 0, 0);

test('ids of one millisecond are all different, through several refills of the random pool', () => {
  const ids = [...Array.from({ length: 1000 }, () => uuid7(at)), ...uuid7Many(600, at), ...uuid7Many(100, at)];
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, FORM);
    assert.equal(parseInt(id.replaceAll('-', '').slice(0, 12), 16), at, 'the first 48 bits are the time');
  }
  // The random part is random: no two ids share their last 12 hex digits either.
  assert.equal(new Set(ids.map((id) => id.slice(-12))).size, ids.length);
});

test('a batch of ids comes in ascending order, and later ones sort after earlier ones', () => {
  const batch = uuid7Many(300, at);
  assert.deepEqual(batch, [...batch].sort());
  assert.ok(uuid7(at + 1) > batch.at(-1)!);
});
