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

/**
 * Where the value of a divisionCode item may lie. 'node' (the default, so a catalog that
 * says nothing gets the safe rule): inside the node's own division, or an area that
 * contains it. 'any': anywhere, for items that by nature name a place elsewhere — the
 * 现居住地 of a resident who works away from home. The catalog decides this per item, not
 * the clerk per record, so every node and every import applies the same rule.
 */
export const DIVISION_SCOPES = ['node', 'any'] as const;
export const divisionScopeSchema = z.enum(DIVISION_SCOPES);

export const codeTableEntrySchema = z.object({ code: z.string(), label: z.string() });

/**
 * One row of the division table the exchange publishes with the catalog (统计用区划代码):
 * a county (469030000000), a township (469030101000) or a village or community
 * (469030101206). The level follows from the code, so the row needs no more than this.
 */
export const divisionEntrySchema = z.object({
  /** 12 digits: GB/T 2260 county code + 3-digit township + 3-digit village/community. */
  code: z.string().regex(/^\d{12}$/, '区划代码应为12位数字'),
  /** 名称 as published: 琼中黎族苗族自治县, 湾岭镇, 鸭坡村委会. */
  name: z.string().min(1),
});

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
  /** For divisionCode items: whether the value must lie in the node's division ('node', the default). */
  divisionScope: divisionScopeSchema.optional(),
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

export const catalogSchema = z.object({
  version: z.string(),
  resources: z.array(catalogResourceSchema),
  /**
   * The division table, when the exchange publishes one (older catalogs have none): the
   * villages and communities a clerk picks from, and against which a village code is
   * checked. A township's villages are published all together or not at all, so a
   * township with at least one village here has exactly those villages.
   */
  divisions: z.array(divisionEntrySchema).optional(),
});

/** One item that failed validation: validate-record.ts gives these, the API error carries them. */
export const fieldErrorSchema = z.object({
  /** The item's code. */
  item: z.string(),
  /** Chinese, precise: what is wrong and what is expected. */
  message: z.string(),
});
