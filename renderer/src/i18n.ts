// zh-CN first, English switchable. One table per language with identical keys (the type
// of `en` is derived from `zh`, so a missing translation is a compile error), assembled
// from one file per feature in ./strings. The choice is remembered in localStorage.
// Messages that come from the core or the catalog validators are Chinese in both
// languages: they are the authority and are shown verbatim.
import { createContext, useContext } from 'react';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { en, zh, type MessageKey } from './strings';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type { MessageKey };

const TABLES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** For keys built at run time (e.g. from an audit action code the core sends). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

/** Looks a key up and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = TABLES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const STORAGE_KEY = 'edge-node.lang';

/** zh-CN unless the user chose English before on this machine. */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage can be unavailable (locked-down profile); the default is fine
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembering the choice is harmless
  }
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
}

export const ANTD_LOCALES: Record<Lang, Locale> = { 'zh-CN': zhCN, en: enUS };

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

export const I18nContext = createContext<I18n>({
  lang: 'zh-CN',
  setLang: () => undefined,
  t: (key, params) => translate('zh-CN', key, params),
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
