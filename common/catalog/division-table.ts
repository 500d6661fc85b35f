// Reading the division table the exchange publishes with the catalog (schema.ts,
// `divisions`): which rows are villages, the villages of an area, and names for codes.
// The table may be absent (older catalogs) or cover only some townships; every function
// here answers for what the table holds and never invents a row.
import type { DivisionEntry } from './types';

export type DivisionTable = readonly DivisionEntry[] | undefined;

// Where each level of a division code ends: province 2, prefecture 4, county 6,
// township 9, village/community 12. A level of all zeros means "not that deep".
const LEVEL_START: Readonly<Record<number, number>> = { 4: 2, 6: 4, 9: 6, 12: 9 };

/**
 * The significant part of a division code: trailing levels of zeros dropped. 460000 → 46
 * (the province), 469030 → 469030, 469030101000 → 469030101 (the township). Two codes lie
 * one inside the other exactly when one's area prefix starts with the other's.
 */
export function areaPrefix(code: string): string {
  let end = code.length;
  while (LEVEL_START[end] !== undefined && /^0+$/.test(code.slice(LEVEL_START[end], end))) end = LEVEL_START[end]!;
  return code.slice(0, end);
}

/** True for the code of a village or community (a 12-digit code whose last three digits are not 000). */
export function isVillageCode(code: string): boolean {
  return code.length === 12 && code.slice(9) !== '000' && code.slice(6, 9) !== '000';
}

/** The row of the table with exactly this 12-digit code. */
export function findDivision(table: DivisionTable, code: string): DivisionEntry | undefined {
  return table?.find((e) => e.code === code);
}

/** Villages and communities of the table inside the area of `code` (any level), in code order. */
export function villagesIn(table: DivisionTable, code: string): DivisionEntry[] {
  const area = areaPrefix(code);
  return (table ?? []).filter((e) => isVillageCode(e.code) && e.code.startsWith(area)).sort((a, b) => a.code.localeCompare(b.code));
}

/** The 12-digit code of the township a village code belongs to (469030101206 → 469030101000). */
export function townshipOf(code: string): string {
  return `${code.slice(0, 9)}000`;
}

/**
 * The name of an area as the table knows it, from the county down (琼中黎族苗族自治县湾岭镇),
 * or undefined when the table names none of its levels. `code` is 6 or 12 digits.
 */
export function divisionFullName(table: DivisionTable, code: string): string | undefined {
  const full = code.padEnd(12, '0');
  const levels = [`${full.slice(0, 6)}000000`, `${full.slice(0, 9)}000`, full];
  const names = [...new Set(levels)]
    .map((c) => findDivision(table, c)?.name)
    .filter((n): n is string => n !== undefined);
  return names.length > 0 ? names.join('') : undefined;
}
