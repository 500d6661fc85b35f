// Strength of the recovery passphrase (恢复口令). It wraps the database key for restoring
// backups on another machine, so an offline guesser gets unlimited tries against it.
//
// `acceptable` mirrors the core's rule (checkRecoveryPassphrase in main/auth, which the
// renderer may not import): at least 4 space-separated words of 2+ characters and 16+
// characters in all, or at least 12 characters from at least 3 of the 4 character classes.
// If the two ever drift apart the core still refuses and its message shows under the
// field; the meter is guidance, the core is the authority.

export type Strength = 'weak' | 'medium' | 'strong';

export interface PassphraseAssessment {
  strength: Strength;
  /** True when the core's minimum rule is met and the passphrase may be submitted. */
  acceptable: boolean;
  /** What is missing when not acceptable: too short, or too few kinds of character. */
  problem?: 'short' | 'classes';
}

function characterClasses(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(s)).length;
}

function wordCount(s: string): number {
  return s
    .trim()
    .split(/\s+/)
    .filter((w) => w.length >= 2).length;
}

export function assessPassphrase(passphrase: string): PassphraseAssessment {
  const length = passphrase.length;
  const classes = characterClasses(passphrase);
  const words = wordCount(passphrase);
  const acceptable = (words >= 4 && length >= 16) || (length >= 12 && classes >= 3);
  if (!acceptable) return { strength: 'weak', acceptable, problem: length < 12 ? 'short' : 'classes' };
  // Beyond the minimum, length is what makes offline guessing hopeless; few distinct
  // characters ("Aa1!Aa1!Aa1!") are a pattern, not strength.
  const distinct = new Set(passphrase.replace(/\s/g, '')).size;
  const strong = distinct >= 8 && (length >= 20 || words >= 6 || (length >= 16 && classes === 4));
  return { strength: strong ? 'strong' : 'medium', acceptable };
}
