// A user-space link simulator on 127.0.0.1: a TCP proxy in front of the exchange that carries
// every byte unchanged, but as a thin township link would — at most `bitsPerSecond` each way
// (a shared token bucket per direction, over all connections, like one physical line), each
// chunk delivered `latencyMs` after it was sent (one way; a round trip costs twice that), and
// optionally a fraction of connections cut mid-stream. It sits below TLS, so it counts what a
// network carries: handshakes, certificates, TLS framing, HTTP headers and bodies.
//
// Used by the sync bench (bench/sync.bench.ts: the 2 Mbit/s line, and UNLIMITED as the
// counting proxy of the loopback runs) and the endurance drain (test/endurance):
// `bytesPerSecond` and the busy time let a caller say how much of the link's capacity a
// drain used.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { mulberry32 } from '../../sync/exchange/faults';

export interface ThrottleOptions {
  /** Link rate each way, in bits per second (2 Mbit/s = 2_000_000); Infinity: no limit. */
  bitsPerSecond: number;
  /** Added one-way delay per chunk, ms. */
  latencyMs: number;
  /** 0..1: fraction of connections cut once, at a random point in their upload (a dropped line). */
  dropRate?: number;
  /** For the drop decisions: the same seed cuts the same connections. */
  seed?: number;
  targetHost?: string;
}

/** No rate and no latency: every byte passes at once, and is only counted (loopback measurements). */
export const UNLIMITED: ThrottleOptions = { bitsPerSecond: Infinity, latencyMs: 0 };

export interface LinkCounts {
  /** Client → exchange bytes delivered. */
  up: number;
  /** Exchange → client bytes delivered. */
  down: number;
  connections: number;
  /** Connections the proxy cut on purpose. */
  dropped: number;
}

export interface ThrottleProxy {
  port: number;
  url: string;
  bytesPerSecond: number;
  counts(): LinkCounts;
  close(): Promise<void>;
}

/** One direction of the line: bytes leave in order, no faster than the rate, each after the delay. */
class Lane {
  /** When the line is next free to start sending (ms, performance.now clock). */
  private freeAt = 0;
  private readonly queue: { at: number; chunk: Buffer; to: Socket }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bytesPerMs: number,
    private readonly latencyMs: number,
    private readonly count: (n: number) => void,
  ) {}

  send(chunk: Buffer, to: Socket): void {
    // No rate and no delay: nothing to wait for, so no timer (it would only add a tick per chunk).
    if (this.bytesPerMs === Infinity && this.latencyMs === 0 && this.queue.length === 0) {
      if (to.destroyed) return;
      to.write(chunk);
      this.count(chunk.length);
      return;
    }
    const now = performance.now();
    // Serialisation: the chunk occupies the line for its length at the rate, after whatever is ahead of it.
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + chunk.length / this.bytesPerMs;
    this.queue.push({ at: this.freeAt + this.latencyMs, chunk, to });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = performance.now();
      while (this.queue.length > 0 && this.queue[0]!.at <= now + 1) {
        const { chunk, to } = this.queue.shift()!;
        if (to.destroyed) continue;
        to.write(chunk);
        this.count(chunk.length);
      }
      this.schedule();
    }, wait);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}

export async function startThrottleProxy(targetPort: number, options: ThrottleOptions): Promise<ThrottleProxy> {
  if (!(options.bitsPerSecond > 0)) throw new RangeError('bitsPerSecond must be positive (Infinity: no limit)');
  const bytesPerSecond = options.bitsPerSecond / 8;
  const totals: LinkCounts = { up: 0, down: 0, connections: 0, dropped: 0 };
  const random = mulberry32(options.seed ?? 0x5eed);
  const upLane = new Lane(bytesPerSecond / 1000, options.latencyMs, (n) => (totals.up += n));
  const downLane = new Lane(bytesPerSecond / 1000, options.latencyMs, (n) => (totals.down += n));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    totals.connections += 1;
    const upstream = connect(targetPort, options.targetHost ?? '127.0.0.1');
    open.add(client);
    open.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // A dropped line: cut after a random amount of upload (up to 64 KiB), once.
    let cutAfter = random() < (options.dropRate ?? 0) ? Math.floor(random() * 64 * 1024) : Infinity;
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      cutAfter -= chunk.length;
      if (cutAfter < 0) {
        totals.dropped += 1;
        end();
        return;
      }
      upLane.send(chunk, upstream);
    });
    upstream.on('data', (chunk: Buffer) => downLane.send(chunk, client));
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    bytesPerSecond,
    counts: () => ({ ...totals }),
    async close() {
      upLane.close();
      downLane.close();
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
