// A long import makes garbage at a steady rate (each transaction's rows, their JSON and
// hashes). V8 lets that garbage pile up — old space grows to about twice what survives
// before a full collection — so a million-row CSV peaked near 300 MB although it never holds
// more than one transaction's rows. A full collection every few thousand rows keeps the
// process near its resting size (docs/intake.md, Performance). It costs a few milliseconds
// per collection on a heap this small, well under 1% of an import's time.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Runs a full garbage collection now, where the runtime allows it (otherwise: nothing). */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      // The flag makes `gc` visible to contexts created after it; the node's own is unchanged.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
