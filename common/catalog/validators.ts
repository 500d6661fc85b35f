// One validator per ItemType, driven by the catalog item. The renderer's form and the core
// both call validateValue, so a clerk sees in the form exactly the message the core would
// give on save or import. Every message names the item (「户主姓名」…) so it still makes
// sense in an import report, far from the form.
import { validateCreditCode } from './credit-code';
import { validateDate } from './date-value';
import { validateDivisionCode } from './division-code';
import { validateIdNumber } from './id-number';
import { checkNodeDivision, type DivisionContext } from './node-division';
import { charLength, toHalfWidth } from './normalise';
import { validateDecimal, validateInteger } from './number-value';
import { validatePhone } from './phone';
import type { ValueResult } from './result';
import type { CatalogItem, ItemType } from './types';

export type { ValueResult };

/** Checks a non-blank value; returns a message without the item name (added by validateValue). */
type Check = (item: CatalogItem, raw: string) => ValueResult;

// C0 control characters other than tab and line breaks: they come from broken exports and
// would corrupt CSV files and printouts later. Matching them is the point of this regex.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const checkText: Check = (item, raw) => {
  const value = raw.trim().normalize('NFC');
  if (CONTROL.test(value)) return { ok: false, message: '含有不可见的控制字符，请重新输入' };
  const length = charLength(value);
  if (item.maxLength !== undefined && length > item.maxLength) {
    return { ok: false, message: `最多${item.maxLength}个字，实为${length}个字` };
  }
  return { ok: true, value };
};

const checkCode: Check = (item, raw) => {
  const table = item.codeTable ?? [];
  if (table.length === 0) return { ok: false, message: '没有配置代码表，无法校验，请联系管理员' };
  const s = toHalfWidth(raw).trim();
  // The dropdown sends the code; imports usually carry the label as people read it.
  const hit = table.find((e) => e.code === s) ?? table.find((e) => e.label === s);
  if (hit) return { ok: true, value: hit.code };
  const options = table.map((e) => `${e.code} ${e.label}`).join('、');
  return { ok: false, message: `的值「${s}」不在代码表中，可选：${options}` };
};

export const itemValidators: Record<ItemType, Check> = {
  text: checkText,
  date: (_item, raw) => validateDate(raw),
  integer: (item, raw) => validateInteger(raw, item),
  decimal: (item, raw) => validateDecimal(raw, item),
  code: checkCode,
  phone: (_item, raw) => validatePhone(raw),
  idNumber: (_item, raw) => validateIdNumber(raw),
  creditCode: (_item, raw) => validateCreditCode(raw),
  divisionCode: (item, raw) => validateDivisionCode(raw, item.divisionCodeLength ?? 'either'),
};

/** Blank means nothing but whitespace, including the full-width space of Chinese IMEs. */
export function isBlank(raw: string | undefined): boolean {
  return raw === undefined || toHalfWidth(raw).trim() === '';
}

/**
 * Validates one value against its catalog item. Blank and optional → ok with ''.
 * Blank and required → 「名称」为必填项. Otherwise the type's check, with the item name
 * in front of its message, and the normalised value on success.
 *
 * `context` is the node the value is written on: with it, a division code is also checked
 * against the node's division and the catalog's division table (node-division.ts), unless
 * the item's divisionScope is 'any'. Every writer passes it (the form, the core's records
 * service, which file imports go through); without it only the structure is checked.
 */
export function validateValue(item: CatalogItem, raw: string | undefined, context?: DivisionContext): ValueResult {
  if (isBlank(raw)) {
    return item.required ? { ok: false, message: `「${item.name}」为必填项` } : { ok: true, value: '' };
  }
  let result = itemValidators[item.type](item, raw!);
  if (result.ok && context && item.type === 'divisionCode' && (item.divisionScope ?? 'node') === 'node') {
    result = checkNodeDivision(result.value, context);
  }
  return result.ok ? result : { ok: false, message: `「${item.name}」${result.message}` };
}
