import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTransition, ENGINE_STATES, IllegalTransitionError, TRANSITIONS } from './states';

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
