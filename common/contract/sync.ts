// The node's certificate and its link to the provincial exchange (issue 3).
import { z } from 'zod';
import { channel, empty, nonEmpty, ok, page, pageSize } from './channel';

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

/**
 * The link to the exchange. not-configured: no address; not-contacted: an address, but no
 * run has reached it yet (just set, or the CLI has not run `sync now`); online: last contact
 * worked; offline: network/5xx, retrying; certificate: stopped until fixed; paused.
 */
export const syncLinkSchema = z.enum(['not-configured', 'not-contacted', 'online', 'offline', 'certificate', 'paused']);
export type SyncLink = z.infer<typeof syncLinkSchema>;

/** How long the queue (and the audit proof after it) still needs at the rate the exchange acknowledged lately (main/sync/eta.ts). */
export const syncEtaSchema = z.object({
  /** Records still to send (the queue depth the estimate is for). */
  remaining: z.number().int(),
  /** The records' time at the recent rate, plus the audit proof's share. */
  secondsLeft: z.number().int(),
  recordsPerMinute: z.number(),
  /** Of secondsLeft, the heartbeats still needed to prove the audit entries to the exchange (0: the next one carries them). */
  auditSecondsLeft: z.number().int(),
  /** Chinese, for the sync page and the CLI: 预计还需约 N 分钟 (with the proof's share when a minute or more). */
  message: z.string(),
});
export type SyncEta = z.infer<typeof syncEtaSchema>;

/** The node's clock against the exchange's (main/sync/clock-watch.ts). */
export const clockSkewSchema = z.object({
  /** Local minus exchange, in seconds: positive when the node's clock is ahead. */
  offsetSeconds: z.number().int(),
  /** The node's own time when it was measured. */
  measuredAt: z.string(),
  /** Chinese: 本机时钟与交换平台相差约 1 天… when beyond 5 minutes; null when the clocks agree. */
  message: z.string().nullable(),
});
export type ClockSkew = z.infer<typeof clockSkewSchema>;

export const syncStatusSchema = z.object({
  link: syncLinkSchema,
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
  /** While records wait and the exchange has acknowledged some lately, or the audit proof needs more than one heartbeat; null otherwise. */
  eta: syncEtaSchema.nullable(),
  /** Audit entries the exchange has not yet been given the proof of (since the head it accepted). */
  auditToProve: z.number().int(),
  /** The node's clock against the exchange's, from its last answer; null before any answer. */
  clockSkew: clockSkewSchema.nullable(),
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

export const syncChannels = {
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
} as const;
