// Registering records against the catalog: the catalog itself, records and their history.
import { z } from 'zod';
import { catalogSchema } from '../catalog/schema';
import { channel, empty, nonEmpty, page, pageSize } from './channel';

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

/** More items than any resource has; a bound so a flood of unknown keys is one short refusal. */
export const MAX_RECORD_ITEMS = 200;
// Keys are item codes (the sample catalog's longest is 21 characters): bounded, so a
// hostile key cannot be megabytes long.
const recordFields = z
  .record(z.string().min(1).max(64), z.string().max(4000))
  .refine((fields) => Object.keys(fields).length <= MAX_RECORD_ITEMS, `信息项不能超过 ${MAX_RECORD_ITEMS} 个`);
const recordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, '记录编号格式不正确');

/** A row's place in the list's order (newest first): its update time, then its id. */
export const listEdgeSchema = z.strictObject({ updatedAt: z.iso.datetime().max(40), id: recordId });
export type ListEdge = z.infer<typeof listEdgeSchema>;

/**
 * Keyset paging, the same cost on the first page and the last: the newest page, the oldest
 * page, or the page just older (next) or just newer (previous) than a shown row. Rows added
 * or changed meanwhile move to the front; no row is skipped or shown twice for that.
 */
export const listCursorSchema = z.discriminatedUnion('to', [
  z.strictObject({ to: z.literal('first') }),
  z.strictObject({ to: z.literal('last') }),
  z.strictObject({ to: z.literal('older'), after: listEdgeSchema }),
  z.strictObject({ to: z.literal('newer'), before: listEdgeSchema }),
]);
export type ListCursor = z.infer<typeof listCursorSchema>;

export const recordsChannels = {
  'catalog.get': channel('session', empty, catalogSchema),
  'records.create': channel(
    ['clerk'],
    z.strictObject({ resourceCode: nonEmpty(64), fields: recordFields }),
    recordViewSchema,
  ),
  'records.list': channel(
    ['clerk'],
    z
      .strictObject({
        resourceCode: z.string().max(64).optional(),
        status: recordStatusSchema.optional(),
        /** Page number, read by OFFSET: fine for the first pages; deep pages go by `cursor`. */
        page,
        pageSize,
        cursor: listCursorSchema.optional(),
      })
      .refine((input) => input.cursor === undefined || input.page === 1, { message: '按位置翻页时不能同时给出页码', path: ['page'] }),
    z.object({
      items: z.array(recordSummarySchema),
      total: z.number().int(),
      /** Whether rows newer than the page's first / older than its last exist (the neighbours a cursor reaches). */
      hasNewer: z.boolean(),
      hasOlder: z.boolean(),
    }),
  ),
  'records.findByKey': channel(
    ['clerk'],
    z.strictObject({ key: nonEmpty(64), resourceCode: z.string().max(64).optional() }),
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
} as const;
