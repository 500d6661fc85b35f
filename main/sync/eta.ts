// How long the queue still needs, for the sync page and `edge-node sync status`: the rate is
// taken from the signed receipts of the last few minutes (what the exchange really took, not
// what was sent), so a slow or flaky link gives a longer estimate, and a link that stopped
// answering lets the rate fall away instead of promising the last good speed forever.
import type { SyncEta } from '../../common/contract';

/**
 * The receipts of the recent window (main/store/sync-repo.ts): records they accepted, and
 * where counting starts — the beginning of the drain under way when it began inside the
 * window (nothing counted there yet), else the window's first receipt (its records counted
 * there: they were sent before the window).
 */
export interface AcknowledgementWindow {
  accepted: number;
  firstAt: string | null;
  firstAccepted: number;
}

/** How far back the rate looks: long enough to smooth batch steps, short enough to follow the link. */
export const ETA_WINDOW_MS = 5 * 60_000;

/**
 * null when nothing waits or there is no recent rate to judge by. The rate is what was
 * acknowledged after counting started, over the time since then — which keeps falling while
 * nothing arrives.
 */
export function estimateEta(remaining: number, window: AcknowledgementWindow, now: Date): SyncEta | null {
  if (remaining <= 0 || !window.firstAt) return null;
  const seconds = (now.getTime() - Date.parse(window.firstAt)) / 1000;
  const counted = window.accepted - window.firstAccepted;
  if (!(seconds > 0) || counted <= 0) return null;
  const perSecond = counted / seconds;
  const secondsLeft = Math.ceil(remaining / perSecond);
  return { remaining, secondsLeft, recordsPerMinute: Math.round(perSecond * 60 * 10) / 10, message: etaMessage(secondsLeft) };
}

/** 预计还需约 N 分钟 (whole minutes, rounded up; hours and minutes past two hours). */
export function etaMessage(secondsLeft: number): string {
  if (secondsLeft < 60) return '预计还需不到 1 分钟';
  const minutes = Math.ceil(secondsLeft / 60);
  if (minutes < 120) return `预计还需约 ${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `预计还需约 ${hours} 小时` : `预计还需约 ${hours} 小时 ${rest} 分钟`;
}
