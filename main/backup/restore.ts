// Restore in two halves.
//
// stageRestore: everything that can fail without touching the running node — the passphrase,
// the header, the version, another node's backup without a confirmed migration, every chunk,
// the database inside (integrity, identity, counts) — into data/edge-node.db.restore, which
// is an SQLCipher file like the live one.
//
// prepareStaged: the restored copy's preparation (restore-prepare.ts), run once the running
// database is closed, so the audit chain end it carries forward is the replaced log's last
// entry — not where the log stood when the job began.
//
// commitRestore: the swap, under a journal (data/restore-journal.json). The running database
// and keys.json move into data/replaced-<time>/ (kept, never deleted by the node), the new
// keys.json is written, and edge-node.db.restore is renamed to edge-node.db: that rename is
// the commit point. recoverInterruptedRestore, run at every start before the node opens its
// database, rolls a cut-off swap back (before the commit point: the previous database and key
// slots return to their places) or forward (after it).
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DataPaths } from '../../platform/data-paths';
import { readJsonFile, writeFileAtomically } from '../../platform/atomic-file';
import { writeKeySlots, type HostSlot, type KeySlotFile } from '../store/key-slots';
import { type PassphraseSlot } from '../../platform/passphrase-slot';
import { BackupFile, backupErrors, type BackupContent, type Slot } from '../../formats/backup';
import { backupPaths } from './files';
import { assertRestorableVersion } from './versions';
import { checkDatabaseAgainstHeader } from './check-content';
import { runTask } from './worker/run-task';
import { syncDirectory } from '../../platform/atomic-file';
import type { BackupContext } from './context';
import type { JobControl } from './jobs';
import type { AuditTail } from '../audit/public-chain';
import type { PrepareRestoreInput } from './restore-prepare';

export interface RestoreOptions {
  passphrase: string;
  /** The running node's id; null on a fresh install (any node's backup is welcome there). */
  currentNodeId: string | null;
  migration: boolean;
  actor: string;
  role: string;
}

export interface StagedRestore {
  content: BackupContent;
  fileName: string;
  /** The restored database's key: copy, zero after commit. */
  databaseKey: Buffer;
  /** The recovery-passphrase slot the restored node's keys.json gets (the backup's). */
  passphraseSlot: PassphraseSlot;
  /** What prepareStaged records in the restored copy, but the replaced chain's end. */
  preparation: Omit<PrepareRestoreInput, 'replacedAuditTail'>;
}

/** Opens and checks the backup beside the live database. */
export async function stageRestore(ctx: BackupContext, path: string, options: RestoreOptions, job: JobControl): Promise<StagedRestore> {
  const file = await BackupFile.open(path);
  const unlocked = await file.unlockWithPassphrase(options.passphrase);
  const { restoring } = backupPaths(ctx.paths);
  try {
    const content = file.content();
    assertRestorableVersion(content, ctx.appVersion);
    if (options.currentNodeId && content.node.nodeId !== options.currentNodeId && !options.migration) throw backupErrors.otherNode(content.node.unitName, content.node.nodeId);
    const sizeProblem = file.sizeProblem();
    if (sizeProblem) throw sizeProblem;

    await removeDatabaseFiles(restoring);
    job.phase('decrypt', file.header.payload.bytes);
    await file.decryptPayload(unlocked, restoring, { onProgress: (done, total) => job.progress(done, total), signal: job.signal });
    job.phase('check');
    await checkDatabaseAgainstHeader(restoring, unlocked.databaseKey, content, job.signal);
    const slot = file.header.slots.find((s): s is Extract<Slot, { kind: 'passphrase' }> => s.kind === 'passphrase')!;
    const preparation = {
      at: ctx.now().toISOString(),
      actor: options.actor,
      role: options.role,
      backupCreatedAt: content.createdAt,
      fileName: basename(path),
      migration: options.currentNodeId !== null && content.node.nodeId !== options.currentNodeId,
      replacedNodeId: options.currentNodeId,
    };
    return { content, fileName: basename(path), databaseKey: Buffer.from(unlocked.databaseKey), passphraseSlot: { ...slot.node }, preparation };
  } catch (error) {
    await removeDatabaseFiles(restoring);
    throw error;
  } finally {
    unlocked.dispose();
  }
}

