// Group commit: writes that arrive together — several clerks saving at once, requests that
// queued while the previous commit was being made durable — go to disk in ONE transaction
// and one fsync, instead of one each. A registration's cost is mostly its commit (the pages
// it dirties are encrypted, written to the WAL and synced); pages shared by the records of a
// batch (the indexes' right edges, the counters, the audit head) are written once per batch.
//
// Every write still stands alone where it matters:
// - each runs in its own savepoint, so a write that fails (a duplicate key, say) is rolled
//   back alone and its caller alone gets the error; the others commit;
// - each caller's promise settles only after COMMIT has returned, with synchronous=FULL: an
//   answered registration is on disk, exactly as with one transaction per record;
// - if the transaction itself fails (the disk is full, COMMIT fails), every caller of the
//   batch gets the error and nothing of the batch is kept.
//
// A batch is whatever was submitted by the time the event loop reaches its "check" phase
// (setImmediate): requests that were in flight together. One caller alone waits for nothing
// but that turn of the loop.
import type { UnitOfWork } from '../store/unit-of-work';

interface Job {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Writes per transaction at most: a bound on how long one commit holds the writer. */
export const MAX_GROUP = 256;

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(
    private readonly work: UnitOfWork,
    /** Called once after each committed batch (the sync engine's "new data" signal). */
    private readonly committed: () => void = () => {},
    private readonly maxGroup = MAX_GROUP,
  ) {}

  /** Runs `write` in the next group's transaction; settles once that transaction has committed. */
  submit<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue.splice(0, this.maxGroup);
      if (this.queue.length > 0) this.schedule();
      this.run(batch);
    });
  }

  private run(batch: Job[]): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.work.immediate(() => batch.map((job) => this.attempt(job)));
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    this.committed();
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  /** One write in its own savepoint; its failure is its own unless it ended the transaction. */
  private attempt(job: Job): Outcome {
    try {
      return { ok: true, value: this.work.transaction(job.write) };
    } catch (error) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the
      // writes before this one are gone too, and the batch must fail as one.
      if (!this.work.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
