// Backup and restore (issue 4; docs/backup-format.md): backup files, restore, the upload
// to the DR centre, and the first-run restore (its setup.* channels are public, like
// setup.initialize, while the node is not set up).
import { z } from 'zod';
import { channel, empty } from './channel';

/** Largest piece of a backup file the first-run screen sends in one call (decoded). */
export const BACKUP_UPLOAD_CHUNK_BYTES = 512 * 1024;
/** Largest backup file the first-run screen may upload. */
export const BACKUP_UPLOAD_MAX_BYTES = 64 * 1024 * 1024 * 1024;

export const backupSettingsSchema = z.strictObject({
  /** Absolute folder for backup files: preferably a second disk or a USB drive. */
  folder: z.string().trim().min(1).max(1024),
  /** Daily automatic backup at this local time. */
  schedule: z.strictObject({ enabled: z.boolean(), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:MM（24 小时制）') }),
  /**
   * How many backups of this node to keep: the newest of each of the last N days, weeks and
   * months of the scheduled ones; of the manual ones (立即备份), the newest `manual`. Manual
   * backups never count in the daily rotation, so a manual backup never pushes out the
   * morning's scheduled one. `manual` may be left out (an older client): the stored value,
   * or the default 10, stays.
   */
  retention: z.strictObject({
    daily: z.number().int().min(1).max(60),
    weekly: z.number().int().min(0).max(52),
    monthly: z.number().int().min(0).max(120),
    manual: z.number().int().min(1).max(100).optional(),
  }),
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
  /** Made with 立即备份 (or `backup create`): kept apart from the daily rotation (`-manual` in its name). */
  manual: z.boolean(),
  /** When this file last passed a verify drill (恢复演练) on this node; null when never. */
  verifiedAt: z.string().nullable(),
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
      /** create: the files retention deleted after it (named in the audit log too). */
      deleted: z.array(z.string()).optional(),
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
  /**
   * Whether the file of the last verify is still in the backup folder: false once retention
   * (or a person) removed it; null when there was no verify or the folder cannot be read.
   */
  lastVerifiedFileExists: z.boolean().nullable(),
  /** The newest file still in the folder that passed a verify drill: what "last verified restore" can vouch for. */
  verifiedFile: z.object({ fileName: z.string(), at: z.string() }).nullable(),
  lastUpload: backupEventSchema.nullable(),
  nextScheduledAt: z.string().nullable(),
  job: backupJobSchema.nullable(),
  /** After a restore: the node has not yet settled its epoch with the exchange. */
  reconcilePending: z.boolean(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

/** What retention would delete, said before it does (docs/backup-format.md "Retention"). */
export const retentionPreviewSchema = z.object({
  /** After the next scheduled backup (at `at`); null when the schedule is off. */
  afterScheduled: z.object({ at: z.string(), deletes: z.array(z.string()) }).nullable(),
  /** After a manual backup made now (立即备份). */
  afterManual: z.object({ deletes: z.array(z.string()) }),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

const backupJobId = z.strictObject({ jobId: z.string().regex(/^[0-9a-f]{32}$/, '任务编号格式不正确') });
const recoveryPassphrase = z.string().min(1).max(1024);

export const backupChannels = {
  // Backup and restore (issue 4). Admin only, except the first-run restore (public while
  // the node is not set up: the same moment setup.initialize is public).
  'backup.status': channel(['admin'], empty, backupStatusSchema),
  'backup.getSettings': channel(['admin'], empty, backupSettingsSchema),
  'backup.setSettings': channel(['admin'], backupSettingsSchema, backupSettingsSchema),
  'backup.list': channel(['admin'], empty, z.object({ folder: z.string(), problem: z.string().nullable(), files: z.array(backupInfoSchema), retention: retentionPreviewSchema.nullable() })),
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
