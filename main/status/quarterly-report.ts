// The quarterly report (季度报告) the provincial plan asks every county for: per catalog
// resource, what was registered, delivered and rejected in one quarter, the sharing rate,
// timeliness against the update cycle (for the resources this unit provides, and only for
// periods after the node was set up); backups, verified restores and link outages.
// docs/status.md ("Quarterly report") defines every figure. Pure reads of the maintained
// summaries of migration 004 (stats_daily, status_events, link_events) and the record
// counters: never a scan of the records, so a report costs the same at any volume.
// Aggregates only — counts, days, times — never a record's content or a person's name.
import type { QuarterlyReport } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { Catalog, UpdateCycle } from '../../common/catalog/types';
import { addDays, cstDay, cstDayStart, type LinkEvent, type ResourceTotals, type StatsRepo } from '../store/stats-repo';
import type { StatusStore } from './status-sources';
import { providedResources } from './provided-resources';

export interface QuarterlyReportDeps {
  store: StatusStore;
  catalog: Catalog;
  appVersion: string;
  now: Date;
}

type Outage = QuarterlyReport['outages'][number];

/** First and last day (YYYY-MM-DD, China Standard Time) of a calendar quarter. */
export function quarterDays(year: number, quarter: number): { from: string; to: string } {
  const from = new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString().slice(0, 10);
  // Day 0 of the month after the quarter is the quarter's last day.
  const to = new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
  return { from, to };
}

