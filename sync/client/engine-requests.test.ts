// Wishes made while a run is under way (requests.ts): sync now is not swallowed, a pause lets
// the batches on the wire finish and then parks, and stop ends the run cleanly with its rows
// pending for the next start to send again. Against the reference exchange over mutual TLS, with
// every request slowed down so the test can act while the engine is mid-run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_BATCHES_IN_FLIGHT, SyncEngine } from './engine';
import { payloadHash } from './batch';
import { IllegalTransitionError, type EngineState } from './states';
import { memoryStore, testHost, type MemoryStore } from './test-host';
import { startExchange, type ExchangeHandle } from '../exchange/server';
import { makeItem } from '../exchange/test-client';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { createTestPki, type TestPki } from '../../test/support/pki';
import type { PendingRow } from '../../main/store/sync-rows';

const LATENCY_MS = 150;

let pki: TestPki;
let exchange: ExchangeHandle;
let exchangeDir: string;

before(async () => {
  pki = createTestPki();
  exchangeDir = mkdtempSync(join(tmpdir(), 'engine-requests-'));
  exchange = await startExchange({
    dataDir: exchangeDir,
    tls: { keyPem: pki.server.keyPem, certPem: pki.server.certPem, clientCaPem: pki.root.certPem },
    signing: pki.exchangeSigning,
    catalog: sampleCatalog,
    faults: { latencyMs: LATENCY_MS },
  });
});

after(async () => {
  await exchange.close();
  rmSync(exchangeDir, { recursive: true, force: true });
  pki.cleanup();
});

/** Rows of valid 灾情报送 records (what the exchange accepts). */
function rows(count: number): PendingRow[] {
  return Array.from({ length: count }, (_, i) => {
    const item = makeItem(i + 1);
    return { ...item, epoch: 1, fields: JSON.stringify(item.fields), payloadHash: payloadHash(item) };
  });
}

/** An engine for a node of its own (the exchange keys on node id), run only when asked. */
function engineFor(nodeId: string, store: MemoryStore, batchMaxItems = 200) {
  const client = pki.issueClient(nodeId);
  const host = testHost({
    store,
    nodeId,
    settings: { exchangeUrl: exchange.url, batchMaxItems },
    credentials: { privateKeyPem: client.keyPem, certificatePem: client.certPem, rootPem: pki.root.certPem },
  });
  return { host, engine: new SyncEngine(host, { automatic: false, requestTimeoutMs: 5_000, backoff: { baseMs: 20, capMs: 200 } }) };
}

function reach(engine: SyncEngine, state: EngineState): Promise<void> {
  return new Promise((resolve) => {
    const off = engine.onChange(() => {
      if (engine.snapshot().state === state) {
        off();
        resolve();
      }
    });
  });
}

test('sync now during a run is not swallowed: the run goes round again, with its housekeeping', async () => {
  const store = memoryStore();
  const { host, engine } = engineFor('node-sync-now-twice', store);
  engine.start();
  engine.now();
  assert.equal(engine.snapshot().running, true);
  engine.now(); // 同步 pressed again while the first pass is on the wire
  assert.deepEqual(engine.snapshot().pending, ['run-again', 'housekeeping']);
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'idle');
  assert.deepEqual(engine.snapshot().pending, []);
  // Each pass sent its heartbeat (the last step of housekeeping): two passes, two heartbeats.
  assert.equal(host.heartbeatsSent, 2);
  assert.equal(exchange.heartbeats('node-sync-now-twice').length, 2);
  engine.stop();
});

test('a pause during a run lets the batches on the wire finish, then parks; resume carries on', async () => {
  // More one-item batches than may be on the wire at once, so some are still queued at the pause.
  const total = MAX_BATCHES_IN_FLIGHT + 3;
  const store = memoryStore(rows(total));
  const { engine } = engineFor('node-pause-mid-run', store, 1);
  engine.start();
  const sending = reach(engine, 'sending');
  engine.now();
  await sending;
  engine.pause();
  // The window was filled before the engine began to wait: each batch planned from the rows
  // after those already on the wire.
  const onTheWire = engine.snapshot().inFlight;
  assert.equal(onTheWire, MAX_BATCHES_IN_FLIGHT, 'one-item batches on the wire at the pause');
  assert.equal(engine.snapshot().state, 'sending', 'the batches on the wire are not abandoned');
  assert.deepEqual(engine.snapshot().pending, ['pause']);
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'paused');
  // The pass parked before its heartbeat, so the housekeeping it took is owed again.
  assert.deepEqual(engine.snapshot().pending, ['housekeeping']);
  assert.equal(store.count('acknowledged'), onTheWire, 'their receipts were stored, and nothing new was sent');
  assert.equal(store.count('pending'), total - onTheWire);
  assert.equal(store.readState().paused, true);

  engine.resume();
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'idle');
  assert.equal(store.count('acknowledged'), total);
  // Batches were pipelined, planned each from the rows after those on the wire: none went twice.
  for (let seq = 1; seq <= total; seq++) assert.deepEqual(store.answers(seq), ['accepted'], `row ${seq} was sent once`);
  engine.stop();
});

test('resume before the run reaches the pause withdraws it: the run goes on', async () => {
  const store = memoryStore(rows(2));
  const { engine } = engineFor('node-pause-withdrawn', store, 1);
  engine.start();
  const sending = reach(engine, 'sending');
  engine.now();
  await sending;
  engine.pause();
  engine.resume();
  assert.deepEqual(engine.snapshot().pending, []);
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'idle');
  assert.equal(store.count('acknowledged'), 2);
  engine.stop();
});

test('stop during a run ends it cleanly: closed at once, the store untouched after, the rows on the wire sent again by the next start', async () => {
  const store = memoryStore(rows(2));
  const { engine } = engineFor('node-stop-mid-run', store, 1);
  engine.start();
  const sending = reach(engine, 'sending');
  engine.now();
  await sending;
  // Batches are pipelined: one or both one-item batches may be on the wire.
  assert.ok(engine.snapshot().inFlight >= 1, 'a batch was on the wire');
  engine.stop();
  assert.equal(engine.snapshot().state, 'closed');
  const touched = store.calls.length;
  const started = performance.now();
  await engine.whenSettled();
  assert.ok(performance.now() - started < LATENCY_MS * 3, 'the request on the wire was aborted, not waited for');
  await new Promise((resolve) => setTimeout(resolve, LATENCY_MS * 2));
  assert.equal(store.calls.length, touched, 'nothing written after stop');
  assert.equal(store.count('pending'), 2, 'the rows on the wire are still pending in the store');
  assert.equal(store.count('acknowledged'), 0);
  assert.throws(() => engine.start(), IllegalTransitionError);

  // The next process: a new engine on the same outbox sends both.
  const { engine: next } = engineFor('node-stop-mid-run', store, 1);
  next.start();
  next.now();
  await next.whenSettled();
  assert.equal(store.count('acknowledged'), 2);
  next.stop();
});
