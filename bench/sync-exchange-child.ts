// The sync bench's exchange in a process of its own (bench/sync-exchange-process.ts starts
// it): the reference exchange (sync/exchange/server.ts) with its own SQLite store, on
// 127.0.0.1, as a real province runs it on another machine. It answers the parent over the
// IPC channel: its address once started, and how many record versions a node delivered.
import { rmSync } from 'node:fs';
import { startExchange, type ExchangeHandle } from '../sync/exchange/server';
import { sampleCatalog } from '../common/catalog/sample-catalog';
import type { ExchangeChildRequest, ExchangeChildStart } from './sync-exchange-process';

let exchange: ExchangeHandle | null = null;
let dataDir: string | null = null;

function reply(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: ExchangeChildStart | ExchangeChildRequest) => {
  void (async () => {
    try {
      if (message.kind === 'start') {
        dataDir = message.dataDir;
        exchange = await startExchange({
          dataDir: message.dataDir,
          tls: { keyPem: message.server.keyPem, certPem: message.server.certPem, clientCaPem: message.rootPem },
          signing: { keyPem: message.signing.keyPem, certPem: message.signing.certPem },
          catalog: sampleCatalog,
        });
        reply({ kind: 'started', url: exchange.url });
      } else if (message.kind === 'applied') {
        reply({ kind: 'applied', id: message.id, count: exchange!.appliedCount(message.nodeId) });
      } else if (message.kind === 'close') {
        await exchange?.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        reply({ kind: 'closed' });
        process.disconnect();
      }
    } catch (error) {
      reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
// The parent went away without saying goodbye: nothing is left running.
process.on('disconnect', () => {
  void exchange?.close().finally(() => process.exit(0));
  if (!exchange) process.exit(0);
});
