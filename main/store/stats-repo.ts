// The status summaries of migration 004, read for the dashboard, the heartbeat and the
// quarterly report. Every query reads the maintained summaries (one row per day and
// resource, samples, events), never the records, so a refresh costs the same at ten
// records or ten million.
import { sql, type Db } from './database';

/** China Standard Time: UTC+8 all year (no daylight saving), the offices' calendar. */
const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in China Standard Time. */
export function cstDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a CST day begins, as an ISO time (for comparing with stored UTC times). */
export function cstDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS).toISOString();
}

/** The day `days` after (or before, if negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DayTotals {
  registered: number;
  corrected: number;
  withdrawn: number;
  queued: number;
  delivered: number;
  rejected: number;
}

export interface DailyTotals extends DayTotals {
  day: string;
}

export interface ResourceTotals extends DayTotals {
  resourceCode: string;
  /** Last day with a registration, correction or withdrawal in the range; null when none. */
  lastUpdateDay: string | null;
  /** Days in the range with at least one registration, correction or withdrawal. */
  activeDays: number;
}

export type StatusEventKind = 'backup' | 'verify' | 'upload';

export interface LinkEvent {
  at: string;
  link: string;
  problem: string | null;
}

const SUMS = `sum(registered) AS registered, sum(corrected) AS corrected, sum(withdrawn) AS withdrawn,
              sum(queued) AS queued, sum(delivered) AS delivered, sum(rejected) AS rejected`;
const UPDATED = '(registered + corrected + withdrawn) > 0';

export class StatsRepo {
  constructor(private readonly db: Db) {}

  /** Totals per day over [fromDay, toDay], summed over resources; every day present, oldest first. */
  daily(fromDay: string, toDay: string): DailyTotals[] {
    const rows = sql(this.db, `SELECT day, ${SUMS} FROM stats_daily WHERE day BETWEEN ? AND ? GROUP BY day`).all(fromDay, toDay) as DailyTotals[];
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days: DailyTotals[] = [];
    // Bounded: at most the days between the two dates.
    for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
      days.push(byDay.get(day) ?? { day, registered: 0, corrected: 0, withdrawn: 0, queued: 0, delivered: 0, rejected: 0 });
    }
    return days;
  }

  /** Totals per resource over [fromDay, toDay] (null: unbounded); only resources with rows. */
  byResource(fromDay: string | null = null, toDay: string | null = null): ResourceTotals[] {
    return sql(
      this.db,
      `SELECT resource_code AS resourceCode, ${SUMS},
              max(CASE WHEN ${UPDATED} THEN day END) AS lastUpdateDay,
              count(CASE WHEN ${UPDATED} THEN 1 END) AS activeDays
       FROM stats_daily WHERE day >= coalesce(?, '') AND day <= coalesce(?, '9999') GROUP BY resource_code`,
    ).all(fromDay, toDay) as ResourceTotals[];
  }

  /** Days in [fromDay, toDay] on which a resource was updated (registered, corrected or withdrawn), ascending. */
  updateDays(resourceCode: string, fromDay: string, toDay: string): string[] {
    const rows = sql(this.db, `SELECT day FROM stats_daily WHERE resource_code = ? AND day BETWEEN ? AND ? AND ${UPDATED} ORDER BY day`).all(
      resourceCode,
      fromDay,
      toDay,
    ) as { day: string }[];
    return rows.map((r) => r.day);
  }

  /** The last day (CST) anything was registered; null when never. */
  lastRegistrationDay(): string | null {
    return (sql(this.db, 'SELECT max(day) AS n FROM stats_daily WHERE registered > 0').get() as { n: string | null }).n ?? null;
  }

  /** One sample of the sync queue's depth; samples older than `keepFromIso` go. */
  sampleQueue(at: string, depth: number, keepFromIso: string): void {
    this.db.transaction(() => {
      sql(this.db, 'INSERT OR REPLACE INTO queue_samples (at, depth) VALUES (?, ?)').run(at, depth);
      sql(this.db, 'DELETE FROM queue_samples WHERE at < ?').run(keepFromIso);
    })();
  }

  queueSamples(fromIso: string): { at: string; depth: number }[] {
    return sql(this.db, 'SELECT at, depth FROM queue_samples WHERE at >= ? ORDER BY at').all(fromIso) as { at: string; depth: number }[];
  }

  /** Link changes in [fromIso, toIso), preceded by the last change before fromIso (the state the range began in). */
  linkEvents(fromIso: string, toIso: string): LinkEvent[] {
    const before = sql(this.db, 'SELECT at, link, problem FROM link_events WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1').get(fromIso) as LinkEvent | undefined;
    const within = sql(this.db, 'SELECT at, link, problem FROM link_events WHERE at >= ? AND at < ? ORDER BY at, id').all(fromIso, toIso) as LinkEvent[];
    return before ? [before, ...within] : within;
  }

  recordEvent(kind: StatusEventKind, at: string, ok: boolean): void {
    sql(this.db, 'INSERT INTO status_events (at, kind, ok) VALUES (?, ?, ?)').run(at, kind, ok ? 1 : 0);
  }

  /** Events per kind and outcome in [fromIso, toIso), with the last good one of each kind. */
  eventCounts(fromIso: string, toIso: string): { kind: StatusEventKind; ok: number; failed: number; lastOkAt: string | null }[] {
    return sql(
      this.db,
      `SELECT kind, sum(ok = 1) AS ok, sum(ok = 0) AS failed, max(CASE WHEN ok = 1 THEN at END) AS lastOkAt
       FROM status_events WHERE at >= ? AND at < ? GROUP BY kind`,
    ).all(fromIso, toIso) as { kind: StatusEventKind; ok: number; failed: number; lastOkAt: string | null }[];
  }
}
