// A counting TCP proxy on 127.0.0.1 for the sync bench: the node talks to it as if it were
// the exchange, it forwards every byte both ways unchanged, and counts what passes. Because
// it sits below TLS it sees exactly what a network would carry: handshakes, certificates,
// TLS record framing, HTTP headers and the (gzip) bodies — the most honest "bytes on the
// wire" a loopback run can give.
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface WireCounts {
  /** Client → exchange (the node's uploads). */
  up: number;
  /** Exchange → client (receipts, catalog, CRL, handshakes). */
  down: number;
  /** TCP connections opened through the proxy. */
  connections: number;
}

export interface CountingProxy {
  port: number;
  url: string;
  /** A copy of the counters as they are now. */
  counts(): WireCounts;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<CountingProxy> {
  const totals: WireCounts = { up: 0, down: 0, connections: 0 };
  const open = new Set<Socket>();
  const server = createServer((client) => {
    totals.connections += 1;
    const upstream = connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => (totals.up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (totals.down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
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
    counts: () => ({ ...totals }),
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function diff(after: WireCounts, before: WireCounts): WireCounts {
  return { up: after.up - before.up, down: after.down - before.down, connections: after.connections - before.connections };
}
