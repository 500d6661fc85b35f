// What the backup operations need from the node they run in.
import type { DataPaths } from '../../platform/data-paths';

export interface BackupContext {
  paths: DataPaths;
  now(): Date;
  appVersion: string;
  /** A copy of the node's database key; the caller zeroes it. */
  databaseKey(): Promise<Buffer>;
  /** Chunk size of new backup files (tests use small ones). */
  chunkBytes?: number;
}
