// Which backups to keep. Two groups, each with its own rule, so that neither can push out
// the other:
// - the rotation (scheduled backups), grandfather-father-son: the newest of each of the last
//   `daily` days, of each of the last `weekly` ISO weeks and of each of the last `monthly`
//   months are kept (one file may count for all three), and the newest of the group always;
// - manual backups (立即备份): the newest `manual` are kept. Before manual backups were kept
//   apart, pressing 立即备份 in the afternoon made the morning's scheduled backup "not the
//   newest of its day", and retention deleted it.
// Everything else of this node's is deleted. Days, weeks and months are local time, as the
// office counts them. Files of other nodes in the folder are never touched (the caller only
// passes this node's). The same function answers "what would the next backup delete?"
// (previewDeletion), so what the page announces is what the run does.
import type { BackupSettings } from '../../common/contract';

/** Manual backups kept when the settings do not say (settings saved before they could). */
export const DEFAULT_MANUAL_KEEP = 10;

export interface Dated {
  fileName: string;
  createdAt: Date;
  /** A manual backup (立即备份): counted apart from the daily rotation. */
  manual?: boolean;
}

export type RetentionPolicy = BackupSettings['retention'];

export function selectForDeletion<T extends Dated>(backups: readonly T[], policy: RetentionPolicy): T[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.fileName.localeCompare(a.fileName));
  const doomed = new Set([...rotationDeletion(newestFirst.filter((b) => !b.manual), policy), ...newestFirst.filter((b) => b.manual).slice(policy.manual ?? DEFAULT_MANUAL_KEEP)]);
  return newestFirst.filter((b) => doomed.has(b));
}

/**
 * What retention will delete after the next backup: the rule above applied to the files there
 * now plus the one about to be made (at `next.createdAt`, manual or scheduled), which itself
 * is never in the answer.
 */
export function previewDeletion<T extends Dated>(backups: readonly T[], policy: RetentionPolicy, next: { createdAt: Date; manual: boolean }): T[] {
  // Sorts first among equal times, as a new file named after a later second would.
  const upcoming = { fileName: '\uffff', createdAt: next.createdAt, manual: next.manual, item: null };
  const all = [...backups.map((item) => ({ fileName: item.fileName, createdAt: item.createdAt, manual: item.manual ?? false, item })), upcoming];
  return selectForDeletion(all, policy).flatMap((b) => (b.item ? [b.item] : []));
}

function rotationDeletion<T extends Dated>(newestFirst: readonly T[], policy: RetentionPolicy): T[] {
  const keep = new Set<T>();
  if (newestFirst[0]) keep.add(newestFirst[0]);
  const bucket = (limit: number, key: (d: Date) => string) => {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      const k = key(backup.createdAt);
      if (seen.has(k)) continue;
      if (seen.size >= limit) break;
      seen.add(k);
      keep.add(backup);
    }
  };
  bucket(policy.daily, (d) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`);
  bucket(policy.weekly, isoWeek);
  bucket(policy.monthly, (d) => `${d.getFullYear()}-${d.getMonth()}`);
  return newestFirst.filter((b) => !keep.has(b));
}

/** ISO 8601 week of a local date, as "2026-W48". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const day = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - day); // the week's Thursday decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
