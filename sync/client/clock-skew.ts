// How far the node's clock is from the exchange's, and how to say so. Every answer of the
// exchange carries its clock in the HTTP Date header (whole seconds); the node compares it
// with its own at the moment the answer arrives. A township PC whose CMOS battery died or
// whose clock was set by hand can be a day or years off, and then certificates look "not
// yet valid" or "expired", receipts look as if they came from the future and the dashboard
// counts ages wrongly — so past a few minutes the difference is named to the operator, in
// Chinese, as the cause.

/** Beyond this the difference is shown (HTTP dates are whole seconds; networks add a little). */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch of an HTTP Date header (RFC 9110 IMF-fixdate), or null. */
export function parseHttpDate(value: string | undefined): number | null {
  if (!value || !/GMT$/.test(value.trim())) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

/** local minus exchange, in milliseconds: positive when the node's clock is ahead. */
export function clockOffsetMs(localAt: Date, exchangeAt: number): number {
  return localAt.getTime() - exchangeAt;
}

/** "约 1 天" / "约 3 小时" / "约 12 分钟": the size of a difference, as an office would say it. */
export function roughDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY - HOUR) return `约 ${Math.round(abs / DAY)} 天`;
  if (abs >= HOUR - 5 * MINUTE) return `约 ${Math.round(abs / HOUR)} 小时`;
  return `约 ${Math.max(1, Math.round(abs / MINUTE))} 分钟`;
}

/** The warning for an offset beyond CLOCK_SKEW_WARN_MS; null when the clocks agree well enough. */
export function describeClockSkew(offsetMs: number): string | null {
  if (Math.abs(offsetMs) <= CLOCK_SKEW_WARN_MS) return null;
  const way = offsetMs > 0 ? '本机时间偏快' : '本机时间偏慢';
  return `本机时钟与交换平台相差${roughDuration(offsetMs)}（${way}），请校正本机的日期和时间；证书有效期、回执时间、备份计划和各项“多久以前”都按本机时钟计算`;
}

/**
 * A certificate check that failed on dates only, explained by the clock: when the same
 * certificate is valid at the exchange's time, the local clock is what is wrong.
 */
export function certificateClockProblem(what: string, offsetMs: number, validAtExchangeTime: boolean, notYetValid: boolean): string | null {
  if (Math.abs(offsetMs) <= CLOCK_SKEW_WARN_MS || !validAtExchangeTime) return null;
  const looks = notYetValid ? '尚未生效' : '已过期';
  return `本机时钟与交换平台相差${roughDuration(offsetMs)}（${offsetMs > 0 ? '本机时间偏快' : '本机时间偏慢'}）：按本机时间${what}${looks}，按交换平台的时间则在有效期内。请校正本机的日期和时间后再同步，无需更换证书`;
}