/**
 * Prepares the staged copy (restore-prepare.ts) with the replaced chain's end, read by the
 * caller after the running database stopped taking writes. On failure the staged copy goes:
 * the running database was never touched.
 */
export async function prepareStaged(ctx: BackupContext, staged: StagedRestore, replacedAuditTail: AuditTail | null, signal?: AbortSignal): Promise<void> {
  const { restoring } = backupPaths(ctx.paths);
  try {
    await runTask({ kind: 'prepare-restore', file: restoring, keyHex: staged.databaseKey.toString('hex'), input: { ...staged.preparation, replacedAuditTail } }, signal);
  } catch (error) {
    await removeDatabaseFiles(restoring);
    throw error;
  }
}

interface Journal {
  startedAt: string;
  /** Where the replaced files go; null on a fresh install (nothing to replace). */
  replacedDir: string | null;
  keySlots: KeySlotFile;
}

const MOVED = (paths: DataPaths) => [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.keySlots];

/**
 * The swap. `closeRunning` must have closed the live database before this is called (its
 * WAL checkpointed). Returns the folder the replaced files went to (null on a fresh install).
 */
export async function commitRestore(ctx: BackupContext, staged: StagedRestore, hostSlot: HostSlot | null): Promise<string | null> {
  const { restoring, journal, replacedDir } = backupPaths(ctx.paths);
  const hadDatabase = existsSync(ctx.paths.database);
  const replaced = hadDatabase ? replacedDir(ctx.now()) : null;
  const keySlots: KeySlotFile = { format: 1, slots: [staged.passphraseSlot, ...(hostSlot ? [hostSlot] : [])] };
  const entry: Journal = { startedAt: ctx.now().toISOString(), replacedDir: replaced, keySlots };
  await writeFileAtomically(journal, JSON.stringify(entry, null, 2));
  if (replaced) {
    await mkdir(replaced, { recursive: true, mode: 0o700 });
    for (const file of MOVED(ctx.paths)) if (existsSync(file)) await rename(file, join(replaced, basename(file)));
    await syncDirectory(replaced);
  }
  await writeKeySlots(ctx.paths.keySlots, keySlots);
  await rename(restoring, ctx.paths.database); // the commit point
  await syncDirectory(ctx.paths.dataDir);
  await rm(journal, { force: true });
  return replaced;
}

export type Recovery = 'none' | 'cleaned' | 'rolled-back' | 'rolled-forward';

/** Run at every start, under the single-writer lock, before the database is opened. */
export async function recoverInterruptedRestore(paths: DataPaths): Promise<Recovery> {
  const { restoring, journal } = backupPaths(paths);
  if (!existsSync(journal)) {
    if (!existsSync(restoring)) return 'none';
    await removeDatabaseFiles(restoring); // a restore cut off before its swap began
    return 'cleaned';
  }
  let entry: Journal | null = null;
  try {
    entry = (await readJsonFile(journal)) as Journal;
  } catch {
    entry = null; // torn journal: it was being written, so nothing had moved yet
  }
  if (existsSync(restoring) || !entry) {
    // Before the commit point: put back whatever had moved.
    if (entry?.replacedDir && existsSync(entry.replacedDir)) {
      for (const file of MOVED(paths)) {
        const kept = join(entry.replacedDir, basename(file));
        if (existsSync(kept)) await rename(kept, file);
      }
      await rmdir(entry.replacedDir).catch(() => undefined);
    } else if (entry && !entry.replacedDir && !existsSync(paths.database)) {
      await rm(paths.keySlots, { force: true }); // a fresh install stays a fresh install
    }
    await removeDatabaseFiles(restoring);
    await syncDirectory(paths.dataDir);
    await rm(journal, { force: true });
    return 'rolled-back';
  }
  // After the commit point: the restored database is in place; make sure its key slots are too.
  await writeKeySlots(paths.keySlots, entry.keySlots);
  await rm(journal, { force: true });
  return 'rolled-forward';
}

async function removeDatabaseFiles(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(file + suffix, { force: true });
}

/** Folders of replaced databases, newest first (shown to the admin; never deleted by the node). */
export async function replacedFolders(paths: DataPaths): Promise<string[]> {
  try {
    return (await readdir(paths.dataDir)).filter((n) => n.startsWith('replaced-')).sort().reverse();
  } catch {
    return [];
  }
}
