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
