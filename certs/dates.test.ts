import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBeijingDate, formatBeijingDateTime, wholeDaysUntil, DAY_MS } from './dates';

test('dates are written in Beijing time whatever the machine time zone', () => {
  // 16:30 UTC on 30 November is already 1 December in Beijing.
  const d = new Date('2026-11-30T16:30:00Z');
  assert.equal(formatBeijingDate(d), '2026年12月1日');
  assert.equal(formatBeijingDateTime(d), '2026年12月1日 00:30（北京时间）');
  assert.equal(formatBeijingDateTime(new Date('2027-01-05T01:02:03Z')), '2027年1月5日 09:02（北京时间）');
});

test('whole days round down, and any time past the end is negative', () => {
  const end = new Date('2027-01-31T00:00:00Z');
  const at = (ms: number) => new Date(end.getTime() - ms);
  assert.equal(wholeDaysUntil(end, at(30 * DAY_MS)), 30);
  assert.equal(wholeDaysUntil(end, at(30 * DAY_MS + 1)), 30);
  assert.equal(wholeDaysUntil(end, at(30 * DAY_MS - 1)), 29);
  assert.equal(wholeDaysUntil(end, at(0)), 0);
  assert.equal(wholeDaysUntil(end, at(-1)), -1);
});
