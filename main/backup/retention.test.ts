// Retention (7 daily, 4 weekly, 12 monthly by default) and the daily schedule, as pure rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeek, selectForDeletion } from './retention';
import { lastRunBefore, missedRun, nextRunAfter } from './schedule';

const at = (y: number, m: number, d: number, h = 2, min = 0) => new Date(y, m - 1, d, h, min);
const daily = (days: number, from = at(2026, 11, 26)) =>
  Array.from({ length: days }, (_, i) => {
    const d = new Date(from);
    d.setDate(d.getDate() - i);
    return { fileName: `b-${i}.enbak`, createdAt: d };
  });

describe('retention', () => {
  test('a year of daily backups keeps the last 7 days, the last 4 weeks and the last 12 months, nothing else', () => {
    const backups = daily(400);
    const deleted = new Set(selectForDeletion(backups, { daily: 7, weekly: 4, monthly: 12 }));
    const kept = backups.filter((b) => !deleted.has(b));
    for (const b of backups.slice(0, 7)) assert.ok(!deleted.has(b), 'the last 7 days');
    const weeks = new Set(kept.map((b) => isoWeek(b.createdAt)));
    const months = new Set(kept.map((b) => `${b.createdAt.getFullYear()}-${b.createdAt.getMonth()}`));
    assert.ok(weeks.size >= 4);
    assert.equal(months.size, 12);
    // Each kept backup is the newest of its day, of one of the 4 newest weeks, or of one of the 12 newest months.
    const newestOfMonth = new Map<string, Date>();
    for (const b of backups) {
      const k = `${b.createdAt.getFullYear()}-${b.createdAt.getMonth()}`;
      if (!newestOfMonth.has(k)) newestOfMonth.set(k, b.createdAt);
    }
    for (const b of kept.slice(7)) {
      const k = `${b.createdAt.getFullYear()}-${b.createdAt.getMonth()}`;
      const isMonthly = newestOfMonth.get(k) === b.createdAt;
      const isWeekly = [...new Set(backups.map((x) => isoWeek(x.createdAt)))].slice(0, 4).includes(isoWeek(b.createdAt));
      assert.ok(isMonthly || isWeekly, `${b.createdAt.toDateString()} kept for no reason`);
    }
    assert.ok(kept.length <= 7 + 4 + 12 && kept.length >= 12, String(kept.length));
    assert.equal(deleted.size, backups.length - kept.length);
  });

  test('several backups a day: only the newest of each day counts as that day', () => {
    const backups = [at(2026, 11, 26, 2), at(2026, 11, 26, 14), at(2026, 11, 25, 2), at(2026, 11, 25, 16)].map((d, i) => ({ fileName: `${i}`, createdAt: d }));
    const deleted = selectForDeletion(backups, { daily: 7, weekly: 0, monthly: 0 }).map((b) => b.fileName);
    assert.deepEqual(deleted.sort(), ['0', '2']);
  });

  test('the newest backup is always kept', () => {
    assert.deepEqual(selectForDeletion([{ fileName: 'a', createdAt: at(2026, 1, 1) }], { daily: 1, weekly: 0, monthly: 0 }), []);
  });

  test('ISO weeks across year ends', () => {
    assert.equal(isoWeek(at(2026, 1, 1)), '2026-W01');
    assert.equal(isoWeek(at(2027, 1, 1)), '2026-W53');
    assert.equal(isoWeek(at(2024, 12, 30)), '2025-W01');
    assert.equal(isoWeek(at(2026, 11, 26)), '2026-W48');
  });
});

describe('daily schedule', () => {
  test('the next run is today at the time if still ahead, else tomorrow', () => {
    assert.deepEqual(nextRunAfter(at(2026, 11, 26, 1, 30), '02:00'), at(2026, 11, 26, 2, 0));
    assert.deepEqual(nextRunAfter(at(2026, 11, 26, 2, 0), '02:00'), at(2026, 11, 27, 2, 0));
    assert.deepEqual(lastRunBefore(at(2026, 11, 26, 9, 0), '02:00'), at(2026, 11, 26, 2, 0));
  });

  test('a run missed while the machine was off is made up; a node set up since is not', () => {
    const now = at(2026, 11, 26, 9);
    assert.equal(missedRun(now, '02:00', at(2026, 11, 25, 2), at(2026, 1, 1)), true);
    assert.equal(missedRun(now, '02:00', at(2026, 11, 26, 2), at(2026, 1, 1)), false);
    assert.equal(missedRun(now, '02:00', null, at(2026, 11, 26, 8)), false);
    assert.equal(missedRun(now, '02:00', null, at(2026, 11, 20)), true);
  });
});
