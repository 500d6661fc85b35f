// The node's status: the summary every session sees, and for officials the dashboard,
// thresholds and quarterly report (issue 6).
import { z } from 'zod';
import { sharingTypeSchema, updateCycleSchema } from '../catalog/schema';
import { channel, empty } from './channel';
import { syncLinkSchema } from './sync';

export const nodeStatusSchema = z.object({
  nodeId: z.string(),
  unitName: z.string(),
  creditCode: z.string(),
  divisionCode: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  catalogVersion: z.string(),
  resources: z.array(
    z.object({
      resourceCode: z.string(),
      name: z.string(),
      sharingType: sharingTypeSchema,
      active: z.number().int(),
      withdrawn: z.number().int(),
    }),
  ),
  outboxPending: z.number().int(),
});
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

// For officials: dashboard, thresholds, quarterly report (issue 6). Aggregates only —
// counts, times, levels. Nothing here may carry a record's content.

export const tileLevelSchema = z.enum(['green', 'yellow', 'red']);
export type TileLevel = z.infer<typeof tileLevelSchema>;

/** Every tile: a level and, when not green, one Chinese sentence saying what is wrong and what to do. */
const tileBase = { level: tileLevelSchema, sentence: z.string().nullable() };

export const dashboardTilesSchema = z.object({
  link: z.object({
    ...tileBase,
    state: syncLinkSchema,
    lastContactAt: z.string().nullable(),
    /** Round trip of the last request that reached the exchange, in milliseconds. */
    latencyMs: z.number().int().nullable(),
    consecutiveFailures: z.number().int(),
  }),
  certificate: z.object({
    ...tileBase,
    present: z.boolean(),
    notAfter: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    revoked: z.boolean(),
  }),
  queue: z.object({
    ...tileBase,
    depth: z.number().int(),
    oldestPendingAt: z.string().nullable(),
    /** Age of the oldest unsent record, in hours (one decimal); null when the queue is empty. */
    oldestPendingHours: z.number().nullable(),
    rejected: z.number().int(),
  }),
  backup: z.object({
    ...tileBase,
    lastBackupAt: z.string().nullable(),
    lastBackupOk: z.boolean().nullable(),
    lastVerifiedAt: z.string().nullable(),
    lastUploadAt: z.string().nullable(),
  }),
  catalog: z.object({
    ...tileBase,
    version: z.string(),
    /** When the catalog in force was last checked against the exchange (downloaded or confirmed current). */
    checkedAt: z.string().nullable(),
  }),
  disk: z.object({
    ...tileBase,
    freeBytes: z.number().int().nullable(),
    totalBytes: z.number().int().nullable(),
    databaseBytes: z.number().int(),
  }),
  app: z.object({
    ...tileBase,
    appVersion: z.string(),
    schemaVersion: z.number().int(),
  }),
  /** The node's clock against the exchange's (and against the times it has recorded). */
  clock: z.object({
    ...tileBase,
    /** Local minus exchange, in seconds, from the exchange's last answer; null before any. */
    offsetSeconds: z.number().int().nullable(),
    measuredAt: z.string().nullable(),
  }),
});
export type DashboardTiles = z.infer<typeof dashboardTilesSchema>;
export type TileKey = keyof DashboardTiles;

/** Thresholds behind the tiles' colours (documented in docs/status.md); an admin may change them. */
export const statusThresholdsSchema = z.object({
  /** Link: yellow after this many consecutive failures or hours without contact; red after the second pair. */
  linkYellowFailures: z.number().int().min(1).max(1000),
  linkRedFailures: z.number().int().min(1).max(1000),
  linkYellowHours: z.number().min(0.1).max(720),
  linkRedHours: z.number().min(0.1).max(720),
  /** Certificate: yellow within this many days of expiry, red within the second. */
  certYellowDays: z.number().int().min(1).max(365),
  certRedDays: z.number().int().min(0).max(365),
  /** Queue: yellow/red when the oldest unsent record is this many hours old; yellow when any item is rejected. */
  queueYellowHours: z.number().min(0.1).max(720),
  queueRedHours: z.number().min(0.1).max(2160),
  /** Backups: age of the last good backup (hours), of the last verified restore and last DR upload (days). */
  backupYellowHours: z.number().min(1).max(2160),
  backupRedHours: z.number().min(1).max(2160),
  verifyYellowDays: z.number().int().min(1).max(365),
  uploadYellowDays: z.number().int().min(1).max(365),
  /** Catalog: yellow when not checked against the exchange for this many days. */
  catalogYellowDays: z.number().int().min(1).max(365),
  /** Disk: free space under these many MiB is yellow / red. */
  diskYellowFreeMiB: z.number().int().min(1).max(10_000_000),
  diskRedFreeMiB: z.number().int().min(1).max(10_000_000),
});
export type StatusThresholds = z.infer<typeof statusThresholdsSchema>;

export const resourceStatusSchema = z.object({
  resourceCode: z.string(),
  name: z.string(),
  sharingType: sharingTypeSchema,
  updateCycle: updateCycleSchema,
  /** Records in force (active), and new registrations in the current calendar month and quarter. */
  records: z.number().int(),
  newThisMonth: z.number().int(),
  newThisQuarter: z.number().int(),
  /** Last registration, correction or withdrawal (day, China Standard Time); null when never. */
  lastUpdateDay: z.string().nullable(),
  /** This unit provides the resource (the admin's list, or by default: it has records); only then is it judged for timeliness. */
  provided: z.boolean(),
  /** The update cycle (plus a grace period, docs/status.md) has passed since the last update; never for 'irregular' or a resource the unit does not provide. */
  overdue: z.boolean(),
  /** Record versions (each registration, correction and withdrawal is one) the exchange accepted / rejected, all time. Null for the negative list (nothing is sent). */
  delivered: z.number().int().nullable(),
  rejected: z.number().int().nullable(),
  /** rejected / (delivered + rejected), 0..1; null when nothing was settled or for the negative list. */
  rejectionRate: z.number().nullable(),
  /** 共享率: record versions delivered / versions queued for the exchange, 0..1; null for the negative list. */
  sharingRate: z.number().nullable(),
});
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;

