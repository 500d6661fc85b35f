import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTransition, ENGINE_STATES, IllegalTransitionError, PARKED, RUNNING, TRANSITIONS } from './states';

test('rows can only be retired through storing-receipt: sending never goes straight back to idle or selecting', () => {
  assert.throws(() => assertTransition('sending', 'idle'), IllegalTransitionError);
  assert.throws(() => assertTransition('sending', 'selecting'), IllegalTransitionError);
  assertTransition('sending', 'storing-receipt');
  assertTransition('storing-receipt', 'selecting');
});

test('a stop (backoff, certificate, paused) is left only through a new run or resume; closed is final', () => {
  for (const from of ['backoff', 'stopped-certificate', 'not-configured'] as const) {
    assert.throws(() => assertTransition(from, 'sending'), IllegalTransitionError);
    assertTransition(from, 'selecting');
  }
  assert.throws(() => assertTransition('paused', 'selecting'), IllegalTransitionError);
  assertTransition('paused', 'idle');
  for (const to of ENGINE_STATES) assert.throws(() => assertTransition('closed', to), IllegalTransitionError);
  for (const from of ENGINE_STATES) if (from !== 'closed') assert.ok(TRANSITIONS[from].includes('closed'), `${from} can close`);
});

test('start leaves not-started for idle or paused; nothing else enters or leaves it but stop', () => {
  assertTransition('not-started', 'idle');
  assertTransition('not-started', 'paused');
  assertTransition('not-started', 'closed');
  for (const to of ['selecting', 'sending', 'backoff', 'stopped-certificate', 'not-configured'] as const) {
    assert.throws(() => assertTransition('not-started', to), IllegalTransitionError);
  }
  for (const from of ENGINE_STATES) assert.ok(!TRANSITIONS[from].includes('not-started'), `${from} never goes back to not-started`);
  // No state moves to itself: staying put is not a move, and a repeated start or pause is caught.
  for (const from of ENGINE_STATES) assert.ok(!TRANSITIONS[from].includes(from), `${from} → ${from}`);
});

test('PARKED is exactly the resting states no trigger can start a run from', () => {
  const parked = ENGINE_STATES.filter((s) => !RUNNING.has(s) && !TRANSITIONS[s].includes('selecting'));
  assert.deepEqual([...PARKED].sort(), [...parked].sort());
});
