// Calendar helpers without a date library: the catalog is pure and shared with the
// renderer, and Date parsing is too lenient (new Date('1990-02-30') rolls over to March).

/** Gregorian leap year rule: every 4th year, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True when year-month-day is a date that exists in the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** The last day chinaToday computed and the instants [from, until) it covers. */
let today = { from: 0, until: 0, day: '' };

/**
 * Today's date in China (UTC+8, no daylight saving) as YYYY-MM-DD, whatever the machine's
 * time zone: a birth date "in the future" must mean the same thing on every node.
 */
export function chinaToday(now: Date = new Date()): string {
  const time = now.getTime();
  // Every ID number and date checked asks for today; the answer holds until China's midnight.
  if (time >= today.from && time < today.until) return today.day;
  const shifted = time + CHINA_OFFSET_MS;
  const day = new Date(shifted).toISOString().slice(0, 10);
  const from = Math.floor(shifted / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  today = { from, until: from + DAY_MS, day };
  return day;
}
