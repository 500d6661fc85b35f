// The last reading of the exchange's clock (main/sync/clock-watch.ts), kept in meta so that
// the status page, the dashboard and a CLI process that has not talked to the exchange yet
// all show the same warning. One small row, rewritten only when the reading changes.
import type { Db } from './database';
import { getMeta, setMeta } from './meta';

export interface ExchangeClockReading {
  /** Local minus exchange, in milliseconds: positive when the node's clock is ahead. */
  offsetMs: number;
  /** The node's own time when the answer arrived (ISO). */
  measuredAt: string;
}

const KEY = 'exchange_clock';

export class ExchangeClockRepo {
  constructor(private readonly db: Db) {}

  read(): ExchangeClockReading | null {
    const json = getMeta(this.db, KEY);
    if (!json) return null;
    try {
      const value = JSON.parse(json) as Partial<ExchangeClockReading>;
      return typeof value.offsetMs === 'number' && typeof value.measuredAt === 'string' ? { offsetMs: value.offsetMs, measuredAt: value.measuredAt } : null;
    } catch {
      return null;
    }
  }

  write(reading: ExchangeClockReading): void {
    setMeta(this.db, KEY, JSON.stringify(reading));
  }
}
