import { join } from 'node:path';

/** Where a node keeps its files inside its data folder. */
export function dataPaths(dataDir: string) {
  return {
    dataDir,
    database: join(dataDir, 'edge-node.db'),
    /** The database while first-run setup fills it; renamed into place when complete. */
    databaseDuringSetup: join(dataDir, 'edge-node.db.setup'),
    keySlots: join(dataDir, 'keys.json'),
    lock: join(dataDir, 'edge-node.lock'),
  };
}

export type DataPaths = ReturnType<typeof dataPaths>;
