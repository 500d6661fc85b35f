// The quarterly report's rules on fixed dates: quarter boundaries in China Standard Time,
// which cycle periods must hold an update for a resource to count as timely, and how link
// changes become outages clipped to the quarter. (test/status/quarterly-report.test.ts
// proves the whole report and its XLSX on a real node.)
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { outagesOf, quarterDays, quarterOf, requiredPeriods } from './quarterly-report';
import { cstDay } from '../store/stats-repo';

describe('quarters', () => {
  test('first and last day of each quarter', () => {
    assert.deepEqual(quarterDays(2026, 1), { from: '2026-01-01', to: '2026-03-31' });
    assert.deepEqual(quarterDays(2026, 2), { from: '2026-04-01', to: '2026-06-30' });
    assert.deepEqual(quarterDays(2024, 1), { from: '2024-01-01', to: '2024-03-31' });
    assert.deepEqual(quarterDays(2026, 4), { from: '2026-10-01', to: '2026-12-31' });
  });

  test('16:30 UTC on 31 March is already the second quarter in China', () => {
    assert.deepEqual(quarterOf(cstDay('2026-03-31T15:59:59Z')), { year: 2026, quarter: 1 });
    assert.deepEqual(quarterOf(cstDay('2026-03-31T16:30:00Z')), { year: 2026, quarter: 2 });
    assert.deepEqual(quarterOf(cstDay('2026-12-31T16:00:00Z')), { year: 2027, quarter: 1 });
  });
});

describe('timeliness periods', () => {
  const q3 = quarterDays(2026, 3); // 1 July (Wednesday) – 30 September (Wednesday)

  test('irregular resources are never judged', () => {
    assert.deepEqual(requiredPeriods('irregular', q3.from, q3.to, '2026-11-26'), []);
  });

  test('daily and realtime: every working day, Monday to Friday', () => {
    const days = requiredPeriods('daily', q3.from, q3.to, '2026-11-26');
    assert.equal(days.length, 66);
    assert.deepEqual(days[0], { start: '2026-07-01', end: '2026-07-01' });
    assert.ok(!days.some((p) => p.start === '2026-07-04' || p.start === '2026-07-05'), 'no weekend day');
    assert.deepEqual(requiredPeriods('realtime', q3.from, q3.to, '2026-11-26'), days);
  });

  test('the quarter under way counts only periods that have ended', () => {
    // Thursday 9 July: the working days 1–8 July are due, today is not.
    assert.deepEqual(
      requiredPeriods('daily', q3.from, q3.to, '2026-07-09').map((p) => p.start),
      ['2026-07-01', '2026-07-02', '2026-07-03', '2026-07-06', '2026-07-07', '2026-07-08'],
    );
    assert.deepEqual(requiredPeriods('monthly', q3.from, q3.to, '2026-08-15'), [{ start: '2026-07-01', end: '2026-07-31' }]);
    assert.deepEqual(requiredPeriods('quarterly', q3.from, q3.to, '2026-09-30'), []);
    assert.deepEqual(requiredPeriods('quarterly', q3.from, q3.to, '2026-10-01'), [{ start: q3.from, end: q3.to }]);
  });

  test('weekly: whole ISO weeks that overlap the quarter, so a week split by the quarter is not judged on a stub', () => {
    const weeks = requiredPeriods('weekly', q3.from, q3.to, '2026-11-26');
    assert.deepEqual(weeks[0], { start: '2026-06-29', end: '2026-07-05' });
    assert.deepEqual(weeks.at(-1), { start: '2026-09-28', end: '2026-10-04' });
    assert.equal(weeks.length, 14);
  });

  test('monthly: each month; yearly: the year up to the end of the quarter (or today)', () => {
    assert.equal(requiredPeriods('monthly', q3.from, q3.to, '2026-11-26').length, 3);
    assert.deepEqual(requiredPeriods('yearly', q3.from, q3.to, '2026-11-26'), [{ start: '2025-10-01', end: '2026-09-30' }]);
    assert.deepEqual(requiredPeriods('yearly', q3.from, q3.to, '2026-08-15'), [{ start: '2025-08-16', end: '2026-08-15' }]);
  });
});

