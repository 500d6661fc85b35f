// Types of the resource catalog, inferred from schema.ts so that they cannot drift from
// what the contract parses. The doc comments live on the schema's fields.
import type { z } from 'zod';
import type {
  catalogItemSchema,
  catalogResourceSchema,
  catalogSchema,
  codeTableEntrySchema,
  divisionCodeLengthSchema,
  divisionEntrySchema,
  divisionScopeSchema,
  fieldErrorSchema,
  itemTypeSchema,
  sharingTypeSchema,
  updateCycleSchema,
} from './schema';

/** 共享类型: 无条件共享 / 有条件共享 / 不予共享 (the negative list never leaves the node). */
export type SharingType = z.infer<typeof sharingTypeSchema>;

/** 更新周期 of a resource, used to flag overdue resources on the dashboard. */
export type UpdateCycle = z.infer<typeof updateCycleSchema>;

/** The kind of value an item holds; each kind has one validator in validators.ts. */
export type ItemType = z.infer<typeof itemTypeSchema>;

/** Which form of 行政区划代码 a divisionCode item accepts. */
export type DivisionCodeLength = z.infer<typeof divisionCodeLengthSchema>;

/** Whether a divisionCode item's value must lie in the node's own division. */
export type DivisionScope = z.infer<typeof divisionScopeSchema>;

/** One row of the catalog's division table (county, township, village or community). */
export type DivisionEntry = z.infer<typeof divisionEntrySchema>;

export type CodeTableEntry = z.infer<typeof codeTableEntrySchema>;
export type CatalogItem = z.infer<typeof catalogItemSchema>;
export type CatalogResource = z.infer<typeof catalogResourceSchema>;
export type Catalog = z.infer<typeof catalogSchema>;

/** The outcome of validating one record's fields against its resource. */
export type FieldError = z.infer<typeof fieldErrorSchema>;

export type NormalisedFields = Record<string, string>;

export type RecordValidation =
  | { ok: true; fields: NormalisedFields }
  | { ok: false; errors: FieldError[] };
