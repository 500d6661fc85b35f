// Per catalog resource: records in force, new this month and quarter, last update against
// the resource's update cycle (更新周期) — judged only for the resources this unit provides —,
// rejection rate and 共享率. From the counters and the daily summaries (a few hundred rows),
// never the records themselves.
import type { ResourceStatus } from '../../common/contract';
import type { Catalog, UpdateCycle } from '../../common/catalog/types';
import { addDays, cstDay, type ResourceTotals } from '../store/stats-repo';
import type { StatusStore } from './status-sources';

/**
 * How many days may pass after the last update before a resource is overdue: the cycle plus
 * a grace period (a weekend for daily data, a few days for weekly and longer cycles).
 * Irregular resources are never overdue. Documented in docs/status.md.
 */
export const OVERDUE_AFTER_DAYS: Record<UpdateCycle, number | null> = {
  realtime: 1,
  daily: 3,
  weekly: 10,
  monthly: 38,
  quarterly: 107,
  yearly: 397,
  irregular: null,
};

/** First day of the CST month and quarter that `today` (YYYY-MM-DD) falls in. */
export function periodStarts(today: string): { month: string; quarter: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const quarterMonth = Math.floor((month - 1) / 3) * 3 + 1;
  return { month: `${today.slice(0, 7)}-01`, quarter: `${year}-${String(quarterMonth).padStart(2, '0')}-01` };
}

export function isOverdue(cycle: UpdateCycle, lastUpdateDay: string | null, today: string): boolean {
  const allowed = OVERDUE_AFTER_DAYS[cycle];
  if (allowed === null) return false;
  return lastUpdateDay === null || lastUpdateDay < addDays(today, -allowed);
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** `provided`: the resources this unit provides (provided-resources.ts); the others are never overdue. */
export function resourceStats(store: Pick<StatusStore, 'stats' | 'records'>, catalog: Catalog, now: Date, provided: ReadonlySet<string>): ResourceStatus[] {
  const today = cstDay(now);
  const starts = periodStarts(today);
  const { stats } = store;
  const index = (rows: ResourceTotals[]) => new Map(rows.map((r) => [r.resourceCode, r]));
  const allTime = index(stats.byResource());
  const thisMonth = index(stats.byResource(starts.month));
  const thisQuarter = index(stats.byResource(starts.quarter));
  const active = new Map(store.records.countsByResource().filter((c) => c.status === 'active').map((c) => [c.resourceCode, c.n]));
  return catalog.resources.map((r) => {
    const total = allTime.get(r.code);
    const shared = r.sharingType !== 'none';
    const delivered = total?.delivered ?? 0;
    const rejected = total?.rejected ?? 0;
    const lastUpdateDay = total?.lastUpdateDay ?? null;
    return {
      resourceCode: r.code,
      name: r.name,
      sharingType: r.sharingType,
      updateCycle: r.updateCycle,
      records: active.get(r.code) ?? 0,
      newThisMonth: thisMonth.get(r.code)?.registered ?? 0,
      newThisQuarter: thisQuarter.get(r.code)?.registered ?? 0,
      lastUpdateDay,
      provided: provided.has(r.code),
      overdue: provided.has(r.code) && isOverdue(r.updateCycle, lastUpdateDay, today),
      delivered: shared ? delivered : null,
      rejected: shared ? rejected : null,
      rejectionRate: shared ? ratio(rejected, delivered + rejected) : null,
      sharingRate: shared ? ratio(delivered, total?.queued ?? 0) : null,
    };
  });
}
