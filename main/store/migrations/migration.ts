import type { Db } from '../database';

/** One schema version. Each lives in its own file, is registered in order in index.ts and
 * has its own test; `up` runs inside the transaction that also bumps user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
