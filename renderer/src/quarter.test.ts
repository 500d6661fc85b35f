// The report page opens on the current quarter (issue 12; it used to open on the last finished
// one). Quarters turn at midnight China Standard Time, so 2026-03-31T16:30Z is already 1 April
// in the township: Q2 has begun.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultReportQuarter, isFutureQuarter, lastFinishedQuarter, previousQuarter, quarterOf, selectableYears } from './quarter';

test('the quarter of a moment is counted in China Standard Time', () => {
  assert.deepEqual(quarterOf(new Date('2026-03-31T15:59:59Z')), { year: 2026, quarter: 1 });
  assert.deepEqual(quarterOf(new Date('2026-03-31T16:00:00Z')), { year: 2026, quarter: 2 });
  assert.deepEqual(quarterOf(new Date('2026-12-31T16:00:00Z')), { year: 2027, quarter: 1 });
});

test('the report opens on the current quarter, in China time', () => {
  assert.deepEqual(defaultReportQuarter(new Date('2026-11-26T04:00:00Z')), { year: 2026, quarter: 4 });
  assert.deepEqual(defaultReportQuarter(new Date('2026-03-31T16:30:00Z')), { year: 2026, quarter: 2 });
  assert.equal(isFutureQuarter(defaultReportQuarter(new Date('2026-12-31T16:00:00Z')), new Date('2026-12-31T16:00:00Z')), false, 'never a quarter the core would refuse');
});

test('the last finished quarter wraps into the previous year from Q1', () => {
  assert.deepEqual(lastFinishedQuarter(new Date('2026-02-10T04:00:00Z')), { year: 2025, quarter: 4 });
  assert.deepEqual(lastFinishedQuarter(new Date('2026-11-26T04:00:00Z')), { year: 2026, quarter: 3 });
  assert.deepEqual(previousQuarter({ year: 2026, quarter: 3 }), { year: 2026, quarter: 2 });
});

test('years run from the current one back, and quarters not yet begun are future', () => {
  const now = new Date('2026-11-26T04:00:00Z');
  assert.deepEqual(selectableYears(now, 2024), [2026, 2025, 2024]);
  assert.equal(isFutureQuarter({ year: 2026, quarter: 4 }, now), false);
  assert.equal(isFutureQuarter({ year: 2027, quarter: 1 }, now), true);
});
