// 中文 / English. Each language is named in itself, so it reads the same in both UIs.
import { Segmented } from 'antd';
import { LANGS, useI18n, type Lang } from '../i18n';
import { TID } from '../testids';

const NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      data-testid={TID.langSwitch}
      aria-label={t('lang.label')}
      size="small"
      value={lang}
      options={LANGS.map((l) => ({ value: l, label: NAMES[l] }))}
      onChange={setLang}
    />
  );
}
