// What has been asked of the sync engine and not yet served. The engine's state (states.ts)
// says what it is doing; these say what it still owes. Each is asked by a trigger and taken
// by the one step that serves it, so a wish made while a run is under way is neither lost
// nor served twice, and the snapshot shows both in one place.
//
//   run-again     a trigger fired while a run was under way: run once more if it ends idle
//                 (a run that ends in backoff or a stop drops it: the retry timer, the
//                 operator or the admin decide when to try again)
//   housekeeping  catalog and CRL downloads and the heartbeat even if not due: the first run
//                 after start, sync now, new settings or certificate; a run that does not
//                 get through them asks again
//   heartbeat     the node's levels changed: send a heartbeat at the end of the next run that
//                 gets there (backoff, a certificate stop and a pause keep it waiting)
//   pause         the operator paused during a run: nothing new is sent, the batches on the
//                 wire finish, then the engine parks (resume withdraws it)

export const ENGINE_REQUESTS = ['run-again', 'housekeeping', 'heartbeat', 'pause'] as const;
export type EngineRequest = (typeof ENGINE_REQUESTS)[number];

export class PendingRequests {
  private readonly asked = new Set<EngineRequest>();

  ask(request: EngineRequest): void {
    this.asked.add(request);
  }

  /** The step that serves the request takes it: true if it was pending; it is pending no more. */
  take(request: EngineRequest): boolean {
    return this.asked.delete(request);
  }

  /** Asked and not yet taken (the run checks a pause between batches, and takes it when it parks). */
  has(request: EngineRequest): boolean {
    return this.asked.has(request);
  }

  /** Cancelled before it was served (resume withdraws a pause the run has not reached yet). */
  withdraw(request: EngineRequest): void {
    this.asked.delete(request);
  }

  /** In a fixed order, for the snapshot. */
  list(): EngineRequest[] {
    return ENGINE_REQUESTS.filter((request) => this.asked.has(request));
  }
}
