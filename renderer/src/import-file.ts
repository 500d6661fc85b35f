// Helpers for 数据导入 that need no React: which files the screen accepts, and the error
// report as a CSV that Excel opens (UTF-8 with BOM).
import type { ImportRowError } from '../../common/contract';

/** The extensions the core reads (the contract's intakeFormatSchema), for the file chooser. */
export const INTAKE_EXTENSIONS = ['.csv', '.xlsx', '.xls', '.et', '.json', '.jsonl'] as const;

export function hasIntakeExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return INTAKE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** One CSV cell: quoted when needed, and never read by Excel as a formula. */
function cell(value: string): string {
  // A leading = + - @ (or tab/CR) makes Excel evaluate the cell; a leading apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface ReportCsvLabels {
  row: string;
  column: string;
  value: string;
  reason: string;
  wholeRow: string;
  /** The closing line when the report did not list every error. */
  notListed: string | null;
}

/**
 * The report's error rows as CSV: header, one line per error, CRLF line ends and a BOM so
 * Excel on Chinese Windows opens it as UTF-8 instead of guessing GBK. Values arrive masked
 * from the core; nothing is unmasked here.
 */
export function reportCsv(errors: readonly ImportRowError[], labels: ReportCsvLabels): string {
  const lines = [[labels.row, labels.column, labels.value, labels.reason].map(cell).join(',')];
  for (const e of errors) lines.push([String(e.row), e.column ?? labels.wholeRow, e.value ?? '', e.reason].map(cell).join(','));
  if (labels.notListed) lines.push(['', '', '', labels.notListed].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The file name without its extension, for naming the downloaded report after it. */
export function baseName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
