// Shapes of the resource catalog, following the 2017 catalog guide (政务信息资源目录编制指南).
// Pure: imported by the core, the API contract and the renderer's forms alike.

/** 共享类型: 无条件共享 / 有条件共享 / 不予共享 (the negative list never leaves the node). */
export type SharingType = 'unconditional' | 'conditional' | 'none';

/** 更新周期 of a resource, used later to flag overdue resources on the dashboard. */
export type UpdateCycle = 'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'irregular';

/**
 * The kind of value an item holds. Each kind has one validator in validators.ts that the
 * form and the core both call, so the clerk sees exactly the error the core would give.
 */
export type ItemType =
  | 'text'
  | 'idNumber' // 公民身份号码, GB 11643
  | 'creditCode' // 统一社会信用代码, GB 32100
  | 'divisionCode' // 行政区划代码, GB/T 2260 (6 digits) or statistical code (12 digits)
  | 'date' // YYYY-MM-DD
  | 'integer'
  | 'decimal'
  | 'code' // one value from the item's code table (a dropdown)
  | 'phone';

/** Which form of 行政区划代码 a divisionCode item accepts. */
export type DivisionCodeLength = '6' | '12' | 'either';

export interface CodeTableEntry {
  code: string;
  label: string;
}

export interface CatalogItem {
  /** Item code, stable across catalog versions; used as the field key in records. */
  code: string;
  /** 信息项名称 shown to clerks and used as a column header in imports. */
  name: string;
  type: ItemType;
  required: boolean;
  /** Maximum length in characters for text-like items. */
  maxLength?: number;
  /** Inclusive bounds for integer and decimal items. */
  min?: number;
  max?: number;
  /** Decimal places allowed for decimal items. */
  scale?: number;
  /**
   * For divisionCode items: '6' for a GB/T 2260 code (county level and above), '12' for a
   * statistical code down to township/village, 'either' (the default) when both are fine.
   */
  divisionCodeLength?: DivisionCodeLength;
  /** Allowed values for `code` items. */
  codeTable?: CodeTableEntry[];
  /** Free-text format hint shown under the field (格式说明). */
  format?: string;
  /** True for the item that identifies a person or entity (used for lookup and de-duplication). */
  key?: boolean;
  /** True when the value is personal data that must be masked for roles that do not need it. */
  personal?: boolean;
}

export interface CatalogResource {
  /** 资源代码 */
  code: string;
  /** 资源名称 */
  name: string;
  /** 资源提供方 */
  provider: string;
  /** 资源摘要 */
  summary: string;
  sharingType: SharingType;
  updateCycle: UpdateCycle;
  items: CatalogItem[];
}

export interface Catalog {
  version: string;
  resources: CatalogResource[];
}

/** The outcome of validating one record's fields against its resource. */
export interface FieldError {
  item: string; // item code
  message: string; // Chinese, precise: what is wrong and what is expected
}

export type NormalisedFields = Record<string, string>;

export type RecordValidation =
  | { ok: true; fields: NormalisedFields }
  | { ok: false; errors: FieldError[] };
