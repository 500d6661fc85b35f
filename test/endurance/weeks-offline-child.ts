// The node for the weeks-offline test (weeks-offline.test.ts), in its own process so its
// memory can be measured on its own: it opens the node with automatic sync and answers the
// parent's calls over the IPC channel the way the Electron shell relays the UI's calls —
// one message per call, the answer and the (new) session token back.
//
//   fork('test/endurance/weeks-offline-child.ts', [dataDir, keyFile], { execArgv: ['--import', 'tsx'] })
//   parent → child  { id, token, channel, input }
//   child → parent  { id, result, sessionToken }       and once, when open: { ready: true }
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';

const [dataDir, keyFile] = process.argv.slice(2);
if (!dataDir || !keyFile || !process.send) {
  console.error('usage: fork weeks-offline-child.ts <dataDir> <keyFile> (with an IPC channel)');
  process.exit(2);
}
const send = process.send.bind(process);

const node = await openNode({
  dataDir,
  keyProtector: keyFileProtector(keyFile),
  // Retries within a second, not minutes, so the test does not sit out a long backoff; the
  // request deadline as shipped, since a batch on a 2 Mbit/s line takes its time.
  sync: { automatic: true, engine: { backoff: { baseMs: 50, capMs: 500 }, newDataDelayMs: 50 } },
});

process.on('message', (message: { id: number; token: string | null; channel: string; input: unknown }) => {
  void node.dispatch(message.token, message.channel, message.input).then((answer) => send({ id: message.id, result: answer.result, sessionToken: answer.sessionToken ?? null }));
});
process.on('disconnect', () => {
  node.close();
  process.exit(0);
});
if (process.env.WEEKS_TRACE) {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    // Exposed only with WEEKS_TRACE=gc (weeks-offline.test.ts): live memory, not garbage.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    console.error(
      `[node] event loop delay max ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms; ` +
        `MB rss ${mb(memory.rss)} heap ${mb(memory.heapUsed)}/${mb(memory.heapTotal)} external ${mb(memory.external)} (buffers ${mb(memory.arrayBuffers)})`,
    );
    delay.reset();
  }, 2000).unref();
}
send({ ready: true });
