// China time must not depend on the machine's time zone: a CLI run over a remote shell on a
// server set to UTC prints the same as a township PC set to China.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaDate, chinaDateTime, chinaStamp } from './china-time';

test('a UTC instant reads as China time, across the date line at 16:00 UTC', () => {
  assert.equal(chinaDateTime('2026-11-25T18:15:09.123Z'), '2026-11-26 02:15:09');
  assert.equal(chinaDateTime(new Date('2026-11-25T18:15:09Z'), { seconds: false }), '2026-11-26 02:15');
  assert.equal(chinaDate('2026-12-31T16:00:00Z'), '2027-01-01');
  assert.equal(chinaStamp(new Date('2026-11-25T18:15:09Z')), '20261126-021509');
});

test('a text that is not a time is shown as it is', () => {
  assert.equal(chinaDateTime('not a time'), 'not a time');
});
