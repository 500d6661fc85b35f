// The resource catalog's one definition, following the 2017 catalog guide
// (政务信息资源目录编制指南). The API contract parses the catalog with these schemas and
// types.ts infers the catalog's TypeScript types from them, so a property added here
// reaches the form, the core and the exchange alike instead of vanishing in one of two
// copies. Pure (zod only): imported by the core, the API contract and the renderer's forms.
import { z } from 'zod';

/** 共享类型: 无条件共享 / 有条件共享 / 不予共享 (the negative list never leaves the node). */
export const SHARING_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const sharingTypeSchema = z.enum(SHARING_TYPES);

/** 更新周期 of a resource, used to flag overdue resources on the dashboard. */
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;
export const updateCycleSchema = z.enum(UPDATE_CYCLES);

/**
 * The kind of value an item holds. Each kind has one validator in validators.ts that the
 * form and the core both call, so the clerk sees exactly the error the core would give.
 */
export const ITEM_TYPES = [
  'text',
  'idNumber', // 公民身份号码, GB 11643
  'creditCode', // 统一社会信用代码, GB 32100
  'divisionCode', // 行政区划代码, GB/T 2260 (6 digits) or statistical code (12 digits)
  'date', // YYYY-MM-DD
  'integer',
  'decimal',
  'code', // one value from the item's code table (a dropdown)
  'phone',
] as const;
export const itemTypeSchema = z.enum(ITEM_TYPES);

/** Which form of 行政区划代码 a divisionCode item accepts. */
export const DIVISION_CODE_LENGTHS = ['6', '12', 'either'] as const;
export const divisionCodeLengthSchema = z.enum(DIVISION_CODE_LENGTHS);

export const codeTableEntrySchema = z.object({ code: z.string(), label: z.string() });

// Keys in this order: a parse returns them so, and the node stores the parsed catalog.
export const catalogItemSchema = z.object({
  /** Item code, stable across catalog versions; used as the field key in records. */
  code: z.string(),
  /** 信息项名称 shown to clerks and used as a column header in imports. */
  name: z.string(),
  type: itemTypeSchema,
  required: z.boolean(),
  /** Maximum length in characters for text-like items. */
  maxLength: z.number().optional(),
  /** Inclusive bounds for integer and decimal items. */
  min: z.number().optional(),
  max: z.number().optional(),
  /** Decimal places allowed for decimal items. */
  scale: z.number().optional(),
  /** Allowed values for `code` items. */
  codeTable: z.array(codeTableEntrySchema).optional(),
  /** Free-text format hint shown under the field (格式说明). */
  format: z.string().optional(),
  /** True for the item that identifies a person or entity (used for lookup and de-duplication). */
  key: z.boolean().optional(),
  /** True when the value is personal data that must be masked for roles that do not need it. */
  personal: z.boolean().optional(),
  /**
   * For divisionCode items: '6' for a GB/T 2260 code (county level and above), '12' for a
   * statistical code down to township/village, 'either' (the default) when both are fine.
   */
  divisionCodeLength: divisionCodeLengthSchema.optional(),
});

export const catalogResourceSchema = z.object({
  /** 资源代码 */
  code: z.string(),
  /** 资源名称 */
  name: z.string(),
  /** 资源提供方 */
  provider: z.string(),
  /** 资源摘要 */
  summary: z.string(),
  sharingType: sharingTypeSchema,
  updateCycle: updateCycleSchema,
  items: z.array(catalogItemSchema),
});

export const catalogSchema = z.object({ version: z.string(), resources: z.array(catalogResourceSchema) });

/** One item that failed validation: validate-record.ts gives these, the API error carries them. */
export const fieldErrorSchema = z.object({
  /** The item's code. */
  item: z.string(),
  /** Chinese, precise: what is wrong and what is expected. */
  message: z.string(),
});
