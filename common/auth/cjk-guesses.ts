// How many guesses the CJK (mostly Han) part of a password costs an attacker, as log10.
//
// Why not leave it to zxcvbn: its dictionaries are Latin, so a Han character is only
// "bruteforce" to it, worth a flat 10 guesses whatever it is. That is both too little for
// a character chosen from thousands and blind to the ways people really pick Chinese
// passwords: slogans, repeated characters, 一二三四.
//
// The model, deliberately conservative:
// - A fresh Han (or kana/Hangul) character is worth 10^1.3 = 20 guesses, about 4.3 bits.
//   A uniformly random one of the 3,500 common characters would be ~11.8 bits, but people
//   write words, and ordinary Chinese text carries about 4–6 bits per character under a
//   language model; taking the low end credits words, not random characters. Four
//   three-character words (红树林 椰子树 五指山 万泉河, one character repeated) come to
//   10^14.6.
// - A numeral next to another numeral (一九八八, 二〇二六) is a digit written in Han: 10
//   guesses, like a digit. Alone inside a word (五指山, 万泉河) it is an ordinary character.
// - A character already used earlier adds only 2 guesses (你好你好你好 is two characters).
// - Three or more characters in a known order (一二三四, 甲乙丙, 子丑寅, consecutive code
//   points) cost 20 × their length in all, as zxcvbn prices abc and 123.
// - A piece of two or more characters that also occurs in a related text (the username,
//   the unit name …) is public knowledge: 2 guesses for the whole piece.
// - A phrase from COMMON_PHRASES (slogans and sayings that fill offices and password
//   leaks) is one of a short list: ~30 guesses for the whole phrase.

/** Han, kana and Hangul: the scripts this model prices. Everything else goes to zxcvbn. */
export const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const FRESH_CHAR = 1.3;
const NUMERAL_CHAR = 1;
const REPEATED_CHAR = Math.log10(2);
const RELATED_PIECE = Math.log10(2);

/**
 * Phrases people put in passwords in Chinese offices: slogans on the wall, greetings,
 * the words for "password" and "administrator". Matched anywhere, longest first; a short
 * list on purpose — ordinary words are already priced low per character.
 */
export const COMMON_PHRASES: readonly string[] = [
  '不忘初心牢记使命', '不忘初心', '牢记使命', '为人民服务', '中华人民共和国', '中华人民', '人民共和国',
  '好好学习天天向上', '好好学习', '天天向上', '社会主义核心价值观', '社会主义', '共产党', '中国共产党',
  '乡村振兴', '脱贫攻坚', '精准扶贫', '人民政府', '人民', '中国', '我爱你中国', '我爱中国', '我爱你',
  '一生一世', '天长地久', '一帆风顺', '万事如意', '心想事成', '恭喜发财', '身体健康', '平平安安',
  '一路平安', '你好', '密码', '口令', '管理员', '系统管理员', '用户名', '恢复口令', '欢迎光临',
];
const COMMON_PHRASE = Math.log10(COMMON_PHRASES.length);
const PHRASES_LONGEST_FIRST = [...COMMON_PHRASES].sort((a, b) => [...b].length - [...a].length);

/** Orders people type without thinking; a run along one of them is a sequence. */
const SERIES: readonly string[] = [
  '零一二三四五六七八九十',
  '〇一二三四五六七八九十',
  '零壹贰叁肆伍陆柒捌玖拾',
  '甲乙丙丁戊己庚辛壬癸',
  '子丑寅卯辰巳午未申酉戌亥',
  '春夏秋冬',
  '东南西北',
];
const NUMERALS = new Set([...'零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟']);
const SEQUENCE_PER_CHAR = 20;
const MIN_SEQUENCE = 3;

export interface CjkEstimate {
  /** log10 of the guesses for every CJK character of the text. */
  log10: number;
  /** How many CJK characters were priced. */
  chars: number;
  related: boolean;
  common: boolean;
  repeated: boolean;
  sequence: boolean;
}

/**
 * Prices the CJK runs of `chars` (the text as code points). Non-CJK characters only
 * separate runs; zxcvbn prices them. `related` are texts an attacker knows.
 */
