// Display helpers shared by the tables and the detail drawer.
import dayjs from 'dayjs';

/** The core sends ISO timestamps; clerks read local wall-clock time to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/** A code item shows its label, with the code for people who think in codes. */
export function displayValue(
  item: { code: string; codeTable?: { code: string; label: string }[] | undefined } | undefined,
  value: string | undefined,
): string {
  if (value === undefined || value === '') return '—';
  const entry = item?.codeTable?.find((e) => e.code === value);
  return entry ? `${entry.label}（${entry.code}）` : value;
}
