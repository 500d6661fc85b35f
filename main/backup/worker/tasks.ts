// The backup's SQLite work, run in a worker thread (run-task.ts) so that a snapshot or an
// integrity check of a large database never blocks the core's event loop: registrations and
// every other call go on while it runs. Each task opens its own connection and closes it; the
// queries on it are the store's (main/store/backup-snapshot.ts, backup-restore-repo.ts).
import { openSync, readSync, closeSync, rmSync } from 'node:fs';
import { describeDatabase, integrityProblems, openDatabaseFile, vacuumInto } from '../../store/backup-snapshot';
import type { BackupContent } from '../../../formats/backup';
import { migrate } from '../../store/migrate';
import { RestoreRepo } from '../../store/backup-restore-repo';
import { AuditRepo } from '../../store/audit-repo';
import { prepareRestoredDatabase, type PrepareRestoreInput } from '../restore-prepare';

export type Task =
  | { kind: 'snapshot'; database: string; keyHex: string; output: string }
  | { kind: 'integrity'; file: string; keyHex: string }
  | { kind: 'describe'; file: string; keyHex: string }
  | { kind: 'prepare-restore'; file: string; keyHex: string; input: PrepareRestoreInput };

export type Description = Omit<BackupContent, 'createdAt' | 'appVersion'>;

export interface TaskResults {
  snapshot: Description;
  integrity: { problems: string[] };
  describe: Description;
  'prepare-restore': { provisionalEpoch: number };
}

const PLAINTEXT_SQLITE = Buffer.from('SQLite format 3\0', 'latin1');
/** Page cache of the checking connections (decrypted pages), MiB. */
const CHECK_CACHE_MIB = 128;

export function runTask(task: Task): TaskResults[Task['kind']] {
  const key = Buffer.from(task.keyHex, 'hex');
  try {
    switch (task.kind) {
      case 'snapshot':
        return snapshot(task.database, key, task.output);
      case 'integrity':
        return integrity(task.file, key);
      case 'describe':
        return describe(task.file, key);
      case 'prepare-restore':
        return prepare(task.file, key, task.input);
    }
  } finally {
    key.fill(0);
  }
}

/** A consistent copy of the live database, on its own connection (vacuumInto), encrypted like it. */
function snapshot(database: string, key: Buffer, output: string): Description {
  const db = openDatabaseFile(database, key);
  try {
    vacuumInto(db, output);
  } finally {
    db.close();
  }
  // Never trust that: a snapshot that came out as plaintext is destroyed at once.
  const head = Buffer.alloc(16);
  const fd = openSync(output, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(PLAINTEXT_SQLITE)) {
    rmSync(output, { force: true });
    throw new Error('snapshot was written unencrypted; destroyed');
  }
  const copy = openDatabaseFile(output, key, { readonly: true, cacheMiB: CHECK_CACHE_MIB });
  try {
    return describeDatabase(copy);
  } finally {
    copy.close();
  }
}

// The integrity check and the counts read the same file on two connections, in two workers
// at once: on a machine with two cores that is the counts for free.
function integrity(file: string, key: Buffer): TaskResults['integrity'] {
  const db = openDatabaseFile(file, key, { readonly: true, cacheMiB: CHECK_CACHE_MIB });
  try {
    return { problems: integrityProblems(db) };
  } finally {
    db.close();
  }
}

function describe(file: string, key: Buffer): Description {
  const db = openDatabaseFile(file, key, { readonly: true });
  try {
    return describeDatabase(db);
  } finally {
    db.close();
  }
}

function prepare(file: string, key: Buffer, input: PrepareRestoreInput): TaskResults['prepare-restore'] {
  const db = openDatabaseFile(file, key);
  try {
    migrate(db);
    return prepareRestoredDatabase({ restore: new RestoreRepo(db), audit: new AuditRepo(db) }, input);
  } finally {
    db.close();
  }
}
