// Validates a whole record against its resource. All field errors are reported at once:
// a clerk fixing an import row should not have to resubmit once per mistake.
// Input is treated as untrusted (it may come over IPC or from a file), hence `unknown`.
import type { DivisionContext } from './node-division';
import type { CatalogResource, FieldError, NormalisedFields, RecordValidation } from './types';
import { validateValue } from './validators';

function describeType(v: unknown): string {
  if (v === null) return '空值（null）';
  if (Array.isArray(v)) return '列表';
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return '数字';
    case 'boolean':
      return '是/否值';
    case 'object':
      return '对象';
    default:
      return typeof v;
  }
}

/** Each resource's item codes, made once: a sync batch or an import checks thousands of records of one resource. */
const itemCodesOf = new WeakMap<CatalogResource, ReadonlySet<string>>();

function itemCodes(resource: CatalogResource): ReadonlySet<string> {
  let codes = itemCodesOf.get(resource);
  if (!codes) itemCodesOf.set(resource, (codes = new Set(resource.items.map((i) => i.code))));
  return codes;
}

/**
 * Checks every item of `resource` (missing keys count as blank), rejects field codes the
 * resource does not have and values that are not strings. On success the fields are the
 * normalised values for every item of the resource, '' for blank optional ones.
 * `context`, the node the record is written on, adds the division check (validators.ts);
 * every place that writes a record passes it.
 */
export function validateRecord(resource: CatalogResource, fields: Record<string, unknown>, context?: DivisionContext): RecordValidation {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { ok: false, errors: [{ item: '', message: `记录内容格式不对，应为“信息项代码 → 值”的对照，实为${describeType(fields)}` }] };
  }
  const errors: FieldError[] = [];
  const normalised: NormalisedFields = {};

  for (const item of resource.items) {
    const raw = Object.hasOwn(fields, item.code) ? fields[item.code] : undefined;
    if (raw !== undefined && typeof raw !== 'string') {
      errors.push({ item: item.code, message: `「${item.name}」的值应为文字，实为${describeType(raw)}` });
      continue;
    }
    const result = validateValue(item, raw, context);
    if (result.ok) normalised[item.code] = result.value;
    else errors.push({ item: item.code, message: result.message });
  }

  const known = itemCodes(resource);
  for (const code of Object.keys(fields)) {
    if (!known.has(code)) {
      errors.push({ item: code, message: `「${resource.name}」中没有信息项「${code}」，请核对列名或信息项代码` });
    }
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, fields: normalised };
}
