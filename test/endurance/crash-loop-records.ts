// What the crash loop registers and imports: record i is the bench generator's record i
// (valid as it is), so a CSV row and an API call for the same i carry the same ID number —
// the key the loop checks for "exactly once". Also the child's configuration and its steps,
// shared by the test and the child without loading the child.
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { BENCH_RESOURCE, idNumberAt, recordAt } from '../../bench/generate-records';

export { BENCH_RESOURCE };

export interface ChildConfig {
  dataDir: string;
  keyFile: string;
  watchFolder: string;
  /** The first record index this run may use; it uses fewer than `span`. */
  first: number;
  span: number;
  seed: number;
}

export const PHASES = ['register', 'import', 'watch', 'sync', 'backup', 'dr-upload', 'restore'] as const;
export type Phase = (typeof PHASES)[number];

export const idOf = (i: number): string => idNumberAt(i);
export const crashLoopRecord = (i: number): Record<string, string> => recordAt(i);

const ITEMS = sampleCatalog.resources.find((r) => r.code === BENCH_RESOURCE)!.items;

/** A CSV as an office exports it: the catalog's item names as headers, codes by value, CRLF. */
export function crashLoopCsv(indices: readonly number[]): string {
  const lines = [ITEMS.map((item) => item.name).join(',')];
  for (const i of indices) {
    const record = recordAt(i) as Record<string, string>;
    lines.push(ITEMS.map((item) => record[item.code] ?? '').join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