export function estimateCjk(chars: readonly string[], related: readonly string[]): CjkEstimate {
  const estimate: CjkEstimate = { log10: 0, chars: 0, related: false, common: false, repeated: false, sequence: false };
  const relatedCjk = related.map((r) => [...r].filter((c) => CJK.test(c)).join('')).filter((r) => r.length >= 2);
  const seen = new Set<string>();
  // A phrase or related piece is priced once; written again it is repeated characters.
  const usedPieces = new Set<string>();
  let repeats = 0;
  for (const run of cjkRuns(chars)) {
    estimate.chars += run.length;
    let i = 0;
    while (i < run.length) {
      const relatedLength = longestRelated(run, i, relatedCjk);
      if (relatedLength >= 2 && firstUse(run, i, relatedLength, usedPieces)) {
        estimate.log10 += RELATED_PIECE;
        estimate.related = true;
        i = take(run, i, relatedLength, seen);
        continue;
      }
      const phrase = PHRASES_LONGEST_FIRST.find((p) => startsWith(run, i, [...p]));
      if (phrase && firstUse(run, i, [...phrase].length, usedPieces)) {
        estimate.log10 += COMMON_PHRASE;
        estimate.common = true;
        i = take(run, i, [...phrase].length, seen);
        continue;
      }
      const sequenceLength = sequenceAt(run, i);
      if (sequenceLength >= MIN_SEQUENCE) {
        estimate.log10 += Math.log10(SEQUENCE_PER_CHAR * sequenceLength);
        estimate.sequence = true;
        i = take(run, i, sequenceLength, seen);
        continue;
      }
      const c = run[i]!;
      if (seen.has(c)) {
        estimate.log10 += REPEATED_CHAR;
        repeats += 1;
      } else {
        estimate.log10 += inNumber(run, i) ? NUMERAL_CHAR : FRESH_CHAR;
      }
      i = take(run, i, 1, seen);
    }
  }
  // One repeated character in a long phrase (红树林 椰子树) is normal; a third is a pattern.
  estimate.repeated = repeats > 0 && repeats * 3 >= estimate.chars;
  return estimate;
}

function cjkRuns(chars: readonly string[]): string[][] {
  const runs: string[][] = [];
  let current: string[] = [];
  for (const c of chars) {
    if (CJK.test(c)) {
      current.push(c);
    } else if (current.length) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length) runs.push(current);
  return runs;
}

/** Marks `length` characters from `i` as seen and returns the index after them. */
function take(run: readonly string[], i: number, length: number, seen: Set<string>): number {
  for (const c of run.slice(i, i + length)) seen.add(c);
  return i + length;
}

function firstUse(run: readonly string[], i: number, length: number, used: Set<string>): boolean {
  const piece = run.slice(i, i + length).join('');
  if (used.has(piece)) return false;
  used.add(piece);
  return true;
}

function startsWith(run: readonly string[], i: number, piece: readonly string[]): boolean {
  if (i + piece.length > run.length) return false;
  return piece.every((c, k) => run[i + k] === c);
}

/** Length of the longest piece from `i` (2+ characters) that occurs in a related text. */
function longestRelated(run: readonly string[], i: number, related: readonly string[]): number {
  const longest = Math.max(0, ...related.map((r) => [...r].length));
  for (let length = Math.min(longest, run.length - i); length >= 2; length -= 1) {
    const piece = run.slice(i, i + length).join('');
    if (related.some((r) => r.includes(piece))) return length;
  }
  return 0;
}

function inNumber(run: readonly string[], i: number): boolean {
  const numeral = (k: number) => NUMERALS.has(run[k] ?? '');
  return numeral(i) && (numeral(i - 1) || numeral(i + 1));
}

/** Length of the ordered run starting at `i`: along a series, or by code point ±1. */
function sequenceAt(run: readonly string[], i: number): number {
  let best = 1;
  for (const step of [1, -1]) {
    let length = 1;
    while (i + length < run.length && follows(run[i + length - 1]!, run[i + length]!, step)) length += 1;
    best = Math.max(best, length);
  }
  return best;
}

function follows(a: string, b: string, step: number): boolean {
  if (b.codePointAt(0)! - a.codePointAt(0)! === step) return true;
  return SERIES.some((series) => {
    const chars = [...series];
    const at = chars.indexOf(a);
    return at >= 0 && chars[at + step] === b;
  });
}
