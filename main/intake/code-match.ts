// Codes that lost their leading zeros. Excel turns a code typed into a General cell into a
// number (02 → 2), and a CSV saved from such a sheet holds "2". Codes match by value, in
// every format alike: a value that is neither a code nor a label of the table as written,
// and is all digits, matches the all-digit code of the same value — but ONLY when exactly one
// code has that value. With 02 and 002 in one table, "2" could be either, and guessing would
// store a code the person did not mean, so it is refused and both are named.
import type { CatalogItem } from '../../common/catalog/types';
import { toHalfWidth } from '../../common/catalog/normalise';

export type CodeMatch = { kind: 'exact' } | { kind: 'code'; code: string } | { kind: 'ambiguous'; codes: string[] } | { kind: 'none' };

/** Digits without leading zeros: values compared as text, so long codes keep every digit. */
const valueOf = (digits: string) => digits.replace(/^0+(?=\d)/, '');

/** How a value as seen (text, or a number as Excel shows it) matches the item's code table. */
export function matchCode(item: CatalogItem, seen: string): CodeMatch {
  const table = item.codeTable ?? [];
  const s = toHalfWidth(seen).trim();
  // The validator matches codes and labels as written; those need nothing from here.
  if (table.some((e) => e.code === s || e.label === s)) return { kind: 'exact' };
  if (!/^\d+$/.test(s)) return { kind: 'none' };
  const value = valueOf(s);
  const codes = table.filter((e) => /^\d+$/.test(e.code) && valueOf(e.code) === value).map((e) => e.code);
  if (codes.length === 1) return { kind: 'code', code: codes[0]! };
  return codes.length > 1 ? { kind: 'ambiguous', codes } : { kind: 'none' };
}

/** 「主要致贫原因」的值「2」可能是代码 02 或 002… */
export function ambiguousCodeReason(item: CatalogItem, seen: string, codes: readonly string[]): string {
  const list = codes.length === 2 ? `${codes[0]} 或 ${codes[1]}` : `${codes.slice(0, -1).join('、')} 或 ${codes[codes.length - 1]}`;
  return `「${item.name}」的值「${toHalfWidth(seen).trim()}」可能是代码 ${list}，无法确定是哪一个，请填写代码表中的完整代码`;
}
