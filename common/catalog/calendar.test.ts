import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaToday } from './calendar';

test('today in China turns at 16:00 UTC, whatever was asked before', () => {
  // Asked in an order that crosses midnight both ways, so a remembered day cannot leak.
  const asked: [string, string][] = [
    ['2026-12-07T15:59:59.999Z', '2026-12-07'],
    ['2026-12-07T16:00:00.000Z', '2026-12-08'],
    ['2026-12-07T15:59:59.999Z', '2026-12-07'],
    ['2026-12-06T16:00:00.000Z', '2026-12-07'],
    ['2026-12-06T15:59:59.999Z', '2026-12-06'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
    ['2026-12-08T15:59:59.999Z', '2026-12-08'],
  ];
  for (const [instant, day] of asked) assert.equal(chinaToday(new Date(instant)), day, instant);
});

test('an invalid date is refused, not answered with the day asked before', () => {
  chinaToday(new Date('2026-12-07T00:00:00Z'));
  assert.throws(() => chinaToday(new Date(Number.NaN)), RangeError);
});
