// Strength of the recovery passphrase (恢复口令). It wraps the database key for restoring
// backups on another machine, so an offline guesser gets unlimited tries against the
// scrypt slot: the rule is about length first. Accepted: at least 12 characters with at
// least 3 of the 4 character classes, or a passphrase of at least 4 words (easier to
// write down and type correctly years later, which matters more than cleverness).

export type Strength = 'weak' | 'medium' | 'strong';

export interface PassphraseAssessment {
  strength: Strength;
  /** True when the passphrase meets the minimum rule and may be submitted. */
  acceptable: boolean;
  /** 0–100, for the meter. */
  score: number;
}

const MIN_LENGTH = 12;
const MIN_WORDS = 4;

function characterClasses(s: string): number {
  let n = 0;
  if (/[a-z]/.test(s)) n++;
  if (/[A-Z]/.test(s)) n++;
  if (/[0-9]/.test(s)) n++;
  if (/[^a-zA-Z0-9\s]/.test(s)) n++;
  return n;
}

const CJK = /[\u3400-\u9fff]/;

/**
 * Words are runs separated by spaces, hyphens or underscores. A Latin word needs 3 letters
 * ("a", "to" add almost nothing); a Chinese word of 2 characters already carries as much.
 */
function wordCount(s: string): number {
  return s
    .split(/[\s\u3000\-_]+/)
    .filter((w) => [...w].length >= (CJK.test(w) ? 2 : 3)).length;
}

/** Few distinct characters ("aaaaaaaaaaaa", "abcabcabcabc") make a long string weak. */
function distinctCharacters(s: string): number {
  return new Set([...s]).size;
}

export function assessPassphrase(passphrase: string): PassphraseAssessment {
  const length = [...passphrase].length;
  const classes = characterClasses(passphrase);
  const words = wordCount(passphrase);
  const distinct = distinctCharacters(passphrase.replace(/\s/g, ''));

  const complexEnough = length >= MIN_LENGTH && classes >= 3;
  const sentence = words >= MIN_WORDS;
  const acceptable = (complexEnough || sentence) && distinct >= 6;

  let strength: Strength = 'weak';
  if (acceptable) {
    const strong = length >= 20 || words >= 6 || (length >= 16 && classes === 4);
    strength = strong ? 'strong' : 'medium';
  }
  const score = Math.min(100, Math.round(length * 3 + classes * 8 + words * 6));
  return { strength, acceptable, score: acceptable ? Math.max(score, strength === 'strong' ? 90 : 55) : Math.min(score, 35) };
}
