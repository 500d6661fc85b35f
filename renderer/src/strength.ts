// The password and recovery-passphrase rule for the forms: the core's own rule
// (common/auth/password-strength), so the meter and the field error say exactly what the
// core would. It is loaded on first need, not with the app: zxcvbn's dictionaries are
// most of its size, and only the screens that set a password use it.
import { useEffect, useState } from 'react';
import type { SecretKind, StrengthVerdict } from '../../common/auth/password-strength';
import { describeVerdict } from '../../common/auth/strength-messages';
import type { Lang } from './i18n';

export type Judge = (secret: string, kind: SecretKind, related: readonly string[]) => StrengthVerdict;

let loading: Promise<Judge> | undefined;

export function loadJudge(): Promise<Judge> {
  loading ??= import('../../common/auth/password-strength').then(
    (rule) => rule.judgeSecret,
    (error: unknown) => {
      loading = undefined; // a later field check tries again
      throw error;
    },
  );
  return loading;
}

/** The rule once loaded; null until then (the meter shows no verdict meanwhile). */
export function useJudge(): Judge | null {
  const [judge, setJudge] = useState<Judge | null>(null);
  useEffect(() => {
    let live = true;
    loadJudge().then(
      (j) => live && setJudge(() => j),
      () => undefined, // the field check reports nothing either: the core still judges
    );
    return () => {
      live = false;
    };
  }, []);
  return judge;
}

/**
 * An antd validator: the core's message for a refused secret, in the UI's language.
 * `related` is read at validation time (the username and unit may change after typing).
 */
export function strengthValidator(kind: SecretKind, related: () => readonly string[], lang: Lang) {
  return async (_rule: unknown, value: string | undefined): Promise<void> => {
    if (!value) return; // the required rule speaks for an empty field
    const judge = await loadJudge().catch(() => null);
    if (!judge) return; // could not load the rule: the core refuses a weak secret anyway
    const message = describeVerdict(judge(value, kind, related()), lang === 'en' ? 'en' : 'zh');
    if (message) throw new Error(message);
  };
}
