// start() and stop() go through the state table like every other move: nothing runs before
// start (rows a previous process left in flight are not released yet), a second start or a
// start after stop throws, and after stop the engine touches nothing. No exchange needed:
// without an address a run ends in not-configured before any connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncEngine } from './engine';
import { IllegalTransitionError } from './states';
import { memoryStore, testHost } from './test-host';
import type { PendingRow } from '../../main/store/sync-rows';

const row = (seq: number): PendingRow => ({ seq, epoch: 1, recordId: `r${seq}`, version: 1, payloadHash: 'x'.repeat(64), resourceCode: 'R1', status: 'active', fields: '{}', unit: null, registeredAt: '2026-11-26T00:00:00.000Z' });

test('before start() the engine is not-started and no trigger runs it', async () => {
  const store = memoryStore();
  const engine = new SyncEngine(testHost({ store }), { automatic: true, newDataDelayMs: 1 });
  assert.equal(engine.snapshot().state, 'not-started');
  engine.now();
  engine.newData();
  engine.configurationChanged();
  engine.heartbeatSoon();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'not-started');
  assert.deepEqual(store.calls, [], 'a run would have read settings and written the not-configured link');
  // The wishes are kept for the first run.
  assert.deepEqual(engine.snapshot().pending, ['housekeeping', 'heartbeat']);
  engine.stop();
});

test('start: not-started → idle, releasing rows an older version left in flight; a second start throws', () => {
  const store = memoryStore([row(1), row(2)]);
  store.leaveInFlight([1, 2]);
  const engine = new SyncEngine(testHost({ store }), { automatic: false });
  engine.start();
  assert.equal(engine.snapshot().state, 'idle');
  assert.equal(store.count('pending'), 2);
  // The first run owes the downloads and the heartbeat.
  assert.deepEqual(engine.snapshot().pending, ['housekeeping']);
  assert.throws(() => engine.start(), IllegalTransitionError);
  assert.equal(engine.snapshot().state, 'idle');
  engine.stop();
});

test('start with a saved pause: not-started → paused, and only resume leaves it', async () => {
  const store = memoryStore([], { paused: true });
  const engine = new SyncEngine(testHost({ store }), { automatic: true });
  engine.start();
  assert.equal(engine.snapshot().state, 'paused');
  engine.now();
  engine.configurationChanged();
  await engine.whenSettled();
  assert.equal(engine.snapshot().state, 'paused');
  assert.throws(() => engine.start(), IllegalTransitionError);
  engine.resume();
  await engine.whenSettled();
  // resume → idle → a run, which without an address parks in not-configured.
  assert.equal(engine.snapshot().state, 'not-configured');
  assert.equal(store.readState().paused, false);
  engine.stop();
});

test('a pause before start is saved, and start enters paused', () => {
  const store = memoryStore();
  const engine = new SyncEngine(testHost({ store }), { automatic: true });
  engine.pause();
  assert.equal(engine.snapshot().state, 'not-started');
  engine.start();
  assert.equal(engine.snapshot().state, 'paused');
  engine.stop();
});

test('stop: any state → closed, once; afterwards no trigger touches the store and start throws', async () => {
  for (const before of ['not-started', 'idle', 'not-configured', 'paused'] as const) {
    const store = memoryStore([row(1)]);
    const engine = new SyncEngine(testHost({ store }), { automatic: false, newDataDelayMs: 1 });
    if (before !== 'not-started') engine.start();
    if (before === 'not-configured') engine.now();
    if (before === 'paused') engine.pause();
    await engine.whenSettled();
    assert.equal(engine.snapshot().state, before);

    let changes = 0;
    engine.onChange(() => changes++);
    engine.stop();
    assert.equal(engine.snapshot().state, 'closed');
    assert.equal(changes, 1, 'listeners hear of the close once');
    const touched = store.calls.length;
    engine.stop();
    engine.now();
    engine.newData();
    engine.heartbeatSoon();
    engine.configurationChanged();
    engine.pause();
    engine.resume();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.whenSettled();
    assert.equal(store.calls.length, touched, `nothing after stop (was ${before})`);
    assert.equal(engine.snapshot().state, 'closed');
    assert.equal(changes, 1);
    assert.throws(() => engine.start(), IllegalTransitionError);
  }
});
