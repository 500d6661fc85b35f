// Upload bandwidth cap: a Transform that lets bytes through at a token-bucket rate, so a
// township link shared with video calls and the office's web browsing is not saturated by
// a catch-up sync. It also counts bytes for progress.
import { Transform, type TransformCallback } from 'node:stream';

export class ThrottleStream extends Transform {
  private tokens: number;
  private last = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private readonly capacity: number;

  /** bytesPerSecond ≤ 0: no cap (bytes are only counted). */
  constructor(
    private readonly bytesPerSecond: number,
    private readonly onBytes: (n: number) => void = () => {},
  ) {
    super();
    // A quarter of a second's worth: smooth, yet few timers.
    this.capacity = Math.max(1024, Math.floor(bytesPerSecond / 4));
    this.tokens = this.capacity;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.bytesPerSecond <= 0) {
      this.onBytes(chunk.length);
      done(null, chunk);
      return;
    }
    this.pass(chunk, 0, done);
  }

  private pass(chunk: Buffer, offset: number, done: TransformCallback): void {
    if (this.destroyed) return;
    this.refill();
    while (offset < chunk.length && this.tokens >= 1) {
      const n = Math.min(chunk.length - offset, Math.floor(this.tokens));
      this.push(chunk.subarray(offset, offset + n));
      this.tokens -= n;
      offset += n;
      this.onBytes(n);
    }
    if (offset >= chunk.length) {
      done();
      return;
    }
    const wait = Math.max(5, Math.ceil(((Math.min(this.capacity, chunk.length - offset) - this.tokens) / this.bytesPerSecond) * 1000));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass(chunk, offset, done);
    }, wait);
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    done(error);
  }
}
