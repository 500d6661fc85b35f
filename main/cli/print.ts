// Plain output for people at a terminal; every listing command also has --json for scripts.
// Times are printed in China time (北京时间), as the UI shows them; ISO UTC only under --json.
import { chinaDateTime } from '../../common/text/china-time';

/** Appended to a column heading or a line that carries times. */
export const BEIJING = '（北京时间）';

/** A stored ISO time as the offices read it: `2026-11-26 10:15:00`; `none` when there is none. */
export function when(iso: string | null | undefined, none = '从未'): string {
  return iso ? chinaDateTime(iso) : none;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned columns; widths count CJK characters as two cells, as terminals draw them. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  for (const row of cells) {
    process.stdout.write(`${row.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join('  ').trimEnd()}\n`);
  }
}

/** Terminal cells: CJK characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}
