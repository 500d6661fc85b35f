// How long the queue still needs, for the sync page and `edge-node sync status`: the rate is
// taken from the signed receipts of the last few minutes (what the exchange really took, not
// what was sent), so a slow or flaky link gives a longer estimate, and a link that stopped
// answering lets the rate fall away instead of promising the last good speed forever.
// After the records, the audit proof: a node long offline owes the exchange the proof of every
// audit entry since its last accepted head, as many a heartbeat as the exchange takes (256 for a
// first-release exchange, 4,096 for a current one), one heartbeat a round trip
// (main/audit/public-chain.ts) — after a million registrations a large part of the drain, so
// the estimate counts it too.
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

/** A window without receipts (nothing to judge a rate by). */
export const NO_RECEIPTS: AcknowledgementWindow = { accepted: 0, firstAt: null, firstAccepted: 0 };

/** How far back the rate looks: long enough to smooth batch steps, short enough to follow the link. */
export const ETA_WINDOW_MS = 5 * 60_000;

/**
 * The audit proof still owed: entries after the head the exchange accepted, how many one
 * heartbeat carries (what the exchange advertised), and how long one heartbeat step took
 * lately (null: not known yet).
 */
export interface ProofBacklog {
  entries: number;
  linksPerStep: number;
  secondsPerStep: number | null;
}

const NO_PROOF: ProofBacklog = { entries: 0, linksPerStep: 1, secondsPerStep: null };

/**
 * The heartbeats the proof needs beyond the one that ends every run, times a step: 0 when that
 * one carries it all (the everyday case) or no step has been timed yet.
 */
export function proofSecondsLeft(proof: ProofBacklog): number {
  const extraSteps = Math.ceil(proof.entries / Math.max(1, proof.linksPerStep)) - 1;
  return extraSteps > 0 && proof.secondsPerStep ? Math.ceil(extraSteps * proof.secondsPerStep) : 0;
}

/**
 * null when nothing waits, or records wait and there is no recent rate to judge them by. The
 * rate is what was acknowledged after counting started, over the time since then — which keeps
 * falling while nothing arrives. The proof's share is added, and named in the message once it
 * is a minute or more.
 */
export function estimateEta(remaining: number, window: AcknowledgementWindow, now: Date, proof: ProofBacklog = NO_PROOF): SyncEta | null {
  const auditSecondsLeft = proofSecondsLeft(proof);
  if (remaining <= 0) return auditSecondsLeft > 0 ? eta(0, 0, 0, auditSecondsLeft) : null;
  if (!window.firstAt) return null;
  const seconds = (now.getTime() - Date.parse(window.firstAt)) / 1000;
  const counted = window.accepted - window.firstAccepted;
  if (!(seconds > 0) || counted <= 0) return null;
  const perSecond = counted / seconds;
  return eta(remaining, Math.round(perSecond * 60 * 10) / 10, Math.ceil(remaining / perSecond), auditSecondsLeft);
}

function eta(remaining: number, recordsPerMinute: number, recordSeconds: number, auditSecondsLeft: number): SyncEta {
  const secondsLeft = recordSeconds + auditSecondsLeft;
  const share = auditSecondsLeft >= 60 ? `（其中补交审计证明${durationText(auditSecondsLeft)}）` : '';
  return { remaining, secondsLeft, recordsPerMinute, auditSecondsLeft, message: `${etaMessage(secondsLeft)}${share}` };
}

/** 预计还需约 N 分钟 (whole minutes, rounded up; hours and minutes past two hours). */
export function etaMessage(secondsLeft: number): string {
  return `预计还需${durationText(secondsLeft)}`;
}

function durationText(seconds: number): string {
  if (seconds < 60) return '不到 1 分钟';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `约 ${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `约 ${hours} 小时` : `约 ${hours} 小时 ${rest} 分钟`;
}
