// Dates as people in the township office read them: Beijing time (UTC+8, no daylight
// saving), written the Chinese way. Done by hand instead of Intl so the text is identical
// under Node, Electron and a CI machine in any time zone or locale.

const BEIJING_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

function beijingParts(date: Date) {
  const d = new Date(date.getTime() + BEIJING_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, day: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes() };
}

/** 2026年12月1日 */
export function formatBeijingDate(date: Date): string {
  const p = beijingParts(date);
  return `${p.y}年${p.m}月${p.day}日`;
}

/** 2026年12月1日 08:05（北京时间） */
export function formatBeijingDateTime(date: Date): string {
  const p = beijingParts(date);
  return `${formatBeijingDate(date)} ${String(p.h).padStart(2, '0')}:${String(p.min).padStart(2, '0')}（北京时间）`;
}

/**
 * Whole days from `now` until `until`, rounded down: 30.9 days left is 30; any time past
 * `until` is negative (−0.1 days is −1), so "expired" and "daysLeft < 0" always agree.
 */
export function wholeDaysUntil(until: Date, now: Date): number {
  return Math.floor((until.getTime() - now.getTime()) / DAY_MS);
}
