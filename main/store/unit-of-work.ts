// A unit of work over the node's connection: services group several repository writes (a
// record version, its outbox row and its audit entry) into one transaction through this,
// without holding the connection themselves. Nested calls join the outer transaction as
// savepoints, exactly as better-sqlite3's transaction functions do.
import type { Db } from './database';

export class UnitOfWork {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one transaction (BEGIN DEFERRED); for writes that read nothing they depend on first. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /**
   * Runs `work` in one transaction that takes the write lock at BEGIN (IMMEDIATE): for
   * read-then-write work, so a second writer cannot change what was read before the write.
   */
  immediate<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** True while a transaction is open on the connection (a write now joins it). */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }
}
