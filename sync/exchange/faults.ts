// Fault injection for the reference exchange: the bad extranet and the overloaded province
// that a township node has to survive. Decisions come from a seeded PRNG so a failing run
// can be replayed with the same seed.

export interface FaultOptions {
  /** Delay before each request is handled. */
  latencyMs?: number;
  /** 0..1: destroy the socket mid-request, before anything is applied. */
  dropRate?: number;
  /** 0..1: answer 503 without applying anything. */
  errorRate?: number;
  /** Trickle response bodies at this rate (township links are slow). */
  slowBodyBytesPerSec?: number;
  /** 0..1: apply the batch, then drop the connection before answering (the lost receipt). */
  dropAfterApplyRate?: number;
  seed?: number;
}

export interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  error: boolean;
  dropAfterApply: boolean;
  slowBodyBytesPerSec: number;
}

const DEFAULT_SEED = 0x5eed;

/** mulberry32: tiny, fast, reproducible (fault picks, benchmark data); not for anything secret. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = mulberry32(DEFAULT_SEED);

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces all switches and restarts the PRNG from the (new) seed. */
  set(options: FaultOptions): void {
    for (const name of ['dropRate', 'errorRate', 'dropAfterApplyRate'] as const) {
      const rate = options[name];
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
    }
    this.options = { ...options };
    this.random = mulberry32(options.seed ?? DEFAULT_SEED);
  }

  /**
   * One decision per request. Always draws the same three numbers in the same order, so the
   * sequence of decisions for a seed does not depend on which rates are switched on.
   */
  decide(): FaultDecision {
    const o = this.options;
    const [d, e, a] = [this.random(), this.random(), this.random()];
    return {
      latencyMs: Math.max(0, o.latencyMs ?? 0),
      drop: d < (o.dropRate ?? 0),
      error: e < (o.errorRate ?? 0),
      dropAfterApply: a < (o.dropAfterApplyRate ?? 0),
      slowBodyBytesPerSec: Math.max(0, o.slowBodyBytesPerSec ?? 0),
    };
  }
}
