// Reading, filtering, exporting and checking the append-only, hash-chained audit log (auditors
// only). Entries come as sentences the core writes in both languages ("李录入 更正了 贫困户信息
// 1 条"), so the screen, the CLI and the exported file say the same thing; the codes stay
// beside them for scripts, never for the page. Pages are keyed on the log's sequence number
// (`before`/`after`), not numbered, so a page costs the same at the millionth entry and
// entries appended meanwhile neither shift nor repeat what the auditor pages through.
import { z } from 'zod';
import { channel, empty, pageSize } from './channel';
import { auditActionSchema, auditKindSchema } from './audit-actions';

export * from './audit-actions';

const bilingual = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingual>;

export const auditEntryViewSchema = z.object({
  seq: z.number().int(),
  /** ISO UTC; shown in 北京时间. */
  at: z.string(),
  /** Who acted, for scripts: a username, or system / watch-folder / - for the node itself; '' for a failed login (the typed text is not shown). */
  actor: z.string(),
  actorName: bilingual,
  role: z.string(),
  roleName: bilingual,
  action: z.string(),
  actionName: bilingual,
  outcome: z.enum(['success', 'failure']),
  /** What was acted on, as an identifier (record number, file, account); '' when nothing or not to be shown. */
  target: z.string(),
  sentence: bilingual,
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  message: z.string(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** A calendar day in China (北京时间), `2026-11-26`. */
export const chinaDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写成 年-月-日，例如 2026-11-26')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效的日期');

/** The filters of the list and the export, shared so both always select the same entries. */
const filterShape = {
  /** Username (or display name) of the person who acted. */
  user: z.string().trim().min(1).max(100).optional(),
  kind: auditKindSchema.optional(),
  action: auditActionSchema.optional(),
  /** First and last day, inclusive, in China time. */
  from: chinaDaySchema.optional(),
  to: chinaDaySchema.optional(),
  outcome: z.enum(['success', 'failure']).optional(),
};
const daysInOrder = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || f.from <= f.to;
const DAYS_MESSAGE = { message: '开始日期不能晚于结束日期', path: ['to'] };

export const auditFilterSchema = z.strictObject(filterShape).refine(daysInOrder, DAYS_MESSAGE);
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditListInputSchema = z
  .strictObject({
    ...filterShape,
    /** Entries older than this sequence number (the next page), newest first. */
    before: z.number().int().min(1).optional(),
    /** Entries newer than this sequence number (the previous page); 0 for the oldest page. */
    after: z.number().int().min(0).optional(),
    pageSize,
    /** Count every matching entry too (once per filter: a count costs more than a page). */
    withTotal: z.boolean().default(false),
  })
  .refine(daysInOrder, DAYS_MESSAGE)
  .refine((i) => i.before === undefined || i.after === undefined, { message: 'before 与 after 不能同时给出', path: ['after'] });
export type AuditListInput = z.infer<typeof auditListInputSchema>;

export const auditPageSchema = z.object({
  /** Newest first. */
  items: z.array(auditEntryViewSchema),
  /** Every matching entry; null unless asked for. */
  total: z.number().int().nullable(),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const AUDIT_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const auditExportInputSchema = z
  .strictObject({ ...filterShape, format: z.enum(AUDIT_EXPORT_FORMATS).default('xlsx') })
  .refine(daysInOrder, DAYS_MESSAGE);

export const auditExportSchema = z.object({
  fileName: z.string(),
  format: z.enum(AUDIT_EXPORT_FORMATS),
  rows: z.number().int(),
  fileBase64: z.string(),
});

/** The people the log can be filtered by: every account, with its name. */
export const auditPersonSchema = z.object({ username: z.string(), displayName: z.string(), role: z.string() });

export const auditChannels = {
  'audit.list': channel(['auditor'], auditListInputSchema, auditPageSchema),
  'audit.people': channel(['auditor'], empty, z.array(auditPersonSchema)),
  'audit.export': channel(['auditor'], auditExportInputSchema, auditExportSchema),
  'audit.verify': channel(['auditor'], empty, auditVerificationSchema),
} as const;
