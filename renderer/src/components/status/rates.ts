// Rates (0..1 from the core) as people read them: "97.5%"; "—" when there is nothing to
// divide (no record settled yet), which is not the same as 0 %.
import type { Lang } from '../../i18n';

export function formatRate(rate: number | null, lang: Lang): string {
  if (rate === null) return '—';
  return (rate * 100).toLocaleString(lang === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 1 }) + '%';
}
