// Times as the township offices read them: China Standard Time (北京时间, UTC+8, no daylight
// saving), whatever the time zone of the machine, the CI runner or the remote shell. The core
// stores and sends ISO UTC; everything a person reads (CLI lines, file names) goes through
// here. Done by hand instead of Intl so the text is identical under Node, Electron and any
// locale. Pure: the renderer, the core and the CLI may all import it.

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The parts of `at` on a wall clock in China; null for a time that does not parse. */
function chinaParts(at: Date | string): { y: string; mo: string; d: string; h: string; mi: string; s: string } | null {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return { y: iso.slice(0, 4), mo: iso.slice(5, 7), d: iso.slice(8, 10), h: iso.slice(11, 13), mi: iso.slice(14, 16), s: iso.slice(17, 19) };
}

/**
 * `2026-11-26 10:15:00` (or `2026-11-26 10:15` with `seconds: false`) in China time. A text
 * that is not a time is returned unchanged, so a bad value is seen rather than hidden.
 */
export function chinaDateTime(at: Date | string, { seconds = true } = {}): string {
  const p = chinaParts(at);
  if (!p) return String(at);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}${seconds ? `:${p.s}` : ''}`;
}

/** `2026-11-26`: the day in China. */
export function chinaDate(at: Date | string): string {
  const p = chinaParts(at);
  return p ? `${p.y}-${p.mo}-${p.d}` : String(at);
}

/** `20261126-101500`: China time for file and folder names (sortable, ASCII for any USB drive). */
export function chinaStamp(at: Date): string {
  const p = chinaParts(at)!;
  return `${p.y}${p.mo}${p.d}-${p.h}${p.mi}${p.s}`;
}