/** The quarter a CST day falls in. */
export function quarterOf(day: string): { year: number; quarter: number } {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

export function buildQuarterlyReport(deps: QuarterlyReportDeps, year: number, quarter: number): QuarterlyReport {
  const { store, now } = deps;
  const today = cstDay(now);
  const { from, to } = quarterDays(year, quarter);
  if (from > today) throw new ApiFailure('BAD_INPUT', `${year}年第${quarter}季度尚未开始（今天是 ${today}），不能生成季度报告；请选择本季度或以前的季度`);
  // The quarter under way is reported up to now; a past one up to its last midnight.
  const underWay = to >= today;
  const fromIso = cstDayStart(from);
  const endIso = underWay ? now.toISOString() : cstDayStart(addDays(to, 1));
  // One read transaction: every figure from the same snapshot, even while records are written.
  return store.work.transaction(() => build(deps, { year, quarter, from, to, today, underWay, fromIso, endIso }));
}

interface ReportWindow {
  year: number;
  quarter: number;
  from: string;
  to: string;
  today: string;
  underWay: boolean;
  fromIso: string;
  endIso: string;
}

function build(deps: QuarterlyReportDeps, { year, quarter, from, to, today, underWay, fromIso, endIso }: ReportWindow): QuarterlyReport {
  const { store, catalog, now } = deps;
  const { stats } = store;
  const provided = providedResources(store, catalog).codes;
  const createdAt = store.status.createdAt() ?? null;
  // Periods that began before the node existed are not judged: nobody could have updated them here.
  const since = createdAt ? cstDay(createdAt) : null;
  const inQuarter = byCode(stats.byResource(from, to));
  const afterQuarter = byCode(stats.byResource(addDays(to, 1), null));
  const counts = store.records.countsByResource();
  const activeNow = (code: string) => counts.filter((c) => c.resourceCode === code && c.status === 'active').reduce((n, c) => n + c.n, 0);

  const resources = catalog.resources.map((r) => {
    const q = inQuarter.get(r.code);
    const after = afterQuarter.get(r.code);
    // In force at the quarter's end: in force now, less what was registered since, plus
    // what was withdrawn since (each registration adds one, each withdrawal takes one).
    const records = activeNow(r.code) - (after?.registered ?? 0) + (after?.withdrawn ?? 0);
    const shared = r.sharingType !== 'none';
    return {
      resourceCode: r.code,
      name: r.name,
      sharingType: r.sharingType,
      updateCycle: r.updateCycle,
      records,
      registered: q?.registered ?? 0,
      corrected: q?.corrected ?? 0,
      withdrawn: q?.withdrawn ?? 0,
      delivered: shared ? (q?.delivered ?? 0) : null,
      rejected: shared ? (q?.rejected ?? 0) : null,
      sharingRate: shared ? sharingRate(q?.delivered ?? 0, q?.queued ?? 0) : null,
      provided: provided.has(r.code),
      timely: provided.has(r.code) ? isTimely(stats, r.code, r.updateCycle, { from, to, today, since }) : null,
      activeDays: q?.activeDays ?? 0,
      queued: shared ? (q?.queued ?? 0) : 0,
    };
  });

  const shareable = resources.filter((r) => r.sharingType !== 'none');
  const delivered = sum(shareable.map((r) => r.delivered ?? 0));
  const events = new Map(stats.eventCounts(fromIso, endIso).map((e) => [e.kind, e]));
  const judged = resources.filter((r) => r.provided);
  // Days of the quarter (up to today) with any update: the 合计 of 有更新的天数 is not the sum of the rows.
  const activeDays = stats.daily(from, to < today ? to : today).filter((d) => d.registered + d.corrected + d.withdrawn > 0).length;
  const outages = outagesOf(stats.linkEvents(fromIso, endIso), fromIso, endIso, underWay);

  return {
    year,
    quarter,
    from,
    to,
    generatedAt: now.toISOString(),
    node: {
      ...store.status.identity(),
      appVersion: deps.appVersion,
      catalogVersion: catalog.version,
      createdAt,
    },
    resourcesInUse: resources.filter((r) => r.records > 0 || r.registered > 0).length,
    // `queued` is only needed for the totals; the contract does not carry it.
    resources: resources.map(({ queued: _queued, ...r }) => r),
    totals: {
      records: sum(resources.map((r) => r.records)),
      registered: sum(resources.map((r) => r.registered)),
      corrected: sum(resources.map((r) => r.corrected)),
      withdrawn: sum(resources.map((r) => r.withdrawn)),
      delivered,
      rejected: sum(shareable.map((r) => r.rejected ?? 0)),
      sharingRate: sharingRate(delivered, sum(shareable.map((r) => r.queued))),
      provided: judged.length,
      timely: judged.filter((r) => r.timely === true).length,
      activeDays,
    },
    backups: {
      made: events.get('backup')?.ok ?? 0,
      failed: events.get('backup')?.failed ?? 0,
      verified: events.get('verify')?.ok ?? 0,
      verifyFailed: events.get('verify')?.failed ?? 0,
      uploaded: events.get('upload')?.ok ?? 0,
      lastBackupAt: events.get('backup')?.lastOkAt ?? null,
      lastVerifiedAt: events.get('verify')?.lastOkAt ?? null,
    },
    outages,
    outageMinutes: sum(outages.map((o) => o.minutes)),
  };
}

function byCode(rows: ResourceTotals[]): Map<string, ResourceTotals> {
  return new Map(rows.map((r) => [r.resourceCode, r]));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * 共享率: versions the exchange accepted in the quarter / versions queued for it in the
 * quarter. A quarter that delivers a backlog queued before it would exceed 1; it is shown
 * as 100% (everything asked of the quarter was delivered). Null when nothing was queued.
 */
function sharingRate(delivered: number, queued: number): number | null {
  if (queued === 0) return null;
  return Math.min(1, delivered / queued);
}

// ---------------------------------------------------------------------------------------
// Timeliness against the update cycle (更新周期)

interface CyclePeriod {
  start: string;
  end: string;
}

/** Monday = 0 … Sunday = 6 of a YYYY-MM-DD day. */
function weekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * The periods of a cycle that must each hold at least one update (registration, correction
 * or withdrawal) for the resource to count as timely in the quarter [from, to]. Only periods
 * that have ended by `today` count, so the quarter under way is judged on what is already due;
 * and only periods that began on or after `since` (the day the node was set up), so the months
 * before the node existed — and the one it was set up in, unless on its first day — are not
 * marked late.
 */
export function requiredPeriods(cycle: UpdateCycle, from: string, to: string, today: string, since: string | null = null): CyclePeriod[] {
  const all = cyclePeriods(cycle, from, to, today);
  return since === null ? all : all.filter((p) => p.start >= since);
}

function cyclePeriods(cycle: UpdateCycle, from: string, to: string, today: string): CyclePeriod[] {
  const periods: CyclePeriod[] = [];
  const ended = (p: CyclePeriod) => p.end < today;
  switch (cycle) {
    case 'irregular':
      return [];
    case 'realtime':
    case 'daily':
      // Every working day, Monday to Friday (the node knows no holiday calendar).
      for (let day = from; day <= to; day = addDays(day, 1)) if (weekday(day) < 5 && day < today) periods.push({ start: day, end: day });
      return periods;
    case 'weekly':
      // Every ISO week (Monday–Sunday) that overlaps the quarter; an update anywhere in the
      // week counts, so a week split by the quarter's start or end is not judged on a stub.
      for (let start = addDays(from, -weekday(from)); start <= to; start = addDays(start, 7)) {
        const week = { start, end: addDays(start, 6) };
        if (ended(week)) periods.push(week);
      }
      return periods;
    case 'monthly':
      for (let month = 0; month < 3; month++) {
        const first = new Date(`${from}T00:00:00Z`);
        const start = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month, 1)).toISOString().slice(0, 10);
        const end = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month + 1, 0)).toISOString().slice(0, 10);
        if (ended({ start, end })) periods.push({ start, end });
      }
      return periods;
    case 'quarterly':
      return ended({ start: from, end: to }) ? [{ start: from, end: to }] : [];
    case 'yearly': {
      // Updated within the year that ends with the quarter (or today, for the quarter under way).
      const end = to < today ? to : today;
      return [{ start: addDays(end, -364), end }];
    }
  }
}

