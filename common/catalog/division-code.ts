// 行政区划代码: the 6-digit GB/T 2260 code and the 12-digit statistical division code
// (统计用区划代码, GB/T 2260 code + 3-digit township + 3-digit village/community).
//
// We check structure only, not that a code exists: the official list changes every
// year (counties merge, towns are renamed) and a stale built-in table would block
// clerks from entering a real, newly created village. The exchange has the current list.
import { normaliseIdentifier } from './normalise';
import type { DivisionCodeLength } from './types';

export type { DivisionCodeLength };

export type DivisionCodeResult = { ok: true; value: string } | { ok: false; message: string };

/** Province-level codes of GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门). */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** True when the two characters are a province-level code of GB/T 2260. */
export function isProvinceCode(twoDigits: string): boolean {
  return PROVINCE_CODES.has(twoDigits);
}

const EXPECTED: Record<DivisionCodeLength, string> = {
  '6': '6位数字',
  '12': '12位数字',
  either: '6位或12位数字',
};

export function normaliseDivisionCode(raw: string): string {
  return normaliseIdentifier(raw);
}

/**
 * Checks a division code. `allowed` says which form the item wants: a village item asks
 * for the 12-digit statistical code, a county item for the 6-digit one.
 */
export function validateDivisionCode(raw: string, allowed: DivisionCodeLength = 'either'): DivisionCodeResult {
  const value = normaliseDivisionCode(raw);
  if (value === '') return { ok: false, message: '未填写行政区划代码' };
  if (!/^\d+$/.test(value)) {
    return { ok: false, message: `只能由数字组成（应为${EXPECTED[allowed]}），实为「${value}」` };
  }
  const lengthOk =
    (allowed === '6' && value.length === 6) ||
    (allowed === '12' && value.length === 12) ||
    (allowed === 'either' && (value.length === 6 || value.length === 12));
  if (!lengthOk) {
    return { ok: false, message: `位数不对（应为${EXPECTED[allowed]}，实为${value.length}位）` };
  }
  const province = value.slice(0, 2);
  if (!isProvinceCode(province)) {
    return { ok: false, message: `前两位「${province}」不是有效的省级行政区划代码` };
  }
  // A village always sits inside a township: "township 000" means the code names the
  // county itself, so the village part must then be 000 as well.
  if (value.length === 12 && value.slice(6, 9) === '000' && value.slice(9) !== '000') {
    return { ok: false, message: '第7–9位（乡镇）为000时，第10–12位（村、社区）也应为000' };
  }
  return { ok: true, value };
}
