// Retention (7 daily, 4 weekly, 12 monthly by default; manual backups apart, the newest 10
// kept) and the daily schedule, as pure rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MANUAL_KEEP, isoWeek, previewDeletion, selectForDeletion } from './retention';
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

  test('a manual backup in the afternoon does not push out the morning\'s scheduled one', () => {
    // The reported bug: with manual and scheduled backups counted together, the morning's 02:00
    // backup stopped being "the newest of its day" and was deleted.
    const morning = { fileName: 'edge-node-backup-20261126-020000-aa.enbak', createdAt: at(2026, 11, 26, 2) };
    const afternoon = { fileName: 'edge-node-backup-20261126-141500-aa-manual.enbak', createdAt: at(2026, 11, 26, 14, 15), manual: true };
    const another = { fileName: 'edge-node-backup-20261126-160000-aa-manual.enbak', createdAt: at(2026, 11, 26, 16), manual: true };
    const policy = { daily: 7, weekly: 4, monthly: 12 };
    assert.deepEqual(selectForDeletion([morning, afternoon], policy), []);
    assert.deepEqual(selectForDeletion([morning, afternoon, another], policy), []);
    assert.deepEqual(previewDeletion([morning, afternoon], policy, { createdAt: at(2026, 11, 26, 16), manual: true }), [], 'the next manual backup deletes nothing either');
    // The next scheduled backup replaces nothing of the manual ones either.
    assert.deepEqual(previewDeletion([morning, afternoon, another], policy, { createdAt: at(2026, 11, 27, 2), manual: false }), []);
  });

  test('manual backups: the newest N are kept (10 unless the settings say), the rotation is untouched', () => {
    const manual = Array.from({ length: 12 }, (_, i) => ({ fileName: `m-${String(i).padStart(2, '0')}`, createdAt: at(2026, 11, 1 + i, 15), manual: true }));
    const scheduled = daily(3);
    const deleted = selectForDeletion([...scheduled, ...manual], { daily: 7, weekly: 4, monthly: 12 });
    assert.equal(DEFAULT_MANUAL_KEEP, 10);
    assert.deepEqual(deleted.map((b) => b.fileName), ['m-01', 'm-00'], 'the two oldest manual ones, newest first');
    assert.deepEqual(selectForDeletion([...scheduled, ...manual], { daily: 7, weekly: 4, monthly: 12, manual: 3 }).length, 9);
    // A manual backup is never the "newest of all" that keeps the rotation's newest alive in its stead.
    assert.deepEqual(selectForDeletion([...daily(2), { fileName: 'x', createdAt: at(2026, 11, 27), manual: true }], { daily: 1, weekly: 0, monthly: 0 }).map((b) => b.fileName), ['b-1.enbak']);
  });

  test('the preview says exactly what the run after the next backup deletes', () => {
    const policy = { daily: 3, weekly: 1, monthly: 2, manual: 2 };
    const now = [...daily(20), ...Array.from({ length: 2 }, (_, i) => ({ fileName: `m-${i}`, createdAt: at(2026, 11, 20 + i, 15), manual: true }))];
    for (const next of [
      { fileName: 'next-scheduled', createdAt: at(2026, 11, 27, 2), manual: false },
      { fileName: 'next-manual', createdAt: at(2026, 11, 26, 16), manual: true },
    ]) {
      const announced = previewDeletion(now, policy, next).map((b) => b.fileName);
      const done = selectForDeletion([...now, next], policy).map((b) => b.fileName);
      assert.deepEqual(announced, done, next.fileName);
      assert.ok(announced.length > 0, `${next.fileName} deletes something in this set-up`);
      assert.ok(!announced.includes(next.fileName));
    }
    // On a folder retention has already tidied, a third manual backup pushes out only the oldest manual one.
    const tidied = now.filter((b) => !selectForDeletion(now, policy).includes(b));
    assert.deepEqual(previewDeletion(tidied, policy, { createdAt: at(2026, 11, 26, 16), manual: true }).map((b) => b.fileName), ['m-0']);
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
