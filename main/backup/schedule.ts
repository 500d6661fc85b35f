// When the daily backup runs: at the configured local time; a run missed because the
// machine was off is made up shortly after the node starts.
export function nextRunAfter(now: Date, time: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

/** The most recent scheduled moment at or before now. */
export function lastRunBefore(now: Date, time: string): Date {
  const next = nextRunAfter(now, time);
  const last = new Date(next);
  last.setDate(last.getDate() - 1);
  return last;
}

/** Whether the last scheduled run happened before the most recent scheduled moment. */
export function missedRun(now: Date, time: string, lastScheduledRun: Date | null, nodeCreatedAt: Date | null): boolean {
  const due = lastRunBefore(now, time);
  // A node set up after that moment had nothing to miss.
  if (nodeCreatedAt && nodeCreatedAt.getTime() > due.getTime()) return false;
  return !lastScheduledRun || lastScheduledRun.getTime() < due.getTime();
}
