// The one strength rule for account passwords and the recovery passphrase, shared by the
// core (which refuses) and the renderer (whose meter and form say the same thing first).
//
// Strength is the number of guesses an attacker needs, not which character classes occur:
// "Aa123456!" has all four classes and is in every leaked-password list, while
// "红树林 椰子树 五指山 万泉河" has none of them and is a good passphrase.
// - The text is NFKC-normalised first (full-width Ａ１ are A1, the ideographic space is a
//   space), trimmed, and runs of whitespace count once.
// - CJK characters are priced by ./cjk-guesses (zxcvbn knows no Chinese); everything else
//   by zxcvbn-ts with its common password list, diceware words and keyboard graphs. The
//   two parts multiply (their log10s add). Gluing the non-CJK pieces together for zxcvbn
//   can only make it find more patterns, never fewer, so the estimate errs low.
// - The username, name and unit name (`related`) are known to an attacker: zxcvbn ranks
//   them first, the CJK model prices a piece of them at 2 guesses, and a secret equal to
//   one of them is refused outright.
// - Only the first MAX_EVALUATED characters are judged, so a pasted essay costs a bounded
//   time (zxcvbn's l33t matching grows fast with length: 128 characters of P@$$w0rd take
//   ~0.2 s, 256 take ~0.5 s). 128 characters are far past any threshold.
// - A minimum length stays as a floor. A CJK character counts as two towards it: it is a
//   full-width character and carries far more than a Latin letter.
import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { CJK, estimateCjk } from './cjk-guesses';

export type SecretKind = 'password' | 'recoveryPassphrase';

export interface StrengthPolicy {
  /** Counted with a CJK character as two. */
  minLength: number;
  /** log10 of the guesses needed. */
  minLog10: number;
}

/**
 * Account passwords: 10^8 guesses is zxcvbn's "safely unguessable" (score 3) and matches
 * the old 8-character, three-class rule in practice, behind a lockout after 5 tries.
 * The recovery passphrase wraps every backup and meets an offline attacker with unlimited
 * tries: 10^14 guesses at 10^4 scrypt guesses a second is three centuries. Four ordinary
 * Chinese words, or four English words, reach it; three do not.
 */
export const STRENGTH_POLICIES: Record<SecretKind, StrengthPolicy> = {
  password: { minLength: 8, minLog10: 8 },
  recoveryPassphrase: { minLength: 12, minLog10: 14 },
};

/** How far past the minimum (in log10) the meter calls a secret strong rather than medium. */
const STRONG_MARGIN = 1.5;
/** What one more ordinary word adds: three Han characters, or an uncommon English word. */
const WORD_LOG10 = 3.6;
export const MAX_EVALUATED = 128;
/** Raw input kept before normalising: enough for MAX_EVALUATED characters after it. */
const MAX_INPUT = 4 * MAX_EVALUATED;

export type Strength = 'weak' | 'medium' | 'strong';

export type Hint = 'related' | 'common' | 'repeated' | 'sequence' | 'keyboard' | 'dates';

/** What would make the secret acceptable, most important first. */
export type Advice =
  | { code: 'empty' }
  | { code: 'sameAsRelated' }
  | { code: 'tooShort'; min: number; length: number; cjk: boolean }
  | { code: 'avoid'; hint: Hint }
  | { code: 'addWords'; words: number };

export interface StrengthVerdict {
  kind: SecretKind;
  acceptable: boolean;
  strength: Strength;
  /** log10 of the estimated guesses. */
  guessesLog10: number;
  /** Empty when acceptable. */
  advice: Advice[];
}

let factory: ZxcvbnFactory | undefined;

/** Built on first use: ranking the dictionaries takes a moment nobody should wait for at start-up. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

export function judgeSecret(secret: string, kind: SecretKind, related: readonly string[] = []): StrengthVerdict {
  const policy = STRENGTH_POLICIES[kind];
  // A longer secret is long enough; only its start is worth normalising and judging.
  const chars = [...normalise(secret.slice(0, MAX_INPUT))];
  const verdict = (guessesLog10: number, advice: Advice[]): StrengthVerdict => ({
    kind,
    acceptable: advice.length === 0,
    strength: advice.length ? 'weak' : guessesLog10 >= policy.minLog10 + STRONG_MARGIN ? 'strong' : 'medium',
    guessesLog10,
    advice,
  });
  if (chars.length === 0) return verdict(0, [{ code: 'empty' }]);

  const known = related.map(normalise).filter((r) => r.length > 0);
  if (known.some((r) => compact(r) === compact(chars.join('')))) return verdict(0, [{ code: 'sameAsRelated' }]);

  const evaluated = chars.slice(0, MAX_EVALUATED);
  const cjk = estimateCjk(evaluated, known);
  const rest = evaluated.filter((c) => !CJK.test(c)).join('');
  const latin = rest ? zxcvbn().check(rest, userInputs(known)) : null;
  const guessesLog10 = cjk.log10 + (latin?.guessesLog10 ?? 0);

  const hints = new Set<Hint>(latin ? latin.sequence.flatMap(hintsOf) : []);
  if (cjk.related) hints.add('related');
  if (cjk.common) hints.add('common');
  if (cjk.repeated) hints.add('repeated');
  if (cjk.sequence) hints.add('sequence');
  const avoid = HINT_ORDER.filter((h) => hints.has(h)).map((hint): Advice => ({ code: 'avoid', hint }));

  const length = chars.reduce((n, c) => n + (CJK.test(c) ? 2 : 1), 0);
  if (length < policy.minLength) {
    return verdict(guessesLog10, [{ code: 'tooShort', min: policy.minLength, length, cjk: cjk.chars > 0 }, ...avoid]);
  }
  if (guessesLog10 < policy.minLog10) {
    const words = Math.max(1, Math.ceil((policy.minLog10 - guessesLog10) / WORD_LOG10));
    return verdict(guessesLog10, [...avoid, { code: 'addWords', words }]);
  }
  return verdict(guessesLog10, []);
}

const HINT_ORDER: readonly Hint[] = ['related', 'common', 'repeated', 'sequence', 'keyboard', 'dates'];

function normalise(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/** For "is it the username": case, spaces and separators do not make it different. */
function compact(text: string): string {
  return text.toLowerCase().replace(/[\s\-_.·]/g, '');
}

/** The related texts and their words (walker_admin → walker, admin) for zxcvbn's ranking. */
function userInputs(known: readonly string[]): string[] {
  const parts = known.flatMap((r) => r.split(/[^\p{L}\p{N}]+/u).filter((p) => [...p].length >= 3));
  return [...new Set([...known, ...parts])];
}

/**
 * What a zxcvbn match says to avoid. A diceware word is fine: words are what we ask for;
 * and the spaces between words repeat without being a fault.
 */
function hintsOf(match: MatchExtended): Hint[] {
  if (/^[\s\-_.·,;:|/\\]*$/.test(match.token)) return [];
  switch (match.pattern) {
    case 'dictionary':
      if (match.dictionaryName === 'userInputs') return ['related'];
      return String(match.dictionaryName).startsWith('passwords') ? ['common'] : [];
    case 'repeat':
      return ['repeated'];
    case 'sequence':
    case 'wordSequence':
      return ['sequence'];
    case 'spatial':
      return ['keyboard'];
    case 'date':
      return ['dates'];
    case 'regex':
      return match.regexName === 'recentYear' ? ['dates'] : [];
    default:
      return [];
  }
}
