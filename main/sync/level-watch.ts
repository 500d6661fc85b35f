// Sends the province a heartbeat soon after the node's state changes — the link goes red, a
// backup fails, the certificate is revoked — instead of up to one heartbeat interval later.
//
// On a bounded timer it reads the current levels (overall and per tile: one status read per
// tick, which is cheap by design) and compares them with the levels in the last heartbeat
// the exchange accepted. When they differ it asks for a heartbeat; the engine decides when
// (it respects backoff, a certificate stop and a pause). Comparing with what was *delivered*
// rather than with the previous tick makes it self-correcting: a heartbeat that failed, or
// that was built just before the change, is asked for again at the next tick.
export type Levels = Record<string, string>;

export interface LevelWatchOptions {
  /** Time between checks (default 60 s in the app; tens of milliseconds in tests). */
  intervalMs: number;
  /** The current levels; may be async (the status reads the backup folder). */
  current(): Levels | Promise<Levels>;
  /** The levels of the last heartbeat the exchange accepted; null before the first one. */
  reported(): Levels | null;
  /** Called when they differ. */
  changed(): void;
  log?(line: string): void;
}

export class LevelWatch {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private checking = false;
  /** Bumped by stop(): a check that was reading when the watch stopped asks for nothing. */
  private generation = 0;

  constructor(private readonly options: LevelWatchOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One check; true when a heartbeat was asked for. Never throws. */
  async check(): Promise<boolean> {
    // One check at a time: a slow status read must not pile up reads behind it.
    if (this.checking) return false;
    this.checking = true;
    const generation = this.generation;
    try {
      const reported = this.options.reported();
      // Nothing delivered yet since start: the engine's first run sends one regardless.
      if (reported === null) return false;
      const current = await this.options.current();
      if (generation !== this.generation || !differ(current, reported)) return false;
      this.options.changed();
      return true;
    } catch (error) {
      this.options.log?.(`level watch: status unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    } finally {
      this.checking = false;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check().finally(() => this.schedule());
    }, this.options.intervalMs);
    // Never the reason a process stays alive.
    this.timer.unref();
  }
}

export function differ(a: Levels, b: Levels): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return true;
  return false;
}
