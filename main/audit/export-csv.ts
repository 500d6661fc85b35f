// The audit log as CSV that Excel opens right on a Chinese Windows: UTF-8 with a byte order
// mark (without it Excel reads GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
// A cell that starts like a formula (= + - @) gets a leading apostrophe, so a name or file
// name written by someone else cannot run as a formula in the auditor's spreadsheet.
import type { AuditEntryView } from '../../common/contract';
import { chinaDateTime } from '../../common/text/china-time';
import { EXPORT_COLUMNS, TIME_HEADER } from './export-columns';

const BOM = '\uFEFF';

export function auditCsv(batches: Iterable<AuditEntryView[]>): { bytes: Buffer; rows: number } {
  const lines = [EXPORT_COLUMNS.map((c) => cell(c.header)).join(',')];
  let rows = 0;
  for (const batch of batches) {
    for (const entry of batch) {
      lines.push(EXPORT_COLUMNS.map((c) => cell(c.header === TIME_HEADER ? chinaDateTime(entry.at) : c.value(entry))).join(','));
      rows += 1;
    }
  }
  return { bytes: Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8'), rows };
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
