// Telephone numbers: a mainland mobile number (11 digits, 1[3-9]…) or a landline with its
// area code (0 + 2-3 digits, then a 7-8 digit local number, optional hyphen).
import { toHalfWidth } from './normalise';
import type { ValueResult } from './result';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function validatePhone(raw: string): ValueResult {
  let s = toHalfWidth(raw).replace(/\s+/g, '');
  // "(0898)66123456" is how area codes are often written on paper forms.
  s = s.replace(/^\((0\d{2,3})\)-?/, '$1-');
  // Mobile numbers are commonly written 138-1234-5678 or with the country code +86.
  const digits = s.replace(/-/g, '').replace(/^(\+86|0086)(?=1)/, '');
  if (/^(\+86|0086)?-?1[\d-]*$/.test(s) && MOBILE.test(digits)) return { ok: true, value: digits };
  if (LANDLINE.test(s)) return { ok: true, value: s };
  return {
    ok: false,
    message: `格式不对（应为11位手机号码，如 13812345678，或带区号的固定电话，如 0898-66123456），实为「${raw.trim()}」`,
  };
}
