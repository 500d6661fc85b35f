import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, parseRetryAfter, retryDelay, DEFAULT_BACKOFF, MAX_RETRY_AFTER_MS } from './backoff';

test('the first retry waits the base; later ones grow exponentially up to the cap, jittered within [base, ceiling]', () => {
  const o = { baseMs: 5_000, capMs: 600_000 };
  assert.equal(backoffDelay(1, o, () => 0.99), 5_000);
  assert.equal(backoffDelay(2, o, () => 0), 5_000);
  assert.equal(backoffDelay(2, o, () => 1), 10_000);
  assert.equal(backoffDelay(5, o, () => 1), 80_000);
  assert.equal(backoffDelay(30, o, () => 1), 600_000);
  assert.equal(backoffDelay(1000, o, () => 1), 600_000, 'no overflow after very many failures');
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(7, o);
    assert.ok(d >= 5_000 && d <= 320_000, String(d));
  }
  assert.deepEqual(DEFAULT_BACKOFF, { baseMs: 5_000, capMs: 600_000 });
});

test('Retry-After is honoured as seconds or an HTTP date, and bounded', () => {
  const now = new Date('2026-11-26T08:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7_000);
  assert.equal(parseRetryAfter('Thu, 26 Nov 2026 08:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Thu, 26 Nov 2026 07:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('999999', now), MAX_RETRY_AFTER_MS);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(undefined, now), null);
  assert.equal(retryDelay(1, { baseMs: 100, capMs: 1000 }, 30_000, () => 0.5), 30_000, 'the server asked for longer than our backoff');
  assert.equal(retryDelay(1, { baseMs: 100, capMs: 1000 }, 10, () => 0.5), 100, 'but never shorter than our own backoff');
});
