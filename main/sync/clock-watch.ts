// Keeps the latest reading of the exchange's clock against the node's (sync/client/clock-skew.ts)
// and says, in Chinese, when they differ by more than a few minutes. Readings come with every
// answer of the exchange; the stored one is rewritten only when it moved by more than
// REWRITE_MS or is older than REFRESH_MS, so a busy sync does not write a row per batch.
import type { ClockSkew } from '../../common/contract';
import { clockOffsetMs, describeClockSkew, parseHttpDate } from '../../sync/client/clock-skew';
import type { ExchangeClockReading, ExchangeClockRepo } from '../store/exchange-clock-repo';

const REWRITE_MS = 30_000;
const REFRESH_MS = 10 * 60_000;

export class ClockWatch {
  private reading: ExchangeClockReading | null;

  constructor(
    private readonly repo: ExchangeClockRepo | null,
    private readonly now: () => Date,
  ) {
    this.reading = repo?.read() ?? null;
  }

  /** An answer arrived with this Date header (absent or malformed: nothing learnt). */
  observe(httpDate: string | undefined): void {
    const exchangeAt = parseHttpDate(httpDate);
    if (exchangeAt === null) return;
    const localAt = this.now();
    const offsetMs = clockOffsetMs(localAt, exchangeAt);
    const last = this.reading;
    const moved = !last || Math.abs(last.offsetMs - offsetMs) > REWRITE_MS;
    const stale = !last || Math.abs(localAt.getTime() - Date.parse(last.measuredAt)) > REFRESH_MS;
    if (!moved && !stale) return;
    this.reading = { offsetMs, measuredAt: localAt.toISOString() };
    this.repo?.write(this.reading);
  }

  offsetMs(): number | null {
    return this.reading?.offsetMs ?? null;
  }

  /** What the sync page, `sync status` and the dashboard show; null before any answer. */
  current(): ClockSkew | null {
    const r = this.reading;
    if (!r) return null;
    return { offsetSeconds: Math.round(r.offsetMs / 1000), measuredAt: r.measuredAt, message: describeClockSkew(r.offsetMs) };
  }
}
