// A division code checked against the node that registers it. A township node records
// its own villages: a code outside its division is nearly always a slip (a neighbour's
// code, a template from another county, a digit dropped), and stored it would file the
// household under the wrong government. So such a code is REFUSED, not confirmed:
//   - a confirmation would be one more click clerks learn to give without reading, and a
//     file import has no one to ask per row, so the form and the import would differ;
//   - the few items that legitimately name a place elsewhere (现居住地 of a resident
//     working away) are marked in the catalog (divisionScope 'any') and are not checked,
//     so nothing the exchange expects to receive is refused.
// Inside the node's division, a village code must be one the exchange has published when
// its table lists that township's villages ("不是已公布的村（社区）代码" otherwise); a
// township the table does not cover is checked for nesting only, as before.
import { areaPrefix, divisionFullName, findDivision, isVillageCode, townshipOf, villagesIn, type DivisionTable } from './division-table';
import { validateDivisionCode } from './division-code';
import type { ValueResult } from './result';
import type { DivisionCodeLength } from './types';

/** What a record is checked against besides its catalog items: the node it is written on. */
export interface DivisionContext {
  /** The node's own 行政区划代码 as set up: 6 digits (county) or 12 (township, village). */
  nodeDivision: string;
  /** The division table of the catalog in force, when it has one. */
  divisions?: DivisionTable;
}

/** The node's division as people read it: 琼中黎族苗族自治县 469030 (just the code when the table names nothing). */
export function nodeDivisionLabel(context: DivisionContext): string {
  const name = divisionFullName(context.divisions, context.nodeDivision);
  return name ? `${name} ${context.nodeDivision}` : context.nodeDivision;
}

/**
 * Checks a structurally valid, normalised division code against the node. A code naming
 * an area that contains the node (its county, its province) is accepted: it is coarser,
 * not foreign. A node whose own code is not valid (never after setup) checks nothing.
 */
export function checkNodeDivision(value: string, context: DivisionContext): ValueResult {
  if (!validateDivisionCode(context.nodeDivision).ok) return { ok: true, value };
  const own = areaPrefix(context.nodeDivision);
  const area = areaPrefix(value);
  if (!area.startsWith(own) && !own.startsWith(area)) {
    return { ok: false, message: `行政区划代码 ${value} 不属于本节点所辖区域（${nodeDivisionLabel(context)}）` };
  }
  if (isVillageCode(value)) {
    const township = townshipOf(value);
    const published = publishedVillages(context.divisions, township);
    if (published.size > 0 && !published.has(value)) {
      const name = findDivision(context.divisions, township)?.name ?? township;
      return { ok: false, message: `行政区划代码 ${value} 不是已公布的村（社区）代码（${name}已公布 ${published.size} 个村（社区），以交换平台的区划表为准）` };
    }
  }
  return { ok: true, value };
}

/**
 * The published village codes of a township, worked out once per division table: an import
 * checks every row's village against them, which otherwise filters and sorts the whole
 * table (localeCompare) once per row.
 */
const villagesByTable = new WeakMap<readonly unknown[], Map<string, ReadonlySet<string>>>();
function publishedVillages(table: DivisionTable, township: string): ReadonlySet<string> {
  if (!table) return new Set();
  let byTownship = villagesByTable.get(table);
  if (!byTownship) villagesByTable.set(table, (byTownship = new Map()));
  let codes = byTownship.get(township);
  if (!codes) byTownship.set(township, (codes = new Set(villagesIn(table, township).map((e) => e.code))));
  return codes;
}

/**
 * A code of the node's own county to show as the example under a division-code field, in
 * the form the item asks for: the county code, or for 12 digits the first published
 * village of the node's division (else the node's own 12-digit code). Undefined when no
 * real code of that form is known — better no example than an invented one.
 */
export function divisionExample(length: DivisionCodeLength, context: DivisionContext): string | undefined {
  const node = context.nodeDivision;
  if (!validateDivisionCode(node).ok) return undefined;
  if (length !== '12') return node.slice(0, 6);
  const village = villagesIn(context.divisions, node)[0];
  if (village) return village.code;
  return node.length === 12 ? node : undefined;
}
