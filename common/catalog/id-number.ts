// 公民身份号码 (resident ID number), GB 11643-1999:
//   6-digit address code (GB/T 2260) + 8-digit birth date YYYYMMDD + 3-digit sequence
//   (odd = male, even = female) + 1 check character (ISO 7064 MOD 11-2, 0-9 or X).
//
// Decision: 15-digit first-generation numbers are REJECTED, not converted. First-generation
// ID cards stopped being valid on 2013-01-01 (居民身份证法 as amended in 2011), every
// holder has had an 18-digit number since, and converting would invent a check character
// for a number nobody actually holds. The clerk is told to ask for the 18-digit number.
import { isProvinceCode } from './division-code';
import { normaliseIdentifier } from './normalise';
import { chinaToday, isRealDate } from './calendar';

export type IdNumberResult = { ok: true; value: string } | { ok: false; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Earliest birth date we accept; older dates are almost always typing errors. */
const EARLIEST_BIRTH = '19000101';

/** Trim, full-width to ASCII, drop inner spaces, lowercase x to X. */
export function normaliseIdNumber(raw: string): string {
  return normaliseIdentifier(raw);
}

/** The check character for the first 17 digits (ISO 7064 MOD 11-2). */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Validates a resident ID number. `now` is injectable so tests can pin "today";
 * the birth-date-in-the-future check uses the date in China (UTC+8), not the machine's zone.
 * Messages never reveal the expected check character: that would let anyone "repair" a
 * mistyped number into a valid-looking but wrong one.
 */
export function validateIdNumber(raw: string, now: Date = new Date()): IdNumberResult {
  const value = normaliseIdNumber(raw);
  if (value === '') return { ok: false, message: '未填写公民身份号码' };

  if (/^\d{15}$/.test(value)) {
    return {
      ok: false,
      message: '是15位的第一代身份证号码，第一代身份证已于2013年1月1日停止使用，请填写18位公民身份号码',
    };
  }
  if (value.length !== 18) {
    return { ok: false, message: `长度不对（应为18位，实为${value.length}位）` };
  }
  for (let i = 0; i < 17; i++) {
    const ch = value[i]!;
    if (ch < '0' || ch > '9') {
      return { ok: false, message: `前17位只能是数字，第${i + 1}位是「${ch}」` };
    }
  }
  const last = value[17]!;
  if (!/[0-9X]/.test(last)) {
    return { ok: false, message: `末位只能是数字或 X，实为「${last}」` };
  }
  const province = value.slice(0, 2);
  if (!isProvinceCode(province)) {
    return { ok: false, message: `前两位「${province}」不是有效的省级行政区划代码` };
  }
  const birth = value.slice(6, 14);
  if (!isRealDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)))) {
    return { ok: false, message: `出生日期 ${birth} 不存在` };
  }
  if (birth < EARLIEST_BIRTH) {
    return { ok: false, message: `出生日期 ${birth} 早于1900年1月1日，请核对号码` };
  }
  if (birth > chinaToday(now).replace(/-/g, '')) {
    return { ok: false, message: `出生日期 ${birth} 晚于今天，请核对号码` };
  }
  if (checkCharacter(value) !== last) {
    return { ok: false, message: '校验码不正确，请核对号码' };
  }
  return { ok: true, value };
}

/** Birth date as YYYY-MM-DD, or undefined when the number is not a valid 18-digit ID. */
export function birthDateOf(id: string, now: Date = new Date()): string | undefined {
  const r = validateIdNumber(id, now);
  if (!r.ok) return undefined;
  return `${r.value.slice(6, 10)}-${r.value.slice(10, 12)}-${r.value.slice(12, 14)}`;
}

/** Gender from the 17th digit (odd male, even female), or undefined for an invalid number. */
export function genderOf(id: string, now: Date = new Date()): 'male' | 'female' | undefined {
  const r = validateIdNumber(id, now);
  if (!r.ok) return undefined;
  return Number(r.value[16]) % 2 === 1 ? 'male' : 'female';
}

/**
 * Masks for display to roles that do not need the full number: first 6 (the area) and
 * last 4 stay, the birth date and the rest of the sequence become 8 stars. Anything that is
 * not 18 characters is masked entirely, so a malformed value never leaks either.
 */
export function maskIdNumber(id: string): string {
  const value = normaliseIdNumber(id);
  if (value.length !== 18) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(8)}${value.slice(14)}`;
}
