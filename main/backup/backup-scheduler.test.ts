// The daily timer against a clock that moves while the schedule is read: the timer may wake a
// moment early, and reading the schedule (a database read) takes time. The day's run must
// still happen, once — not slip to the next day.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BackupScheduler, type DailySchedule } from './backup-scheduler';

/** A hand-driven clock: it moves only when the test (or the schedule read) says so. */
function handClock(start: Date) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

/**
 * Resolves when `run` is called, or rejects after a bounded wait. The scheduler's timers are
 * real and unref'd (they never keep a process alive), so this wait's own timer holds the test open.
 */
function runSignal(timeoutMs = 10_000) {
  let runs = 0;
  let resolveRun: () => void = () => {};
  let timeout: NodeJS.Timeout | undefined;
  const ran = new Promise<void>((resolve, reject) => {
    resolveRun = resolve;
    timeout = setTimeout(() => reject(new Error(`the run did not start within ${timeoutMs} ms`)), timeoutMs);
  });
  return {
    run: () => {
      runs++;
      clearTimeout(timeout);
      resolveRun();
    },
    ran,
    runs: () => runs,
  };
}

describe('the daily backup timer', () => {
  test('a wake a few milliseconds early, with the clock passing 02:00 during the schedule read, still runs that day', async () => {
    const clock = handClock(new Date(2026, 10, 26, 1, 59, 59, 995));
    const signal = runSignal();
    let reads = 0;
    const schedule = (): DailySchedule => {
      // The first read arms the timer; the next one (at the early wake) takes the clock past 02:00.
      if (reads++ === 1) clock.advance(10);
      return { time: '02:00', lastRunAt: new Date(2026, 10, 25, 2, 0, 1), nodeCreatedAt: new Date(2026, 0, 1) };
    };
    const scheduler = new BackupScheduler({ now: clock.now, schedule, run: signal.run, checkEveryMs: 60_000 });
    try {
      scheduler.reschedule();
      assert.equal(scheduler.next()?.getTime(), new Date(2026, 10, 26, 2, 0).getTime());
      await signal.ran;
      assert.equal(signal.runs(), 1);
      assert.ok(reads >= 2, 'the wake read the schedule while the clock moved');
    } finally {
      scheduler.close();
    }
  });

  test('a wake before the moment re-arms for the same moment, not the next day', async () => {
    const clock = handClock(new Date(2026, 10, 26, 1, 59, 0));
    const signal = runSignal();
    const scheduler = new BackupScheduler({
      now: clock.now,
      schedule: () => ({ time: '02:00', lastRunAt: null, nodeCreatedAt: new Date(2026, 0, 1) }),
      run: signal.run,
      catchUpDelayMs: 3_600_000,
      // The timer looks at the clock every 5 ms: it wakes many times before 02:00.
      checkEveryMs: 5,
    });
    try {
      scheduler.reschedule();
      // Waits for the timer to have woken early at least once (the clock has not moved), then lets 02:00 come.
      const deadline = Date.now() + 10_000;
      while (signal.runs() === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(scheduler.next()?.getTime(), new Date(2026, 10, 26, 2, 0).getTime());
        if (clock.now().getHours() === 1) clock.advance(60_000);
      }
      await signal.ran;
      assert.equal(signal.runs(), 1);
    } finally {
      scheduler.close();
    }
  });
});
