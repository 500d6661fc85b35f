// The timer of the daily backup: armed for the configured local time (schedule.ts), or a
// short while after start when the machine was off at that time, and re-armed whenever the
// node becomes ready, the settings change or a scheduled run ends. What a run does is the
// caller's (BackupManager.runScheduledNow); this file only decides when.
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
}

const TEN_MINUTES = 10 * 60_000;
/** setTimeout's largest delay (about 24 days; a daily schedule never needs as much). */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private nextAt: Date | null = null;
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
    let at = nextRunAfter(now, schedule.time);
    if (missedRun(now, schedule.time, schedule.lastRunAt, schedule.nodeCreatedAt)) {
      const catchUp = new Date(now.getTime() + (this.options.catchUpDelayMs ?? TEN_MINUTES));
      if (catchUp < at) at = catchUp;
    }
    this.armAt(at);
  }

  /** Tries again in ten minutes: another job was running when the timer fired. */
  postpone(): void {
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
    const delay = Math.max(0, Math.min(at.getTime() - this.options.now().getTime(), MAX_DELAY_MS));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.options.run();
    }, delay);
    // The timer alone does not keep the process alive (a CLI command exits when done).
    this.timer.unref();
  }
}
