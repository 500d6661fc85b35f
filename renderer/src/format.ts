// Display helpers shared by the tables and the detail drawer.
import dayjs from 'dayjs';
import type { Translate } from './i18n';
import { FILE_SIZE_UNITS, formatBytes as formatSize } from '../../common/text/format-bytes';
import { divisionFullName, findDivision, type DivisionTable } from '../../common/catalog/division-table';

/** The core sends ISO timestamps; clerks read local wall-clock time to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/**
 * A code item shows its label, with the code for people who think in codes; a division
 * code the catalog's division table names shows its name the same way.
 */
export function displayValue(
  item: { code: string; type?: string; codeTable?: { code: string; label: string }[] | undefined } | undefined,
  value: string | undefined,
  divisions?: DivisionTable,
): string {
  if (value === undefined || value === '') return '—';
  const entry = item?.codeTable?.find((e) => e.code === value);
  if (entry) return `${entry.label}（${entry.code}）`;
  // Only a code the table names itself: a village it does not list is not shown as its county.
  const named = item?.type === 'divisionCode' && findDivision(divisions, value.padEnd(12, '0'));
  const place = named ? divisionFullName(divisions, value) : undefined;
  return place ? `${place}（${value}）` : value;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span of time as people say it: "3 天 4 小时", "2 小时 5 分钟", "12 分钟". Two units at
 * most — an operator needs "how long, roughly", not seconds.
 */
export function formatDuration(ms: number, t: Translate): string {
  const span = Math.max(0, ms);
  if (span < MINUTE) return t('duration.lessThanMinute');
  if (span < HOUR) return t('duration.minutes', { m: Math.floor(span / MINUTE) });
  if (span < DAY) return t('duration.hoursMinutes', { h: Math.floor(span / HOUR), m: Math.floor((span % HOUR) / MINUTE) });
  const d = Math.floor(span / DAY);
  const h = Math.floor((span % DAY) / HOUR);
  return h === 0 ? t('duration.days', { d }) : t('duration.daysHours', { d, h });
}

/** How long ago an ISO time was, from `now`; null when there is no time. */
export function formatAge(iso: string | null | undefined, now: number, t: Translate): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : formatDuration(now - at, t);
}

/** A time with "3 分钟前" / "5 分钟后" next to it, for times close enough to matter. */
export function formatTimeRelative(iso: string | null | undefined, now: number, t: Translate): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const d = formatDuration(Math.abs(now - at), t);
  return t('duration.withTime', { time: formatTime(iso), rel: t(at > now ? 'duration.in' : 'duration.ago', { d }) });
}

/** A picked file's size: "12 KB", "1.5 MB" (the shared formatter, with file-size units). */
export function formatBytes(bytes: number): string {
  return formatSize(bytes, FILE_SIZE_UNITS);
}
