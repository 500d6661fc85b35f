// Where `records list` continues from: the list pages by the place of a shown row (its
// update time and record number), not by page number, so a deep page costs what the first
// does. The place is printed after each page as one word (`时间,记录编号`) to pass back with
// --after (the next, older page) or --before (the previous, newer page).
import type { ListCursor, ListEdge } from '../../common/contract';
import { listEdgeSchema } from '../../common/contract';
import { CliError } from './secrets';

export function formatPlace(edge: { updatedAt: string; id: string }): string {
  return `${edge.updatedAt},${edge.id}`;
}

export function parsePlace(value: string, option: string): ListEdge {
  const [updatedAt, id, ...rest] = value.split(',');
  const parsed = listEdgeSchema.safeParse({ updatedAt, id });
  if (rest.length > 0 || !parsed.success) throw new CliError(`${option} 的位置应为上一页末尾打印的「时间,记录编号」，收到「${value}」`);
  return parsed.data;
}

/** The cursor the options ask for; undefined for a page number. At most one may be given. */
export function cursorFrom(o: { after?: string | undefined; before?: string | undefined; last?: boolean | undefined; page?: number | undefined }): ListCursor | undefined {
  const given = [o.after !== undefined, o.before !== undefined, o.last === true, o.page !== undefined && o.page !== 1].filter(Boolean).length;
  if (given > 1) throw new CliError('--after、--before、--last 与 --page 只能选用一个');
  if (o.after !== undefined) return { to: 'older', after: parsePlace(o.after, '--after') };
  if (o.before !== undefined) return { to: 'newer', before: parsePlace(o.before, '--before') };
  if (o.last) return { to: 'last' };
  return undefined;
}
