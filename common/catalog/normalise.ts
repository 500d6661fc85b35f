// Input clean-up shared by every validator. Clerks type on Chinese IMEs, which easily
// produce full-width characters (０-９, Ｘ, full-width space), and paste from Excel or
// Word, which brings stray spaces. We fold these to ASCII before checking so the clerk
// is never told "wrong" about something that only looks different.
// Pure: no node: imports, runs in the renderer too.

/** Full-width ASCII block U+FF01..U+FF5E sits exactly 0xFEE0 above ASCII 0x21..0x7E. */
const FULL_WIDTH_OFFSET = 0xfee0;

/** Any character toHalfWidth folds. */
const FOLDABLE = /[\uff01-\uff5e\u3000]/;

/** Folds full-width letters, digits and punctuation, and the ideographic space, to ASCII. */
export function toHalfWidth(raw: string): string {
  // Most values have nothing to fold: every value of every record is checked (forms, imports,
  // the exchange's intake), and rebuilding each one a character at a time was the cost.
  if (!FOLDABLE.test(raw)) return raw;
  let out = '';
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - FULL_WIDTH_OFFSET);
    else if (cp === 0x3000) out += ' '; // ideographic (full-width) space
    else out += ch;
  }
  return out;
}

/**
 * For identifiers (ID numbers, codes): half-width, no whitespace anywhere, upper case.
 * Spaces inside are removed because people group digits when copying from paper
 * (e.g. "110105 19491231 002X").
 */
export function normaliseIdentifier(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
}

/** Length in characters as a person counts them (a rare CJK character outside the BMP is one). */
export function charLength(s: string): number {
  // Code units minus the second half of each surrogate pair, without building an array.
  let length = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length -= 1;
        i += 1;
      }
    }
  }
  return length;
}
