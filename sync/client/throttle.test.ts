import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ThrottleStream } from './throttle';

async function timeThrough(bytes: number, bytesPerSecond: number): Promise<{ ms: number; counted: number; received: number }> {
  let counted = 0;
  let received = 0;
  const started = Date.now();
  const throttle = new ThrottleStream(bytesPerSecond, (n) => (counted += n));
  await pipeline(Readable.from([Buffer.alloc(bytes, 1)]), throttle, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) received += chunk.length;
  });
  return { ms: Date.now() - started, counted, received };
}

test('the bandwidth cap holds the upload to its rate (after a quarter-second burst) and counts every byte', async () => {
  const capped = await timeThrough(48 * 1024, 32 * 1024);
  assert.equal(capped.received, 48 * 1024);
  assert.equal(capped.counted, 48 * 1024);
  // 48 KiB at 32 KiB/s with an 8 KiB burst: at least 1.25 s.
  assert.ok(capped.ms >= 1_150, `took ${capped.ms} ms`);
  assert.ok(capped.ms < 4_000, `took ${capped.ms} ms`);
});

test('no cap: bytes pass at once, still counted', async () => {
  const free = await timeThrough(1024 * 1024, 0);
  assert.equal(free.received, 1024 * 1024);
  assert.equal(free.counted, 1024 * 1024);
  assert.ok(free.ms < 500);
});
