// Language, antd locale and theme for the whole app; no motion for those who asked for less.
// antd's <App> gives message/modal hooks that follow the same locale and theme as the rest of
// the screen.
import { App as AntApp, ConfigProvider } from 'antd';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ANTD_LOCALES, I18nContext, initialLang, rememberLang, translate, type I18n, type Lang } from '../i18n';
import { usePrefersReducedMotion } from '../reduced-motion';
import { theme } from '../theme';

export function AppProviders({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    rememberLang(l); // sets dayjs locale and <html lang> before the first render
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    rememberLang(l);
    setLangState(l);
  }, []);
  const reducedMotion = usePrefersReducedMotion();
  const themeConfig = useMemo(() => ({ ...theme, token: { ...theme.token, motion: !reducedMotion } }), [reducedMotion]);
  const i18n = useMemo<I18n>(() => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }), [lang, setLang]);

  return (
    <I18nContext.Provider value={i18n}>
      {/* No auto space in two-character CJK buttons ("登 录"): it reads oddly and breaks text lookups. */}
      <ConfigProvider locale={ANTD_LOCALES[lang]} theme={themeConfig} button={{ autoInsertSpace: false }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