/** Which resources this unit provides (catalog order), and whether the admin set that (else: resources with records). */
export const providedResourcesSchema = z.object({ resourceCodes: z.array(z.string()), setByAdmin: z.boolean() });
export type ProvidedResources = z.infer<typeof providedResourcesSchema>;

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  node: z.object({ nodeId: z.string(), unitName: z.string(), divisionCode: z.string() }),
  /** The worst tile. */
  overall: tileLevelSchema,
  tiles: dashboardTilesSchema,
  resources: z.array(resourceStatusSchema),
  /**
   * Daily series over the last 90 days (China Standard Time), oldest first; every day present.
   * `registered` counts new records; `queued` and `delivered` count record versions (each
   * registration, correction and withdrawal is one version; the negative list queues none), so
   * the chart compares versions with versions.
   */
  daily: z.array(z.object({ day: z.string(), registered: z.number().int(), queued: z.number().int(), delivered: z.number().int() })),
  /** Queue depth samples over the last 90 days, oldest first. */
  queueDepth: z.array(z.object({ at: z.string(), depth: z.number().int() })),
  thresholds: statusThresholdsSchema,
  provided: providedResourcesSchema,
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const quarterInputSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  quarter: z.number().int().min(1).max(4),
});
export type QuarterInput = z.infer<typeof quarterInputSchema>;

export const quarterlyReportSchema = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  /** First and last day of the quarter (China Standard Time), and when the report was made. */
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  node: z.object({
    nodeId: z.string(),
    unitName: z.string(),
    creditCode: z.string(),
    divisionCode: z.string(),
    appVersion: z.string(),
    catalogVersion: z.string(),
    /** When the node was set up (ISO); periods before it are not judged for timeliness. Null on a database without it. */
    createdAt: z.string().nullable(),
  }),
  /** Resources with at least one record in force or registered in the quarter. */
  resourcesInUse: z.number().int(),
  resources: z.array(
    z.object({
      resourceCode: z.string(),
      name: z.string(),
      sharingType: sharingTypeSchema,
      updateCycle: updateCycleSchema,
      /** In force at the end of the quarter (or now, for the quarter under way). */
      records: z.number().int(),
      registered: z.number().int(),
      corrected: z.number().int(),
      withdrawn: z.number().int(),
      /** Versions accepted / rejected by the exchange in the quarter; null for the negative list. */
      delivered: z.number().int().nullable(),
      rejected: z.number().int().nullable(),
      sharingRate: z.number().nullable(),
      /** This unit provides the resource (see the dashboard's `provided`). */
      provided: z.boolean(),
      /**
       * Updated in every period of its cycle that ended in the quarter and began after the node
       * was set up ('irregular': nothing required); null for a resource the unit does not provide.
       */
      timely: z.boolean().nullable(),
      /** Days of the quarter with at least one update. */
      activeDays: z.number().int(),
    }),
  ),
  /** The 合计 row: a figure for every column. */
  totals: z.object({
    /** Records in force at the end of the quarter, all resources. */
    records: z.number().int(),
    registered: z.number().int(),
    corrected: z.number().int(),
    withdrawn: z.number().int(),
    delivered: z.number().int(),
    rejected: z.number().int(),
    /** Delivered / queued for the exchange in the quarter; null when nothing was queued. */
    sharingRate: z.number().nullable(),
    /** Resources this unit provides, and how many of them were timely. */
    provided: z.number().int(),
    timely: z.number().int(),
    /** Days of the quarter with at least one update to any resource. */
    activeDays: z.number().int(),
  }),
  backups: z.object({ made: z.number().int(), failed: z.number().int(), verified: z.number().int(), verifyFailed: z.number().int(), uploaded: z.number().int(), lastBackupAt: z.string().nullable(), lastVerifiedAt: z.string().nullable() }),
  /** Periods the link to the exchange was down (offline or certificate) within the quarter. */
  outages: z.array(z.object({ from: z.string(), to: z.string().nullable(), minutes: z.number().int(), reason: z.string() })),
  outageMinutes: z.number().int(),
});
export type QuarterlyReport = z.infer<typeof quarterlyReportSchema>;

export const statusChannels = {
  'status.get': channel('session', empty, nodeStatusSchema),
  // Issue 6: aggregates for officials (and the roles that keep the node running).
  'status.dashboard': channel(['official', 'admin', 'operator', 'auditor'], empty, dashboardSchema),
  'status.setThresholds': channel(['admin'], statusThresholdsSchema.strict(), statusThresholdsSchema),
  /** The resources this unit provides (only they are judged for timeliness); null: back to the default (resources with records). */
  'status.setProvidedResources': channel(['admin'], z.strictObject({ resourceCodes: z.array(z.string().min(1).max(50)).max(500).nullable() }), providedResourcesSchema),
  'status.quarterlyReport': channel(['official', 'admin'], quarterInputSchema, quarterlyReportSchema),
  'status.quarterlyReportXlsx': channel(['official', 'admin'], quarterInputSchema, z.object({ fileName: z.string(), xlsxBase64: z.string() })),
  /** Redacted JSON for county IT to send to support: no personal data, no keys, no names of people. */
  'status.diagnostics': channel(['admin', 'operator'], empty, z.object({ fileName: z.string(), json: z.string() })),
} as const;
