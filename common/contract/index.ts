// The API contract between the renderer and the core: channel names, the role each one
// needs, and zod schemas for what goes in and what comes out. Pure on purpose (no `node:`
// or `electron` imports) so the renderer, the Electron shell, the loopback bridge and the
// core all share one definition. The core validates every input against these schemas
// and re-parses every output, which also strips any field the schema does not name — a
// second guard against personal data reaching a role that must not see it.
import { z } from 'zod';

export const ROLES = ['clerk', 'operator', 'admin', 'auditor', 'official'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who may call a channel: nobody logged in yet (setup, login), any session, or listed roles. */
export type Access = 'public' | 'session' | readonly Role[];

export const ERROR_CODES = [
  'BAD_INPUT', // the call's input does not match the schema
  'VALIDATION', // a record's fields failed catalog validation; see fieldErrors
  'UNAUTHENTICATED', // no session, or it ended (idle timeout, logout)
  'FORBIDDEN', // the role may not use this channel or this record
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'NOT_FOUND',
  'CONFLICT', // someone changed the record since it was opened, or a name is taken
  'NOT_INITIALIZED',
  'LOCKED', // the node is set up but its key is sealed: unlock with the recovery passphrase
  'CERTIFICATE', // a certificate or key problem; the message says exactly which
  'NOT_CONFIGURED', // sync needs settings or a certificate that are not there yet
  'ALREADY_INITIALIZED',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const fieldErrorSchema = z.object({ item: z.string(), message: z.string() });

export const apiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** Chinese, for the person in front of the screen. */
  message: z.string(),
  fieldErrors: z.array(fieldErrorSchema).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------------------
// Shared shapes

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名应为 3–32 位字母、数字、下划线、点或短横线');
const password = z.string().min(1).max(256);
const nonEmpty = (max: number) => z.string().trim().min(1).max(max);

export const sessionUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.string(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const userViewSchema = sessionUserSchema.extend({
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

const codeTableEntrySchema = z.object({ code: z.string(), label: z.string() });
const catalogItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(['text', 'idNumber', 'creditCode', 'divisionCode', 'date', 'integer', 'decimal', 'code', 'phone']),
  required: z.boolean(),
  maxLength: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  scale: z.number().optional(),
  codeTable: z.array(codeTableEntrySchema).optional(),
  format: z.string().optional(),
  key: z.boolean().optional(),
  personal: z.boolean().optional(),
  divisionCodeLength: z.enum(['6', '12', 'either']).optional(),
});
const catalogResourceSchema = z.object({
  code: z.string(),
  name: z.string(),
  provider: z.string(),
  summary: z.string(),
  sharingType: z.enum(['unconditional', 'conditional', 'none']),
  updateCycle: z.enum(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']),
  items: z.array(catalogItemSchema),
});
export const catalogSchema = z.object({ version: z.string(), resources: z.array(catalogResourceSchema) });

export const recordStatusSchema = z.enum(['active', 'withdrawn']);
export type RecordStatus = z.infer<typeof recordStatusSchema>;

export const recordViewSchema = z.object({
  id: z.string(),
  resourceCode: z.string(),
  version: z.number().int(),
  status: recordStatusSchema,
  fields: z.record(z.string(), z.string()),
  unit: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** Why the record was withdrawn or corrected, as the clerk wrote it. */
  reason: z.string().nullable(),
});
export type RecordView = z.infer<typeof recordViewSchema>;

/** One row of the record list: enough to recognise the record, the key masked. */
export const recordSummarySchema = z.object({
  id: z.string(),
  resourceCode: z.string(),
  version: z.number().int(),
  status: recordStatusSchema,
  title: z.string(),
  maskedKey: z.string(),
  unit: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type RecordSummary = z.infer<typeof recordSummarySchema>;

const recordFields = z.record(z.string(), z.string().max(4000));
const recordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '记录编号格式不正确');

export const auditEntryViewSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string(),
  outcome: z.enum(['success', 'failure']),
  detail: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  message: z.string(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

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
      sharingType: z.enum(['unconditional', 'conditional', 'none']),
      active: z.number().int(),
      withdrawn: z.number().int(),
    }),
  ),
  outboxPending: z.number().int(),
});
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

// ---------------------------------------------------------------------------------------
// Certificates and sync (issue 3)

export const certificateViewSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  daysLeft: z.number().int(),
  /** none: fine; soon: ≤ 30 days; urgent: ≤ 7 days; expired; revoked (by the last CRL). */
  warning: z.enum(['none', 'soon', 'urgent', 'expired', 'revoked']),
  /** One Chinese sentence for the banner when warning is not none. */
  warningMessage: z.string().nullable(),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const certStatusSchema = z.object({
  keyPresent: z.boolean(),
  keyBits: z.number().int().nullable(),
  pendingCsrPem: z.string().nullable(),
  certificate: certificateViewSchema.nullable(),
  root: certificateViewSchema.nullable(),
  crlUpdatedAt: z.string().nullable(),
});
export type CertStatus = z.infer<typeof certStatusSchema>;

export const syncSettingsSchema = z.object({
  /** https://host:port of the provincial exchange; empty until configured. */
  exchangeUrl: z.string().max(300),
  /** Upload bandwidth cap in KiB/s; 0 means no cap. */
  bandwidthKiBps: z.number().int().min(0).max(1_000_000),
  batchMaxItems: z.number().int().min(1).max(1000),
  batchMaxBytes: z.number().int().min(1024).max(4 * 1024 * 1024),
  intervalSeconds: z.number().int().min(10).max(86_400),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const syncStatusSchema = z.object({
  /** online: last contact worked; offline: network/5xx, retrying; certificate: stopped until fixed. */
  link: z.enum(['not-configured', 'online', 'offline', 'certificate', 'paused']),
  /** Chinese: what is wrong and what to do; null when all is well. */
  problem: z.string().nullable(),
  paused: z.boolean(),
  running: z.boolean(),
  queueDepth: z.number().int(),
  inFlight: z.number().int(),
  rejected: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  /** Records acknowledged in the last 10 minutes, per minute. */
  throughputPerMinute: z.number(),
  epoch: z.number().int(),
  highWaterMark: z.number().int(),
  /** Progress of the sync under way: items sent of those queued when it started. */
  progress: z.object({ sent: z.number().int(), total: z.number().int() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const rejectedItemSchema = z.object({
  seq: z.number().int(),
  recordId: z.string(),
  version: z.number().int(),
  resourceCode: z.string(),
  code: z.string(),
  reason: z.string(),
  rejectedAt: z.string(),
});
export type RejectedItem = z.infer<typeof rejectedItemSchema>;

const page = z.number().int().min(1).max(1_000_000).default(1);
const pageSize = z.number().int().min(1).max(200).default(20);

// ---------------------------------------------------------------------------------------
// Intake: bulk import and watch folders (issue 5)

/** Largest file the UI may send (decoded); bigger files go through a watch folder or the CLI. */
export const INTAKE_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** How many row errors a report lists; the rest are counted in errorsNotListed. */
export const INTAKE_MAX_LISTED_ERRORS = 1000;

export const intakeFormatSchema = z.enum(['csv', 'xlsx', 'json', 'jsonl']);
export type IntakeFormat = z.infer<typeof intakeFormatSchema>;

const intakeFileInput = z.strictObject({
  /** The file's name as chosen; its extension decides the format (.csv .xlsx .json .jsonl). */
  fileName: nonEmpty(255),
  fileBase64: z.string().min(1).max(Math.ceil(INTAKE_MAX_FILE_BYTES / 3) * 4 + 4),
  /** Omit to let the node recognise the resource from the headers. */
  resourceCode: z.string().trim().min(1).max(64).optional(),
  /** XLSX only: the sheet to read; the first sheet when omitted. */
  sheet: z.string().trim().min(1).max(100).optional(),
});

export const intakeColumnMappingSchema = z.object({
  header: z.string(),
  /** null: the column matches no item of the resource (an extra column, reported and ignored). */
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
});

export const intakePreviewSchema = z.object({
  format: intakeFormatSchema,
  /** CSV: 'utf-8', 'utf-8-bom' or 'gb18030'; null for other formats. */
  encoding: z.string().nullable(),
  /** XLSX: every sheet's name; empty for other formats. */
  sheets: z.array(z.string()),
  /** The given resource, or the one recognised from the headers; null when none fits. */
  resourceCode: z.string().nullable(),
  /** Resources whose items the headers match, best first. */
  candidates: z.array(z.object({ resourceCode: z.string(), matched: z.number().int(), missingRequired: z.array(z.string()) })),
  headers: z.array(z.string()),
  mapping: z.array(intakeColumnMappingSchema),
  /** Names of required items no column supplies: the import would be refused. */
  missingRequired: z.array(z.string()),
  extraColumns: z.array(z.string()),
  /** The first 5 data rows, item code → raw value as read (not yet validated or masked). */
  sampleRows: z.array(z.record(z.string(), z.string())),
  /** Chinese sentences: what stops the import or deserves a look. Empty when all is well. */
  problems: z.array(z.string()),
});
export type IntakePreview = z.infer<typeof intakePreviewSchema>;

export const importRowErrorSchema = z.object({
  /** 1-based row number as a spreadsheet shows it (the header is row 1 in CSV/XLSX; JSON: element number). */
  row: z.number().int(),
  /** The column header as written in the file; null for a problem with the whole row. */
  column: z.string().nullable(),
  /** The value as read; ID numbers and credit codes masked. */
  value: z.string().nullable(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z.object({
  fileName: z.string(),
  resourceCode: z.string().nullable(),
  /** SHA-256 of the file's bytes, hex. */
  contentHash: z.string(),
  format: intakeFormatSchema,
  /** CSV/JSON: the text encoding detected; null for XLSX. */
  encoding: z.string().nullable(),
  /** XLSX: the sheet read; null for other formats. */
  sheet: z.string().nullable(),
  /** The same content was imported before for this resource: nothing was imported again. */
  alreadyImported: z.boolean(),
  /** When alreadyImported: that earlier import. */
  previousImport: z
    .object({ fileName: z.string(), finishedAt: z.string(), imported: z.number().int(), rejected: z.number().int(), duplicates: z.number().int() })
    .nullable(),
  /** Data rows read (empty rows not counted). */
  totalRows: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  emptyRowsSkipped: z.number().int(),
  extraColumns: z.array(z.string()),
  errors: z.array(importRowErrorSchema),
  errorsNotListed: z.number().int(),
  /** Chinese: why the file stopped as a whole (missing columns, unreadable, removed, disk full); null when it ran to its end. */
  fileProblem: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const intakeJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  processedRows: z.number().int(),
  /** Known only when the job is done (files are streamed, not counted first); null while running. */
  totalRows: z.number().int().nullable(),
  /** Share of the file's bytes read so far (0–1), for the progress bar; null when unknown. */
  fractionDone: z.number().min(0).max(1).nullable(),
  report: importReportSchema.nullable(),
  /** Chinese, when state is failed. */
  error: z.string().nullable(),
});
export type IntakeJob = z.infer<typeof intakeJobSchema>;

export const watchFolderSchema = z.object({
  /** Absolute path on the node's machine. */
  path: z.string().trim().min(1).max(1024),
  /** null: the resource code is taken from the file name, e.g. 203001-00001_任意名称.csv. */
  resourceCode: z.string().trim().min(1).max(64).nullable(),
  /** The unit (科室) the imported records belong to, as in the clerks' accounts; null: the node's own unit name. */
  unit: z.string().trim().min(1).max(100).nullable().default(null),
});
export type WatchFolder = z.infer<typeof watchFolderSchema>;

export const watchFileStatusSchema = z.object({
  file: z.string(),
  folder: z.string(),
  state: z.enum(['waiting', 'importing', 'processed', 'rejected']),
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  /** Path of the .report.txt written beside the moved file; null until written. */
  reportFile: z.string().nullable(),
  /** Chinese one-liner when the whole file was refused (never row contents). */
  problem: z.string().nullable(),
  at: z.string(),
});
export type WatchFileStatus = z.infer<typeof watchFileStatusSchema>;

export const watchStatusSchema = z.object({
  folders: z.array(watchFolderSchema.extend({ ok: z.boolean(), problem: z.string().nullable() })),
  queued: z.number().int(),
  /** The most recent files, newest first (at most 200). */
  files: z.array(watchFileStatusSchema),
});
export type WatchStatus = z.infer<typeof watchStatusSchema>;

// ---------------------------------------------------------------------------------------
// Backup and restore (issue 4; docs/backup-format.md)

/** Largest piece of a backup file the first-run screen sends in one call (decoded). */
export const BACKUP_UPLOAD_CHUNK_BYTES = 512 * 1024;
/** Largest backup file the first-run screen may upload. */
export const BACKUP_UPLOAD_MAX_BYTES = 64 * 1024 * 1024 * 1024;

export const backupSettingsSchema = z.strictObject({
  /** Absolute folder for backup files: preferably a second disk or a USB drive. */
  folder: z.string().trim().min(1).max(1024),
  /** Daily automatic backup at this local time. */
  schedule: z.strictObject({ enabled: z.boolean(), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:MM（24 小时制）') }),
  /** How many backups of this node to keep: the newest of each of the last N days, weeks and months. */
  retention: z.strictObject({ daily: z.number().int().min(1).max(60), weekly: z.number().int().min(0).max(52), monthly: z.number().int().min(0).max(120) }),
  /** After each scheduled backup, restore it into a temporary place and check it (恢复演练). */
  verifyAfterBackup: z.boolean(),
  /** Upload each new backup to the DR centre (容灾备份中心) over mutual TLS. */
  drUpload: z.boolean(),
  /** The DR centre's encryption certificate (PEM): when set, backups get a key slot it can open. */
  drCertificatePem: z.string().max(100_000).nullable(),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

export const backupCountsSchema = z.object({
  records: z.number().int(),
  recordVersions: z.number().int(),
  outbox: z.number().int(),
  outboxPending: z.number().int(),
  outboxRejected: z.number().int(),
  receipts: z.number().int(),
  auditLog: z.number().int(),
  users: z.number().int(),
});

/** One backup file as its header describes it. */
export const backupInfoSchema = z.object({
  fileName: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
  appVersion: z.string(),
  nodeId: z.string(),
  unitName: z.string(),
  creditCode: z.string(),
  divisionCode: z.string(),
  schemaVersion: z.number().int(),
  epoch: z.number().int(),
  counts: backupCountsSchema,
  /** The DR centre can open it too. */
  drSlot: z.boolean(),
  /** A backup of the node that is running; null on a node not yet set up. */
  thisNode: z.boolean().nullable(),
  /** A key opened the file and its header authenticated; false: the header is only a claim so far. */
  authenticated: z.boolean(),
  /** The DR centre confirmed it holds this file. */
  uploaded: z.boolean(),
  /** Chinese: what is known to be wrong with the file; null when nothing is. */
  problem: z.string().nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

/** Where a backup file comes from: the configured folder, a path on the node's machine, or an upload (first run). */
export const backupSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('folder'), fileName: z.string().min(1).max(255) }),
  z.strictObject({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('upload'), uploadId: z.string().regex(/^[0-9a-f]{32}$/, '上传编号格式不正确') }),
]);
export type BackupSource = z.infer<typeof backupSourceSchema>;

export const BACKUP_JOB_PHASES = ['queued', 'snapshot', 'encrypt', 'retention', 'decrypt', 'check', 'prepare', 'swap', 'upload', 'done'] as const;

export const backupJobSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['create', 'verify', 'restore', 'upload']),
  state: z.enum(['running', 'done', 'failed']),
  phase: z.enum(BACKUP_JOB_PHASES),
  /** Progress of the current phase, in bytes (total 0 when unknown). */
  done: z.number(),
  total: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  fileName: z.string().nullable(),
  /** Chinese, when failed. */
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  result: z
    .object({
      bytes: z.number().int().optional(),
      records: z.number().int().optional(),
      nodeId: z.string().optional(),
      unitName: z.string().optional(),
      /** restore: where the replaced database was kept. */
      replacedDir: z.string().optional(),
      /** create: the DR upload started after it. */
      uploadJobId: z.string().optional(),
      /** verify: the checks that ran, in Chinese. */
      checks: z.array(z.string()).optional(),
      sha256: z.string().optional(),
    })
    .nullable(),
});
export type BackupJob = z.infer<typeof backupJobSchema>;

const backupEventSchema = z.object({ at: z.string(), fileName: z.string().nullable(), ok: z.boolean(), message: z.string() });

export const backupStatusSchema = z.object({
  folder: z.string(),
  /** Chinese, when the folder cannot be written (missing USB drive, no permission). */
  folderProblem: z.string().nullable(),
  lastBackup: backupEventSchema.nullable(),
  /** The last verify (restore into a temporary place + integrity check): 最近一次恢复演练. */
  lastVerified: backupEventSchema.nullable(),
  lastUpload: backupEventSchema.nullable(),
  nextScheduledAt: z.string().nullable(),
  job: backupJobSchema.nullable(),
  /** After a restore: the node has not yet settled its epoch with the exchange. */
  reconcilePending: z.boolean(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

const backupJobId = z.strictObject({ jobId: z.string().regex(/^[0-9a-f]{32}$/, '任务编号格式不正确') });
const recoveryPassphrase = z.string().min(1).max(1024);

// ---------------------------------------------------------------------------------------
// Node status for officials: dashboard, thresholds, quarterly report (issue 6)
// Aggregates only — counts, times, levels. Nothing here may carry a record's content.

export const tileLevelSchema = z.enum(['green', 'yellow', 'red']);
export type TileLevel = z.infer<typeof tileLevelSchema>;

/** Every tile: a level and, when not green, one Chinese sentence saying what is wrong and what to do. */
const tileBase = { level: tileLevelSchema, sentence: z.string().nullable() };

export const dashboardTilesSchema = z.object({
  link: z.object({
    ...tileBase,
    state: z.enum(['not-configured', 'online', 'offline', 'certificate', 'paused']),
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

export const updateCycleSchema = z.enum(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']);

export const resourceStatusSchema = z.object({
  resourceCode: z.string(),
  name: z.string(),
  sharingType: z.enum(['unconditional', 'conditional', 'none']),
  updateCycle: updateCycleSchema,
  /** Records in force (active), and new registrations in the current calendar month and quarter. */
  records: z.number().int(),
  newThisMonth: z.number().int(),
  newThisQuarter: z.number().int(),
  /** Last registration, correction or withdrawal (day, China Standard Time); null when never. */
  lastUpdateDay: z.string().nullable(),
  /** The update cycle (plus a grace period, docs/status.md) has passed since the last update; never for 'irregular'. */
  overdue: z.boolean(),
  /** Versions the exchange accepted / rejected, all time. Null for the negative list (nothing is sent). */
  delivered: z.number().int().nullable(),
  rejected: z.number().int().nullable(),
  /** rejected / (delivered + rejected), 0..1; null when nothing was settled or for the negative list. */
  rejectionRate: z.number().nullable(),
  /** 共享率: record versions delivered / versions queued for the exchange, 0..1; null for the negative list. */
  sharingRate: z.number().nullable(),
});
export type ResourceStatus = z.infer<typeof resourceStatusSchema>;

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  node: z.object({ nodeId: z.string(), unitName: z.string(), divisionCode: z.string() }),
  /** The worst tile. */
  overall: tileLevelSchema,
  tiles: dashboardTilesSchema,
  resources: z.array(resourceStatusSchema),
  /** Daily series over the last 90 days (China Standard Time), oldest first; every day present. */
  daily: z.array(z.object({ day: z.string(), registered: z.number().int(), delivered: z.number().int() })),
  /** Queue depth samples over the last 90 days, oldest first. */
  queueDepth: z.array(z.object({ at: z.string(), depth: z.number().int() })),
  thresholds: statusThresholdsSchema,
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
  node: z.object({ nodeId: z.string(), unitName: z.string(), creditCode: z.string(), divisionCode: z.string(), appVersion: z.string(), catalogVersion: z.string() }),
  /** Resources with at least one record in force or registered in the quarter. */
  resourcesInUse: z.number().int(),
  resources: z.array(
    z.object({
      resourceCode: z.string(),
      name: z.string(),
      sharingType: z.enum(['unconditional', 'conditional', 'none']),
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
      /** Updated in every cycle of the quarter ('irregular': updated at all, or not required). */
      timely: z.boolean(),
      /** Days of the quarter with at least one update. */
      activeDays: z.number().int(),
    }),
  ),
  totals: z.object({
    registered: z.number().int(),
    delivered: z.number().int(),
    rejected: z.number().int(),
    /** Delivered / queued for the exchange in the quarter; null when nothing was queued. */
    sharingRate: z.number().nullable(),
  }),
  backups: z.object({ made: z.number().int(), failed: z.number().int(), verified: z.number().int(), verifyFailed: z.number().int(), uploaded: z.number().int(), lastBackupAt: z.string().nullable(), lastVerifiedAt: z.string().nullable() }),
  /** Periods the link to the exchange was down (offline or certificate) within the quarter. */
  outages: z.array(z.object({ from: z.string(), to: z.string().nullable(), minutes: z.number().int(), reason: z.string() })),
  outageMinutes: z.number().int(),
});
export type QuarterlyReport = z.infer<typeof quarterlyReportSchema>;

// ---------------------------------------------------------------------------------------
// Channels

function channel<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O) {
  return { access, input, output };
}

const empty = z.strictObject({});
const ok = z.object({ done: z.literal(true) });

export const channels = {
  'setup.status': channel(
    'public',
    empty,
    z.object({
      initialized: z.boolean(),
      /** Set up, but this machine could not unseal the key: the recovery passphrase is needed. */
      locked: z.boolean(),
      lockedReason: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
  ),
  'setup.unlock': channel(
    'public',
    z.strictObject({ recoveryPassphrase: z.string().min(1).max(1024) }),
    z.object({ hostKeyProtection: z.boolean() }),
  ),
  'setup.initialize': channel(
    'public',
    z.strictObject({
      unitName: nonEmpty(100),
      creditCode: z.string(),
      divisionCode: z.string(),
      admin: z.strictObject({ username, displayName: nonEmpty(50), password }),
      recoveryPassphrase: z.string().max(1024),
    }),
    z.object({
      nodeId: z.string(),
      /** False when this machine offers no safe key store: the passphrase is asked at each start. */
      hostKeyProtection: z.boolean(),
    }),
  ),
  'auth.login': channel(
    'public',
    z.strictObject({ username: z.string().trim().min(1).max(64), password }),
    z.object({ user: sessionUserSchema, idleTimeoutMinutes: z.number() }),
  ),
  'auth.logout': channel('session', empty, ok),
  'auth.me': channel('session', empty, sessionUserSchema),
  'auth.changePassword': channel(
    'session',
    z.strictObject({ currentPassword: password, newPassword: password }),
    ok,
  ),
  'users.list': channel(['admin'], empty, z.array(userViewSchema)),
  'users.create': channel(
    ['admin'],
    z.strictObject({ username, displayName: nonEmpty(50), role: roleSchema, unit: nonEmpty(100), password }),
    userViewSchema,
  ),
  'users.unlock': channel(['admin'], z.strictObject({ username }), ok),
  'users.setDisabled': channel(['admin'], z.strictObject({ username, disabled: z.boolean() }), ok),
  'catalog.get': channel('session', empty, catalogSchema),
  'records.create': channel(
    ['clerk'],
    z.strictObject({ resourceCode: nonEmpty(64), fields: recordFields }),
    recordViewSchema,
  ),
  'records.list': channel(
    ['clerk'],
    z.strictObject({
      resourceCode: z.string().optional(),
      status: recordStatusSchema.optional(),
      page,
      pageSize,
    }),
    z.object({ items: z.array(recordSummarySchema), total: z.number().int() }),
  ),
  'records.findByKey': channel(
    ['clerk'],
    z.strictObject({ key: nonEmpty(64), resourceCode: z.string().optional() }),
    z.array(recordSummarySchema),
  ),
  'records.get': channel(
    ['clerk'],
    z.strictObject({ id: recordId }),
    z.object({ current: recordViewSchema, history: z.array(recordViewSchema) }),
  ),
  'records.correct': channel(
    ['clerk'],
    z.strictObject({ id: recordId, baseVersion: z.number().int().min(1), fields: recordFields, reason: nonEmpty(500) }),
    recordViewSchema,
  ),
  'records.withdraw': channel(
    ['clerk'],
    z.strictObject({ id: recordId, baseVersion: z.number().int().min(1), reason: nonEmpty(500) }),
    recordViewSchema,
  ),
  'audit.list': channel(
    ['auditor'],
    z.strictObject({ page, pageSize }),
    z.object({ items: z.array(auditEntryViewSchema), total: z.number().int() }),
  ),
  'audit.verify': channel(['auditor'], empty, auditVerificationSchema),
  'status.get': channel('session', empty, nodeStatusSchema),
  // Issue 6: aggregates for officials (and the roles that keep the node running).
  'status.dashboard': channel(['official', 'admin', 'operator', 'auditor'], empty, dashboardSchema),
  'status.setThresholds': channel(['admin'], statusThresholdsSchema.strict(), statusThresholdsSchema),
  'status.quarterlyReport': channel(['official', 'admin'], quarterInputSchema, quarterlyReportSchema),
  'status.quarterlyReportXlsx': channel(['official', 'admin'], quarterInputSchema, z.object({ fileName: z.string(), xlsxBase64: z.string() })),
  /** Redacted JSON for county IT to send to support: no personal data, no keys, no names of people. */
  'status.diagnostics': channel(['admin', 'operator'], empty, z.object({ fileName: z.string(), json: z.string() })),

  'cert.status': channel(['admin', 'operator'], empty, certStatusSchema),
  'cert.createCsr': channel(
    ['admin'],
    z.strictObject({
      keyBits: z.union([z.literal(2048), z.literal(3072)]).default(3072),
      province: nonEmpty(20),
      county: nonEmpty(40),
    }),
    z.object({ csrPem: z.string() }),
  ),
  'cert.import': channel(
    ['admin'],
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('pem'), certificatePem: z.string().min(1).max(200_000) }),
      z.strictObject({ kind: z.literal('pkcs12'), fileBase64: z.string().min(1).max(400_000), password: z.string().max(256) }),
    ]),
    certStatusSchema,
  ),
  'cert.setRoot': channel(['admin'], z.strictObject({ rootPem: z.string().min(1).max(100_000) }), certStatusSchema),
  'sync.getSettings': channel(['admin', 'operator'], empty, syncSettingsSchema),
  'sync.setSettings': channel(['admin'], syncSettingsSchema.strict(), syncSettingsSchema),
  'sync.status': channel(['operator', 'admin'], empty, syncStatusSchema),
  'sync.now': channel(['operator'], empty, syncStatusSchema),
  'sync.pause': channel(['operator'], empty, syncStatusSchema),
  'sync.resume': channel(['operator'], empty, syncStatusSchema),
  'sync.rejected': channel(
    ['operator'],
    z.strictObject({ page, pageSize }),
    z.object({ items: z.array(rejectedItemSchema), total: z.number().int() }),
  ),
  'sync.requeue': channel(['operator'], z.strictObject({ seq: z.number().int().min(1) }), ok),
  'intake.preview': channel(['clerk'], intakeFileInput, intakePreviewSchema),
  'intake.start': channel(
    ['clerk'],
    intakeFileInput.extend({ resourceCode: z.string().trim().min(1).max(64) }),
    z.object({ jobId: z.string() }),
  ),
  'intake.job': channel(['clerk'], z.strictObject({ jobId: z.string().min(1).max(64) }), intakeJobSchema),
  'intake.watchFolders': channel(['operator'], empty, z.object({ folders: z.array(watchFolderSchema) })),
  'intake.setWatchFolders': channel(
    ['operator'],
    z.strictObject({ folders: z.array(watchFolderSchema.strict()).max(50) }),
    z.object({ folders: z.array(watchFolderSchema) }),
  ),
  'intake.watchStatus': channel(['operator'], empty, watchStatusSchema),
  // Backup and restore (issue 4). Admin only, except the first-run restore (public while
  // the node is not set up: the same moment setup.initialize is public).
  'backup.status': channel(['admin'], empty, backupStatusSchema),
  'backup.getSettings': channel(['admin'], empty, backupSettingsSchema),
  'backup.setSettings': channel(['admin'], backupSettingsSchema, backupSettingsSchema),
  'backup.list': channel(['admin'], empty, z.object({ folder: z.string(), problem: z.string().nullable(), files: z.array(backupInfoSchema) })),
  'backup.create': channel(['admin'], empty, z.object({ jobId: z.string() })),
  'backup.job': channel(['admin'], backupJobId, backupJobSchema),
  'backup.inspect': channel(['admin'], z.strictObject({ source: backupSourceSchema, recoveryPassphrase }), backupInfoSchema),
  'backup.verify': channel(['admin'], z.strictObject({ source: backupSourceSchema, recoveryPassphrase: recoveryPassphrase.optional() }), z.object({ jobId: z.string() })),
  'backup.restore': channel(
    ['admin'],
    z.strictObject({ source: backupSourceSchema, recoveryPassphrase, confirm: z.literal(true), migration: z.boolean().default(false) }),
    z.object({ jobId: z.string() }),
  ),
  'backup.upload': channel(['admin'], z.strictObject({ fileName: z.string().min(1).max(255) }), z.object({ jobId: z.string() })),
  'setup.uploadBackupChunk': channel(
    'public',
    z.strictObject({
      /** Omitted for the first piece: the node starts a new upload and answers its id. */
      uploadId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
      offset: z.number().int().min(0).max(BACKUP_UPLOAD_MAX_BYTES),
      dataBase64: z.string().min(1).max(Math.ceil(BACKUP_UPLOAD_CHUNK_BYTES / 3) * 4 + 4),
    }),
    z.object({ uploadId: z.string(), received: z.number().int() }),
  ),
  'setup.inspectBackup': channel('public', z.strictObject({ source: backupSourceSchema, recoveryPassphrase }), backupInfoSchema),
  'setup.restoreBackup': channel('public', z.strictObject({ source: backupSourceSchema, recoveryPassphrase, confirm: z.literal(true) }), z.object({ jobId: z.string() })),
  /** Progress of a restore job, by its unguessable id: the admin's session ends when the restore swaps the database. */
  'setup.restoreJob': channel('public', backupJobId, backupJobSchema),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type InputOf<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Channels[C]['input']>;
export type OutputOf<C extends ChannelName> = z.output<Channels[C]['output']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** What the preload exposes as `window.edgeNode` and the loopback bridge imitates. */
export interface EdgeNodeBridge {
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>>;
}

/** The single IPC channel the preload uses; the shell relays it to the core. */
export const IPC_CALL_CHANNEL = 'edge-node:call';

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  clerk: { zh: '录入员', en: 'Clerk' },
  operator: { zh: '运维员', en: 'Operator' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计员', en: 'Auditor' },
  official: { zh: '领导', en: 'Official' },
};
