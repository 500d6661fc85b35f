// Which backups to keep: grandfather-father-son. Of this node's backups, the newest of each
// of the last `daily` days, of each of the last `weekly` ISO weeks and of each of the last
// `monthly` months are kept (one file may count for all three); the newest backup of all is
// always kept. Everything else of this node's is deleted. Days, weeks and months are local
// time, as the office counts them. Files of other nodes in the folder are never touched.
import type { BackupSettings } from '../../common/contract';

export interface Dated {
  fileName: string;
  createdAt: Date;
}

export function selectForDeletion<T extends Dated>(backups: readonly T[], policy: BackupSettings['retention']): T[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.fileName.localeCompare(a.fileName));
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
