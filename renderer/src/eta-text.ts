// The sync page's estimate line in the person's language: what is left — records, and the audit
// proof a node long offline still owes the exchange — and how long it needs. Whole minutes
// rounded up, hours past two (main/sync/eta.ts words the CLI's the same way).
import type { SyncEta } from '../../common/contract';
import type { Translate } from './i18n';

/** 剩余 N 条，审计证明待补交 M 条，预计还需约 22 分钟（其中补交审计证明约 18 分钟）: each part only when it applies. */
export function etaLine(t: Translate, number: (n: number) => string, eta: SyncEta, auditToProve: number): string {
  const parts = [
    eta.remaining > 0 ? t('sync.eta.remaining', { n: number(eta.remaining) }) : null,
    eta.auditSecondsLeft > 0 ? t('sync.eta.auditToProve', { n: number(auditToProve) }) : null,
    timeLeft(t, number, eta.secondsLeft),
  ];
  const share = eta.remaining > 0 && eta.auditSecondsLeft >= 60 ? t('sync.eta.auditShare', { n: number(Math.ceil(eta.auditSecondsLeft / 60)) }) : '';
  return `${parts.filter((part) => part !== null).join(t('sync.eta.separator'))}${share}`;
}

function timeLeft(t: Translate, number: (n: number) => string, secondsLeft: number): string {
  if (secondsLeft < 60) return t('sync.eta.underMinute');
  const minutes = Math.ceil(secondsLeft / 60);
  return minutes < 120 ? t('sync.eta.minutes', { n: number(minutes) }) : t('sync.eta.hours', { h: number(Math.floor(minutes / 60)), m: minutes % 60 });
}
