// What the heartbeat tells the province about this node (docs/protocol.md "Heartbeat
// status"): a flat record of levels, key figures and usage counts. Aggregates only — the
// unit's name and division code identify the node (the province lists its nodes by them);
// never a record, a person's name or a username. The tiles' sentences stay on the node:
// they may quote an error message, and the figures say the same to a machine.
//
// Usage counts answer the provincial plan's question "is this system used at all?" (it
// retires systems judged by use frequency). They come from maintained summaries and the
// small users table, never from the records, so a heartbeat costs the same at 1M records.
import type { Dashboard } from '../../common/contract';
import { addDays, cstDay } from '../store/stats-repo';
import type { StatusStore } from './status-sources';
import { LEVEL_KEY, TILE_PREFIX, type HeartbeatStatus } from '../sync/heartbeat-levels';

export interface UsageCounts {
  /** New records registered in the last 7 / 30 days (China Standard Time days, today included). */
  registered7d: number;
  registered30d: number;
  /** Days of the last 30 with at least one registration, correction or withdrawal. */
  activeDays30d: number;
  /** Record versions the exchange accepted in the last 30 days. */
  delivered30d: number;
  /** Accounts that logged in within the last 30 days (a count: never who). */
  activeUsers30d: number;
  /** Records in force (active) over all resources. */
  recordsInForce: number;
  /** The last day (CST) anything was registered; null when never. */
  lastRegistrationDay: string | null;
}

const MiB = 1024 * 1024;

export function heartbeatStatus(dashboard: Dashboard, usage: UsageCounts): HeartbeatStatus {
  const t = dashboard.tiles;
  const levels: HeartbeatStatus = { [LEVEL_KEY]: dashboard.overall };
  // Every tile the dashboard has, so a tile added later is reported without touching this.
  for (const [key, tile] of Object.entries(t)) levels[`${TILE_PREFIX}${key}`] = tile.level;
  return {
    unitName: dashboard.node.unitName,
    divisionCode: dashboard.node.divisionCode,
    ...levels,
    // Link
    link: t.link.state,
    lastContactAt: t.link.lastContactAt,
    latencyMs: t.link.latencyMs,
    consecutiveFailures: t.link.consecutiveFailures,
    // Certificate
    certPresent: t.certificate.present,
    certNotAfter: t.certificate.notAfter,
    certDaysLeft: t.certificate.daysLeft,
    certRevoked: t.certificate.revoked,
    // Sync queue
    queueDepth: t.queue.depth,
    oldestPendingAt: t.queue.oldestPendingAt,
    oldestPendingHours: t.queue.oldestPendingHours,
    rejected: t.queue.rejected,
    // Backups
    lastBackupAt: t.backup.lastBackupAt,
    lastBackupOk: t.backup.lastBackupOk,
    lastVerifiedAt: t.backup.lastVerifiedAt,
    lastUploadAt: t.backup.lastUploadAt,
    // Catalog, disk, app
    catalogCheckedAt: t.catalog.checkedAt,
    freeDiskMiB: t.disk.freeBytes === null ? null : Math.floor(t.disk.freeBytes / MiB),
    databaseMiB: Math.round((t.disk.databaseBytes / MiB) * 10) / 10,
    schemaVersion: t.app.schemaVersion,
    // The resources this unit provides (codes, catalog order, comma-separated: the record is
    // flat), and whether the admin set them or the default (resources with records) applies.
    providedResources: dashboard.provided.resourceCodes.join(','),
    providedResourcesSetByAdmin: dashboard.provided.setByAdmin,
    // Usage
    'usage.registered7d': usage.registered7d,
    'usage.registered30d': usage.registered30d,
    'usage.activeDays30d': usage.activeDays30d,
    'usage.delivered30d': usage.delivered30d,
    'usage.activeUsers30d': usage.activeUsers30d,
    'usage.recordsInForce': usage.recordsInForce,
    'usage.lastRegistrationDay': usage.lastRegistrationDay,
  };
}

/** Usage counts from the daily summaries (30 rows per resource at most) and the users table. */
export function usageCounts(store: Pick<StatusStore, 'stats' | 'status'>, now: Date): UsageCounts {
  const today = cstDay(now);
  const days = store.stats.daily(addDays(today, -29), today); // 30 days, oldest first
  const sum = (rows: typeof days, pick: (d: (typeof days)[number]) => number) => rows.reduce((n, d) => n + pick(d), 0);
  const since30 = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  return {
    registered7d: sum(days.slice(-7), (d) => d.registered),
    registered30d: sum(days, (d) => d.registered),
    activeDays30d: days.filter((d) => d.registered + d.corrected + d.withdrawn > 0).length,
    delivered30d: sum(days, (d) => d.delivered),
    activeUsers30d: store.status.activeUsersSince(since30),
    recordsInForce: store.status.recordsInForce(),
    lastRegistrationDay: store.stats.lastRegistrationDay(),
  };
}
