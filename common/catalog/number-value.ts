// Integers and decimals. Values stay strings end to end: going through floating point
// would turn 0.1 + 0.2 style noise into stored money amounts. Only the range check
// converts to a number, where a last-digit rounding cannot change the outcome that matters.
import { toHalfWidth } from './normalise';
import type { ValueResult } from './result';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Decimal places allowed (decimals only); undefined = any. */
  scale?: number;
}

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?$/;
// Thousands separators as Excel shows them: 1,234,567.89 (the full-width comma is folded first).
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** Splits "  -001,234.50 " into sign, integer digits and fraction digits, or null if not a number. */
function parse(raw: string): { negative: boolean; int: string; frac: string } | null {
  let s = toHalfWidth(raw).replace(/\s+/g, '');
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  const m = PLAIN.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  return { negative: m[1] === '-', int: m[2]!.replace(/^0+(?=\d)/, '') || '0', frac: m[3] ?? '' };
}

/** Canonical text: no leading zeros, no trailing fraction zeros, never "-0". */
function canonical(negative: boolean, int: string, frac: string): string {
  const f = frac.replace(/0+$/, '');
  const body = f === '' ? int : `${int}.${f}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

function rangeMessage(rule: NumberRule, shown: string): string | undefined {
  const n = Number(shown);
  const { min, max } = rule;
  if (min !== undefined && max !== undefined && (n < min || n > max)) return `应在 ${min} 到 ${max} 之间，实为 ${shown}`;
  if (min !== undefined && n < min) return `应不小于 ${min}，实为 ${shown}`;
  if (max !== undefined && n > max) return `应不大于 ${max}，实为 ${shown}`;
  return undefined;
}

export function validateInteger(raw: string, rule: NumberRule = {}): ValueResult {
  const p = parse(raw);
  if (!p) return { ok: false, message: `应为整数，实为「${raw.trim()}」` };
  if (/[1-9]/.test(p.frac)) return { ok: false, message: `应为整数，不能有小数，实为「${raw.trim()}」` };
  const value = canonical(p.negative, p.int, '');
  if (!Number.isSafeInteger(Number(value))) return { ok: false, message: `数值过大，实为 ${value}` };
  const range = rangeMessage(rule, value);
  return range ? { ok: false, message: range } : { ok: true, value };
}

export function validateDecimal(raw: string, rule: NumberRule = {}): ValueResult {
  const p = parse(raw);
  if (!p) return { ok: false, message: `应为数字，实为「${raw.trim()}」` };
  const places = p.frac.replace(/0+$/, '').length;
  if (rule.scale !== undefined && places > rule.scale) {
    const expected = rule.scale === 0 ? '应为整数，不能有小数' : `最多保留${rule.scale}位小数`;
    return { ok: false, message: `${expected}，实为「${raw.trim()}」` };
  }
  const value = canonical(p.negative, p.int, p.frac);
  if (!Number.isFinite(Number(value))) return { ok: false, message: `数值过大，实为 ${value}` };
  const range = rangeMessage(rule, value);
  return range ? { ok: false, message: range } : { ok: true, value };
}
