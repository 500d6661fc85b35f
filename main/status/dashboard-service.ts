// The officials' dashboard (节点状态): tiles, per-resource figures and 90-day series, built
// from maintained counters and summaries so a refresh stays fast at a million records.
// Also keeps the thresholds, samples the sync queue for the "queue over time" chart, and
// builds the quarterly report and diagnostics bundle from the same sources.
import type { BackupSettings, BackupStatus, Dashboard, ProvidedResources, QuarterlyReport, StatusThresholds } from '../../common/contract';
import type { StatusSources } from './status-sources';
import type { DataPaths } from '../../platform/data-paths';
import { addDays, cstDay, type StatsRepo } from '../store/stats-repo';
import { gatherFacts } from './status-facts';
import { resourceStats } from './resource-stats';
import { buildTiles, worst } from './tiles';
import { readThresholds, writeThresholds } from './thresholds';
import { diagnosticsBundle } from './diagnostics';
import { buildQuarterlyReport } from './quarterly-report';
import { providedResources, providedView, setProvidedResources } from './provided-resources';

export const SERIES_DAYS = 90;

/**
 * The chart's days. Registrations count records; what was queued for the exchange and what it
 * accepted both count record versions (a registration, a correction and a withdrawal are one
 * version each), so "应上报 … 个版本，上报成功 … 个版本" compares like with like — unlike
 * the old "登记 6 条，上报成功 8 条", where corrections and withdrawals inflated one side only.
 */
export function dailySeries(stats: Pick<StatsRepo, 'daily'>, fromDay: string, toDay: string): Dashboard['daily'] {
  return stats.daily(fromDay, toDay).map((d) => ({ day: d.day, registered: d.registered, queued: d.queued, delivered: d.delivered }));
}

export interface DashboardDeps {
  services: StatusSources;
  backupStatus(): Promise<BackupStatus>;
  backupSettings(): BackupSettings;
  paths: DataPaths;
  appVersion: string;
  now: () => Date;
}

export interface DashboardOptions {
  /** How often the queue depth is sampled for the chart (default 15 minutes; 0: never). */
  queueSampleMs?: number;
}

export class DashboardService {
  private sampler: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: DashboardDeps,
    private readonly options: DashboardOptions = {},
  ) {}

  async dashboard(): Promise<Dashboard> {
    const { services: s, now } = this.deps;
    const at = now();
    const facts = await gatherFacts({ ...this.deps, now: at });
    const thresholds = readThresholds(s.status);
    const tiles = buildTiles(facts, thresholds);
    const { stats } = s;
    const { nodeId, unitName, divisionCode } = s.status.identity();
    const today = cstDay(at);
    const fromIso = new Date(at.getTime() - SERIES_DAYS * 86_400_000).toISOString();
    const catalog = s.catalog();
    const provided = providedResources(s, catalog);
    return {
      generatedAt: at.toISOString(),
      node: { nodeId, unitName, divisionCode },
      overall: worst(Object.values(tiles).map((t) => t.level)),
      tiles,
      resources: resourceStats(s, catalog, at, provided.codes),
      daily: dailySeries(stats, addDays(today, 1 - SERIES_DAYS), today),
      // The samples, then the depth right now, so the chart always ends at the present.
      queueDepth: [...stats.queueSamples(fromIso), { at: at.toISOString(), depth: facts.sync.queueDepth }],
      thresholds,
      provided: providedView(provided, catalog),
    };
  }

  thresholds(): StatusThresholds {
    return readThresholds(this.deps.services.status);
  }

  setThresholds(actor: { username: string; role: string }, next: StatusThresholds): StatusThresholds {
    const s = this.deps.services;
    return s.work.transaction(() => {
      const saved = writeThresholds(s.status, next);
      s.audit.append({ actor: actor.username, role: actor.role, action: 'status.thresholds', target: 'dashboard', outcome: 'success', detail: { ...saved } });
      return saved;
    });
  }

  /** The admin's list of the resources this unit provides (null: back to the default). */
  setProvidedResources(actor: { username: string; role: string }, codes: readonly string[] | null): ProvidedResources {
    return setProvidedResources(this.deps.services, actor, codes);
  }

  /** The quarterly report (季度报告) of a quarter that has begun, up to now if it is under way. */
  quarterlyReport(year: number, quarter: number): QuarterlyReport {
    const s = this.deps.services;
    return buildQuarterlyReport({ store: s, catalog: s.catalog(), appVersion: this.deps.appVersion, now: this.deps.now() }, year, quarter);
  }

  async diagnostics(): Promise<{ fileName: string; json: string }> {
    return diagnosticsBundle(await this.dashboard(), this.deps.services);
  }

  /** Samples the queue depth now and then on a timer, keeping the last SERIES_DAYS days. */
  startSampling(): void {
    const every = this.options.queueSampleMs ?? 15 * 60_000;
    if (every <= 0 || this.sampler) return;
    this.sampleQueue();
    this.sampler = setInterval(() => this.sampleQueue(), every);
    this.sampler.unref();
  }

  stop(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }

  sampleQueue(): void {
    const s = this.deps.services;
    const at = this.deps.now();
    try {
      s.stats.sampleQueue(at.toISOString(), s.sync.repo.queueDepth(), new Date(at.getTime() - SERIES_DAYS * 86_400_000).toISOString());
    } catch {
      // A closed or busy database: the next tick samples again; a gap in a chart is harmless.
    }
  }
}
