// The outbox engine's states and the only moves between them (Joplin-style named steps).
// A move not listed here is a bug and throws, so a test that drives the engine through its
// failure paths also proves it never skips a step (e.g. retiring rows without a receipt).
// start() and stop() move through this table too: a second start, or a start after close,
// throws. What the engine has been asked to do but not yet done is in requests.ts.
//
//   not-started ─(start)─▶ idle, or paused (the operator's pause is kept in the database)
//   idle ─▶ selecting ─▶ sending ─▶ storing-receipt ─▶ selecting … ─▶ idle
//                │           │
//                │           ├─▶ backoff ─(timer / reconnect probe / sync now)─▶ selecting
//                │           └─▶ stopped-certificate ─(new certificate, settings, sync now)─▶ selecting
//                ├─▶ not-configured (no address)      ─(settings, sync now)─▶ selecting
//                └─▶ paused (operator)                ─(resume)─▶ idle
//   any ─(stop)─▶ closed (the node closes; nothing runs after)

export const ENGINE_STATES = ['not-started', 'idle', 'selecting', 'sending', 'storing-receipt', 'backoff', 'stopped-certificate', 'not-configured', 'paused', 'closed'] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

const STOPPING: EngineState[] = ['backoff', 'stopped-certificate', 'not-configured', 'paused', 'closed'];

export const TRANSITIONS: Record<EngineState, readonly EngineState[]> = {
  // Before start() the rows a previous process left in flight are not yet released: no run.
  'not-started': ['idle', 'paused', 'closed'],
  idle: ['selecting', 'paused', 'closed'],
  selecting: ['sending', 'idle', ...STOPPING],
  sending: ['storing-receipt', ...STOPPING],
  'storing-receipt': ['selecting', ...STOPPING],
  backoff: ['selecting', 'paused', 'closed'],
  'stopped-certificate': ['selecting', 'paused', 'closed'],
  'not-configured': ['selecting', 'paused', 'closed'],
  paused: ['idle', 'closed'],
  closed: [],
};

/** States in which a run is under way (the engine holds the single batch slot). */
export const RUNNING: ReadonlySet<EngineState> = new Set(['selecting', 'sending', 'storing-receipt']);

/**
 * States no trigger (new data, timer, sync now, settings) can start a run from: only
 * start(), resume() or nothing at all leads out of them. states.test.ts checks this against
 * the table: these are exactly the resting states with no move to `selecting`.
 */
export const PARKED: ReadonlySet<EngineState> = new Set(['not-started', 'paused', 'closed']);

export class IllegalTransitionError extends Error {
  constructor(from: EngineState, to: EngineState) {
    super(`sync engine: illegal transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: EngineState, to: EngineState): void {
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(from, to);
}
