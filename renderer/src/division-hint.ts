// The hint under a division-code field. Its example is always a code of the node's own
// county: an example written into the catalog's 格式说明 ("如 469027100201") is whatever
// county the catalog's author had in mind, and a clerk copies the example's shape — so it
// is taken out, and one from the node's division (or the division table) is put in.
import { areaPrefix } from '../../common/catalog/division-table';
import { divisionExample, type DivisionContext } from '../../common/catalog/node-division';
import type { Item } from './api';
import type { Translate } from './i18n';

const WRITTEN_EXAMPLE = /[，,；;]?\s*(如|例如|e\.g\.)\s*\d{6}(\d{6})?/g;

/** The parts of the hint: the catalog's format without its example code, then the node's example. */
export function divisionHintParts(item: Item, context: DivisionContext | undefined, t: Translate): string[] {
  const parts: string[] = [];
  const format = item.format?.replace(WRITTEN_EXAMPLE, '').trim();
  if (format) parts.push(format);
  if (!context) return parts;
  const code = divisionExample(item.divisionCodeLength ?? 'either', context);
  if (code) parts.push(t('form.divisionExample', { code }));
  else parts.push(t('form.divisionPrefix', { prefix: areaPrefix(context.nodeDivision) }));
  return parts;
}
