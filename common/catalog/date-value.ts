// Dates as clerks type them or as Excel exports them, normalised to YYYY-MM-DD.
import { isRealDate } from './calendar';
import { toHalfWidth } from './normalise';
import type { ValueResult } from './result';

/** Years outside this range are nearly always typos (0224 for 2024), not real events. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// Accepted: 2024-03-05, 2024/03/05, 2024.03.05 (also with 1-digit month/day, as Excel
// writes them), 20240305, and 2024年3月5日.
const SEPARATED = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function validateDate(raw: string): ValueResult {
  const s = toHalfWidth(raw).replace(/\s+/g, '');
  const m = SEPARATED.exec(s) ?? COMPACT.exec(s) ?? CHINESE.exec(s);
  if (!m) {
    return { ok: false, message: `格式不对（应为“年-月-日”，如 2024-03-05），实为「${raw.trim()}」` };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const iso = `${m[1]}-${pad2(month)}-${pad2(day)}`;
  if (!isRealDate(year, month, day)) return { ok: false, message: `${iso} 这一天不存在` };
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, message: `年份 ${m[1]} 不合理（应在${MIN_YEAR}年至${MAX_YEAR}年之间）` };
  }
  return { ok: true, value: iso };
}
