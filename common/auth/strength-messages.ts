// What a strength verdict says to a person, in Chinese (the core's message, and the form's
// in the Chinese UI) and English (the form in the English UI). Both languages live here,
// next to each other, so they cannot say different things; the renderer does not keep its
// own copy.
import type { Advice, Hint, SecretKind, StrengthVerdict } from './password-strength';

export type MessageLang = 'zh' | 'en';

interface Phrases {
  subject: Record<SecretKind, string>;
  empty: (subject: string) => string;
  sameAsRelated: (subject: string) => string;
  tooShort: (subject: string, min: number, length: number, cjk: boolean) => string;
  weak: (subject: string, parts: string[]) => string;
  avoid: Record<Hint, string>;
  addWords: (words: number) => string;
  joiner: string;
}

const ZH_COUNT = ['零', '一', '两'];

const PHRASES: Record<MessageLang, Phrases> = {
  zh: {
    subject: { password: '密码', recoveryPassphrase: '恢复口令' },
    empty: (s) => `${s}不能为空或只有空格`,
    sameAsRelated: (s) => `${s}不能与用户名、姓名或单位名称相同`,
    tooShort: (s, min, length, cjk) => `${s}至少需要 ${min} 位（当前 ${length} 位${cjk ? '，一个汉字按 2 位计' : ''}）`,
    weak: (s, parts) => `${s}强度不够：${parts.join('；')}`,
    avoid: {
      related: '不要使用用户名或单位名称',
      common: '避免常见的密码、口号和词语',
      repeated: '避免重复的字',
      sequence: '避免 123、abc、一二三 这样的顺序',
      keyboard: '避免 qwerty 这样的键盘连排',
      dates: '避免年份和日期',
    },
    addWords: (n) => `再加${ZH_COUNT[n] ?? ` ${n} `}个词`,
    joiner: '；',
  },
  en: {
    subject: { password: 'password', recoveryPassphrase: 'recovery passphrase' },
    empty: (s) => `The ${s} cannot be empty or only spaces`,
    sameAsRelated: (s) => `The ${s} cannot be the username, the name or the organisation name`,
    tooShort: (s, min, length, cjk) => `The ${s} needs at least ${min} characters (now ${length}${cjk ? '; a Chinese character counts as 2' : ''})`,
    weak: (s, parts) => `The ${s} is not strong enough: ${parts.join('; ')}`,
    avoid: {
      related: 'do not use the username or organisation name',
      common: 'avoid common passwords, slogans and phrases',
      repeated: 'avoid repeated characters',
      sequence: 'avoid sequences such as 123, abc or 一二三',
      keyboard: 'avoid keyboard runs such as qwerty',
      dates: 'avoid years and dates',
    },
    addWords: (n) => (n === 1 ? 'add one more word' : n === 2 ? 'add two more words' : `add ${n} more words`),
    joiner: '; ',
  },
};

/** The message for a refused secret, or null when the verdict accepts it. */
export function describeVerdict(verdict: StrengthVerdict, lang: MessageLang = 'zh'): string | null {
  if (verdict.acceptable) return null;
  const p = PHRASES[lang];
  const subject = p.subject[verdict.kind];
  const [first, ...rest] = verdict.advice;
  if (!first) return null;
  const part = (a: Advice): string => {
    switch (a.code) {
      case 'avoid':
        return p.avoid[a.hint];
      case 'addWords':
        return p.addWords(a.words);
      default:
        return '';
    }
  };
  switch (first.code) {
    case 'empty':
      return p.empty(subject);
    case 'sameAsRelated':
      return p.sameAsRelated(subject);
    case 'tooShort': {
      const head = p.tooShort(subject, first.min, first.length, first.cjk);
      return [head, ...rest.map(part)].join(p.joiner);
    }
    default:
      return p.weak(subject, verdict.advice.map(part));
  }
}
