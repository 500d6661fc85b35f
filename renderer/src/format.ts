// Display helpers shared by the tables and the detail drawer.
import dayjs from 'dayjs';

/** The core sends ISO timestamps; clerks read local wall-clock time to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}
