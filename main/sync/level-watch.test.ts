// The level watch asks for a heartbeat exactly when the node's levels differ from what the
// province was last told, keeps asking while that stays so, and stops when told to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LevelWatch, type Levels } from './level-watch';

function harness(start: { current: Levels; reported: Levels | null }) {
  const state = { ...start, asked: 0, reads: 0 };
  const watch = new LevelWatch({
    intervalMs: 10,
    current: () => {
      state.reads += 1;
      return state.current;
    },
    reported: () => state.reported,
    changed: () => (state.asked += 1),
  });
  return { state, watch };
}

test('no heartbeat is asked for while the levels match the last one delivered', async () => {
  const { state, watch } = harness({ current: { level: 'green', 'tile.link': 'green' }, reported: { level: 'green', 'tile.link': 'green' } });
  assert.equal(await watch.check(), false);
  assert.equal(state.asked, 0);
});

test('a changed level asks for a heartbeat at every tick until one carrying it is delivered', async () => {
  const { state, watch } = harness({ current: { level: 'green', 'tile.backup': 'green' }, reported: { level: 'green', 'tile.backup': 'green' } });
  watch.start();
  try {
    state.current = { level: 'red', 'tile.backup': 'red' };
    const deadline = Date.now() + 5_000;
    while (state.asked < 2 && Date.now() < deadline) await sleep(5);
    assert.ok(state.asked >= 2, 'asked again while undelivered');
    state.reported = { ...state.current };
    await sleep(30);
    const settled = state.asked;
    await sleep(50);
    assert.equal(state.asked, settled, 'quiet once the heartbeat with the new level was delivered');
  } finally {
    watch.stop();
  }
  const reads = state.reads;
  await sleep(50);
  assert.equal(state.reads, reads, 'no reads after stop');
});

test('before the first heartbeat is delivered, or when the status cannot be read, nothing is asked', async () => {
  const { state, watch } = harness({ current: { level: 'red' }, reported: null });
  assert.equal(await watch.check(), false);
  assert.equal(state.reads, 0, 'no status read is wasted');
  const failing = new LevelWatch({
    intervalMs: 10,
    current: () => Promise.reject(new Error('disk gone')),
    reported: () => ({ level: 'green' }),
    changed: () => assert.fail('not asked'),
    log: () => {},
  });
  assert.equal(await failing.check(), false);
});

test('a slow status read is never overlapped by another', async () => {
  let inFlight = 0;
  let most = 0;
  const watch = new LevelWatch({
    intervalMs: 1,
    current: async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(30);
      inFlight -= 1;
      return { level: 'yellow' };
    },
    reported: () => ({ level: 'green' }),
    changed: () => {},
  });
  const checks = await Promise.all([watch.check(), watch.check(), watch.check()]);
  assert.deepEqual(checks, [true, false, false]);
  assert.equal(most, 1);
});
