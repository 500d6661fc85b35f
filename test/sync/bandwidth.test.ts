// The upload bandwidth cap on a real mutual-TLS connection to the exchange: the same body
// takes as long as the cap says, and goes at once without one. (A township link shared
// with the office must not be saturated by a catch-up sync.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createTestPki, type TestPki } from '../support/pki';
import { startTestExchange, type TestExchange } from '../support/sync-node';
import { ExchangeTransport } from '../../sync/client/transport';
import { PATHS } from '../../sync/protocol/messages';

let pki: TestPki;
let exchange: TestExchange;
let transport: ExchangeTransport;

before(async () => {
  pki = createTestPki();
  exchange = await startTestExchange(pki);
  const client = pki.issueClient('bandwidth-test-node');
  transport = new ExchangeTransport({ baseUrl: exchange.url, rootPem: pki.root.certPem, certificatePem: client.certPem, chainPems: [], privateKeyPem: client.keyPem, timeoutMs: 10_000 });
});
after(async () => {
  transport?.close();
  await exchange?.close();
  pki?.cleanup();
});

test('64 KiB at a 32 KiB/s cap takes about two seconds; uncapped it is immediate', async () => {
  // Random bytes do not compress: what is sent is what is counted. The exchange refuses the
  // content (it is no batch), which does not matter here: the upload is what is timed.
  const body = gzipSync(randomBytes(64 * 1024), { level: 0 });
  let counted = 0;
  const capped = Date.now();
  const answer = await transport.post(PATHS.batches, body, { signal: AbortSignal.timeout(20_000), bytesPerSecond: 32 * 1024, onBytes: (n) => (counted += n) });
  const cappedMs = Date.now() - capped;
  assert.equal(counted, body.length);
  assert.ok(answer.status >= 400 && answer.status < 500, String(answer.status));
  assert.ok(cappedMs >= 1_500, `capped upload took ${cappedMs} ms`);

  const free = Date.now();
  await transport.post(PATHS.batches, body, { signal: AbortSignal.timeout(20_000), bytesPerSecond: 0 });
  const freeMs = Date.now() - free;
  assert.ok(freeMs < cappedMs / 2, `uncapped ${freeMs} ms vs capped ${cappedMs} ms`);
  assert.equal(exchange.appliedCount(), 0);
});
