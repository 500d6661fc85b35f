// Reading and checking the append-only, hash-chained audit log (auditors only).
import { z } from 'zod';
import { channel, empty, page, pageSize } from './channel';

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

export const auditChannels = {
  'audit.list': channel(
    ['auditor'],
    z.strictObject({ page, pageSize }),
    z.object({ items: z.array(auditEntryViewSchema), total: z.number().int() }),
  ),
  'audit.verify': channel(['auditor'], empty, auditVerificationSchema),
} as const;
