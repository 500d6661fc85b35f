/**
 * SQL for the offices' calendar day (China Standard Time, UTC+8, no daylight saving) of an
 * ISO time held in `column`. A value that is not a time (never written by the app) counts on
 * today rather than failing the write. Used by the counters of stats_daily (migrations 004
 * and 010, and the sync repo's set-based settlement).
 */
export const CST_DAY = (column: string): string => `coalesce(date(${column}, '+8 hours'), date('now', '+8 hours'))`;