describe('periods before the node existed are not judged', () => {
  const q3 = quarterDays(2026, 3);

  test('a node set up on 20 August: July and August are not late for a monthly resource, September is', () => {
    assert.deepEqual(requiredPeriods('monthly', q3.from, q3.to, '2026-11-26', '2026-08-20'), [{ start: '2026-09-01', end: '2026-09-30' }]);
    // Set up on the first of a month: that month is judged (the node was there all of it).
    assert.deepEqual(requiredPeriods('monthly', q3.from, q3.to, '2026-11-26', '2026-08-01').map((p) => p.start), ['2026-08-01', '2026-09-01']);
  });

  test('daily: working days from the day of setup on; weekly: weeks that began on or after it; quarterly and yearly: not in the first period', () => {
    const days = requiredPeriods('daily', q3.from, q3.to, '2026-11-26', '2026-09-28');
    assert.deepEqual(days.map((p) => p.start), ['2026-09-28', '2026-09-29', '2026-09-30']);
    assert.deepEqual(requiredPeriods('weekly', q3.from, q3.to, '2026-11-26', '2026-09-23').map((p) => p.start), ['2026-09-28']);
    assert.deepEqual(requiredPeriods('quarterly', q3.from, q3.to, '2026-11-26', '2026-08-20'), []);
    assert.deepEqual(requiredPeriods('yearly', q3.from, q3.to, '2026-11-26', '2026-03-31'), []);
    // A node older than the quarter is judged as before.
    assert.deepEqual(requiredPeriods('monthly', q3.from, q3.to, '2026-11-26', '2025-01-01'), requiredPeriods('monthly', q3.from, q3.to, '2026-11-26'));
  });
});

describe('outages', () => {
  const from = '2026-06-30T16:00:00.000Z'; // 1 July 00:00 CST
  const end = '2026-09-30T16:00:00.000Z'; // 1 October 00:00 CST

  test('an outage that began before the quarter counts from its start; each down state keeps its own reason', () => {
    const outages = outagesOf(
      [
        { at: '2026-06-30T15:00:00.000Z', link: 'offline', problem: '无法连接交换平台（连接被拒绝）' },
        { at: '2026-06-30T17:00:00.000Z', link: 'certificate', problem: '本节点证书已过期' },
        { at: '2026-06-30T17:30:00.000Z', link: 'online', problem: null },
        { at: '2026-08-01T00:00:00.000Z', link: 'offline', problem: null },
        { at: '2026-08-01T00:10:29.000Z', link: 'not-configured', problem: '未配置交换平台地址' },
      ],
      from,
      end,
      false,
    );
    assert.deepEqual(outages, [
      { from, to: '2026-06-30T17:00:00.000Z', minutes: 60, reason: '无法连接交换平台（连接被拒绝）' },
      { from: '2026-06-30T17:00:00.000Z', to: '2026-06-30T17:30:00.000Z', minutes: 30, reason: '本节点证书已过期' },
      { from: '2026-08-01T00:00:00.000Z', to: '2026-08-01T00:10:29.000Z', minutes: 10, reason: '无法连接交换平台' },
    ]);
  });

  test('an outage still going on ends at the end of a past quarter, and is open in the quarter under way', () => {
    const events = [{ at: '2026-09-30T15:00:00.000Z', link: 'offline', problem: '连接超时' }];
    assert.deepEqual(outagesOf(events, from, end, false), [{ from: events[0]!.at, to: end, minutes: 60, reason: '连接超时' }]);
    assert.deepEqual(outagesOf(events, from, '2026-09-30T15:45:00.000Z', true), [{ from: events[0]!.at, to: null, minutes: 45, reason: '连接超时' }]);
  });

  test('a link that stayed online has no outage', () => {
    assert.deepEqual(outagesOf([{ at: '2026-01-01T00:00:00.000Z', link: 'online', problem: null }], from, end, false), []);
  });
});
