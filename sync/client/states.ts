// The outbox engine's states and the only moves between them (Joplin-style named steps).
// A move not listed here is a bug and throws, so a test that drives the engine through its
// failure paths also proves it never skips a step (e.g. retiring rows without a receipt).
//
//   idle ─▶ selecting ─▶ sending ─▶ storing-receipt ─▶ selecting … ─▶ idle
//                │           │
//                │           ├─▶ backoff ─(timer / reconnect probe / sync now)─▶ selecting
//                │           └─▶ stopped-certificate ─(new certificate, settings, sync now)─▶ selecting
//                ├─▶ not-configured (no address)      ─(settings, sync now)─▶ selecting
//                └─▶ paused (operator)                ─(resume)─▶ idle
//   any ─▶ closed (the node closes; nothing runs after)

export const ENGINE_STATES = ['idle', 'selecting', 'sending', 'storing-receipt', 'backoff', 'stopped-certificate', 'not-configured', 'paused', 'closed'] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

const STOPPING: EngineState[] = ['backoff', 'stopped-certificate', 'not-configured', 'paused', 'closed'];

export const TRANSITIONS: Record<EngineState, readonly EngineState[]> = {
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

export class IllegalTransitionError extends Error {
  constructor(from: EngineState, to: EngineState) {
    super(`sync engine: illegal transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: EngineState, to: EngineState): void {
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(from, to);
}
