// 统一社会信用代码 (unified social credit code), GB 32100-2015:
//   pos 1     登记管理部门码 (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 …)
//   pos 2     机构类别码 (e.g. 1 企业, 2 个体工商户, 3 农民专业合作社 under 9)
//   pos 3-8   登记管理机关行政区划码 (digits, GB/T 2260)
//   pos 9-17  主体标识码 (the organisation code, GB 11714)
//   pos 18    校验码
// The alphabet has 31 characters and leaves out I, O, Z, S, V (easily confused with 1, 0, 2, 5, U).
//
// We check positions 1 and 2 only against the alphabet, not against the lists of
// registration departments and categories: those lists have been extended since 2015
// (e.g. A, N) and rejecting a real code would stop the clerk cold. The check character
// catches typing errors anyway. Positions 3-8 are not checked as a province code
// because central registrations legitimately use 100000.
import { normaliseIdentifier } from './normalise';

export type CreditCodeResult = { ok: true; value: string } | { ok: false; message: string };

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Trim, full-width to ASCII, drop inner spaces, upper case. */
export function normaliseCreditCode(raw: string): string {
  return normaliseIdentifier(raw);
}

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[c === 31 ? 0 : c]!;
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const value = normaliseCreditCode(raw);
  if (value === '') return { ok: false, message: '未填写统一社会信用代码' };

  // Before 2016 businesses had a 15-digit 工商注册号; clerks still find it on old licences.
  if (/^\d{15}$/.test(value)) {
    return { ok: false, message: '是15位的旧工商注册号，请改填营业执照上的18位统一社会信用代码' };
  }
  if (value.length !== 18) {
    return { ok: false, message: `长度不对（应为18位，实为${value.length}位）` };
  }
  for (let i = 0; i < 18; i++) {
    const ch = value[i]!;
    if (!CREDIT_CODE_ALPHABET.includes(ch)) {
      return {
        ok: false,
        message: `第${i + 1}位「${ch}」不是允许的字符（只能是数字和大写字母，且不使用 I、O、Z、S、V）`,
      };
    }
  }
  for (let i = 2; i < 8; i++) {
    const ch = value[i]!;
    if (ch < '0' || ch > '9') {
      return { ok: false, message: `第3–8位是行政区划码，只能是数字，第${i + 1}位是「${ch}」` };
    }
  }
  if (checkCharacter(value) !== value[17]) {
    return { ok: false, message: '校验码不正确，请核对代码' };
  }
  return { ok: true, value };
}
