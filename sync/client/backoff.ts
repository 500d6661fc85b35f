// Retry timing after a network failure, a 5xx or a 429: exponential backoff with full jitter
// and a cap (AWS's "full jitter"), with the base as a floor so a retry is never immediate.
// Township links fail for minutes or hours at a time; a retry storm from every node when the
// province comes back is what the jitter prevents.

export interface BackoffOptions {
  /** First retry after about this long (default 5 s). */
  baseMs: number;
  /** Never wait longer than this between attempts, Retry-After aside (default 10 min). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, capMs: 10 * 60_000 };

/** A Retry-After longer than this is not believed (a misconfigured proxy must not park a node for a week). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Delay before attempt number `failures + 1`, after `failures` (≥ 1) failures in a row:
 * uniform in [base, min(cap, base · 2^(failures−1))].
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const floor = Math.min(options.baseMs, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/** The wait after a failure: the jittered backoff, or longer when the server asked for it. */
export function retryDelay(failures: number, options: BackoffOptions, retryAfterMs: number | null, random: () => number = Math.random): number {
  const jittered = backoffDelay(failures, options, random);
  return retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
}