function isTimely(stats: StatsRepo, code: string, cycle: UpdateCycle, w: { from: string; to: string; today: string; since: string | null }): boolean {
  const periods = requiredPeriods(cycle, w.from, w.to, w.today, w.since);
  if (periods.length === 0) return true;
  const first = periods.reduce((m, p) => (p.start < m ? p.start : m), periods[0]!.start);
  const last = periods.reduce((m, p) => (p.end > m ? p.end : m), periods[0]!.end);
  const days = stats.updateDays(code, first, last);
  return periods.every((p) => days.some((d) => d >= p.start && d <= p.end));
}

// ---------------------------------------------------------------------------------------
// Link outages

const DOWN = new Set(['offline', 'certificate']);
const DEFAULT_REASON: Record<string, string> = { offline: '无法连接交换平台', certificate: '证书问题，同步已停止' };

/**
 * Periods the link was down (offline or certificate), from the change that found it down to
 * the next change of the link state, clipped to [fromIso, endIso). `events` starts with the
 * state the window began in (StatsRepo.linkEvents). A change between two down states (say,
 * offline, then a certificate problem) starts a new period, so each keeps its own reason.
 * An outage still going on at the end of the quarter under way has no end (`to` null).
 */
export function outagesOf(events: LinkEvent[], fromIso: string, endIso: string, underWay: boolean): Outage[] {
  const start = Date.parse(fromIso);
  const end = Date.parse(endIso);
  const outages: Outage[] = [];
  events.forEach((event, i) => {
    if (!DOWN.has(event.link)) return;
    const next = events[i + 1];
    const begins = Math.max(start, Date.parse(event.at));
    const ends = Math.min(end, next ? Date.parse(next.at) : end);
    if (ends < begins) return;
    const ongoing = !next && underWay;
    outages.push({
      from: new Date(begins).toISOString(),
      to: ongoing ? null : new Date(ends).toISOString(),
      minutes: Math.round((ends - begins) / 60_000),
      reason: event.problem ?? DEFAULT_REASON[event.link] ?? event.link,
    });
  });
  return outages;
}
