// The timer of the daily backup: armed for the configured local time (schedule.ts), or a
// short while after start when the machine was off at that time, and re-armed whenever the
// node becomes ready, the settings change or a scheduled run ends. What a run does is the
// caller's (BackupManager.runScheduledNow); this file only decides when.
// The clock may jump (set by hand, a dead CMOS battery, a time sync after weeks offline), so
// the timer never sleeps longer than CHECK_EVERY_MS and then asks the clock again: a jump
// forward past the scheduled moment runs the backup at once instead of a day late, and a
// moment that by the record already had its run (the clock was put back) is not run twice.
import { missedRun, nextRunAfter } from './schedule';

/** The schedule in force on the ready node. */
export interface DailySchedule {
  /** Local HH:MM of the daily run. */
  time: string;
  /** When the last scheduled run started; null when none has. */
  lastRunAt: Date | null;
  /** When the node was set up: a run due before that was not missed. */
  nodeCreatedAt: Date | null;
}

export interface BackupSchedulerOptions {
  now(): Date;
  /** The schedule in force; null when the node is not ready or the schedule is off (nothing is armed). */
  schedule(): DailySchedule | null;
  /** Starts the scheduled run when the timer fires. */
  run(): void;
  /** A run missed while the machine was off is made up this long after start (default ten minutes). */
  catchUpDelayMs?: number;
  /** The longest the timer sleeps before it looks at the clock again (default a minute). */
  checkEveryMs?: number;
}

const TEN_MINUTES = 10 * 60_000;
/** How long the timer sleeps at most before it looks at the clock again. */
const CHECK_EVERY_MS = 60_000;
/** Near a moment that by the record already had its run, within this much, the clock was put back: no second run. */
const SAME_RUN_MS = 12 * 3_600_000;
/** setTimeout's largest delay (about 24 days; a daily schedule never needs as much). */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private nextAt: Date | null = null;
  /** The armed moment is a catch-up of a missed run: kept while waiting, not re-planned. */
  private catchUp = false;
  private closed = false;

  constructor(private readonly options: BackupSchedulerOptions) {}

  /** When the timer fires next; null when nothing is armed. */
  next(): Date | null {
    return this.nextAt;
  }

  /** Arms the timer for the next scheduled moment, or the catch-up of a missed one if sooner. */
  reschedule(): void {
    this.disarm();
    if (this.closed) return;
    const schedule = this.options.schedule();
    if (!schedule) return;
    const now = this.options.now();
    let at = this.nextMoment(now, schedule);
    this.catchUp = false;
    if (missedRun(now, schedule.time, schedule.lastRunAt, schedule.nodeCreatedAt)) {
      const catchUp = new Date(now.getTime() + (this.options.catchUpDelayMs ?? TEN_MINUTES));
      if (catchUp < at) {
        at = catchUp;
        this.catchUp = true;
      }
    }
    this.armAt(at);
  }

  /**
   * The next scheduled moment by the clock — unless the record says that moment already had
   * its run and it is near (the clock was put back a little): running it would make a second
   * backup within hours of the first, so the next day's moment is taken. A clock put back a
   * day or more leaves the moment far enough away to be a day of its own.
   */
  private nextMoment(now: Date, schedule: DailySchedule): Date {
    const at = nextRunAfter(now, schedule.time);
    const last = schedule.lastRunAt;
    const alreadyRun = last !== null && at.getTime() <= last.getTime() + SAME_RUN_MS;
    if (alreadyRun && at.getTime() - now.getTime() < SAME_RUN_MS) return nextRunAfter(at, schedule.time);
    return at;
  }

  /**
   * The timer woke: run if the clock has reached the moment, else follow the clock again.
   * The clock is read once: a wake a moment early that read it again after the schedule (a
   * database read) could find the moment just passed and plan the next day's — skipping
   * today's backup without a trace.
   */
  private wake(at: Date): void {
    if (this.closed) return;
    const now = this.options.now();
    if (now.getTime() >= at.getTime()) {
      this.options.run();
      return;
    }
    if (this.catchUp) return this.armAt(at);
    const schedule = this.options.schedule();
    if (!schedule) return this.disarm();
    this.armAt(this.nextMoment(now, schedule));
  }

  /** Tries again in ten minutes: another job was running when the timer fired. */
  postpone(): void {
    this.catchUp = true;
    this.armAt(new Date(this.options.now().getTime() + TEN_MINUTES));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
  }

  private armAt(at: Date): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextAt = at;
    const delay = Math.max(0, Math.min(at.getTime() - this.options.now().getTime(), this.options.checkEveryMs ?? CHECK_EVERY_MS, MAX_DELAY_MS));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake(at);
    }, delay);
    // The timer alone does not keep the process alive (a CLI command exits when done).
    this.timer.unref();
  }
}
