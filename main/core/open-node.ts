// The composition root: openNode(config) builds every service of one node and returns the
// single entry point the hosts use. The core runs the same way in Electron's utility
// process, the CLI, tests and benchmarks.
//
// A node is in one of three states: not set up (only first-run setup is possible), locked
// (set up, but this machine cannot unseal the key — a new machine, no OS key store, a lost
// key file — so the recovery passphrase is needed), or ready.
import { mkdirSync, rmSync } from 'node:fs';
import type { NodeConfig } from './types';
import { dataPaths } from '../../platform/data-paths';
import { acquireLock } from '../../platform/single-writer-lock';
import { initializeNode, isInitialized } from './node-setup';
import { unlockNode } from './node-unlock';
import { buildNodeParts } from './services';
import { SessionStore } from '../auth/sessions';
import { buildHandlers } from '../api/handlers';
import type { EdgeNode, NodeRuntime, Services } from '../api/runtime';
import { createRouter } from '../api/router';
import { ApiFailure } from '../../common/contract/api-failure';
import { openWithPassphrase, WrongPassphraseError } from '../../platform/passphrase-slot';
import { DatabaseTooNewError } from '../store/migrate';
import { WrongDatabaseKeyError, type Db } from '../store/database';
import { log } from '../../platform/log';
import { openWithHost, passphraseSlotOf, readKeySlots } from '../store/key-slots';
import { BackupManager, type BackupManagerOptions } from '../backup/backup-manager';
import type { BackupNode } from '../backup/backup-node';
import { cleanWork } from '../backup/files';
import type { IntakeOptions } from '../intake/intake-service';
import { buildIntakeHostAccess, registerIntakeHostAccess } from '../api/host-access';
import { DashboardService, type DashboardOptions } from '../status/dashboard-service';
import { heartbeatStatus, usageCounts } from '../status/heartbeat-status';
import { UnlockAttempts } from './unlock-attempts';
import { nodeStarted, nodeStopped } from '../audit/access-events';

export const APP_VERSION = '0.1.0';

/**
 * `intake`: bulk import and watch folders; watch folders run by default where sync runs automatically.
 * `backup`: test-sized backup settings (chunk size, DR upload timings, catch-up delay).
 */
export async function openNode(config: NodeConfig & { intake?: IntakeOptions; backup?: BackupManagerOptions; status?: DashboardOptions }): Promise<EdgeNode> {
  const paths = dataPaths(config.dataDir);
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(paths.lock, config.holder);
  const now = config.now ?? (() => new Date());
  const appVersion = config.appVersion ?? APP_VERSION;
  const sessions = new SessionStore(now);
  // Wrong recovery passphrases: counted and slowed while locked, audited once ready.
  const unlockAttempts = new UnlockAttempts(paths.dataDir, now);
  let services: Services | null = null;
  // The backups' view of the ready node: their repositories over its connection, so their
  // writes and the audit entries that record them share one transaction.
  let backupNode: BackupNode | null = null;
  let closeDatabase: (() => void) | null = null;
  let dashboard: DashboardService | null = null;
  let lockedReason: string | null = null;
  // Backups need the database key after unlock; it is unsealed again from keys.json each
  // time, except on a machine without a host key store, where it is kept from the unlock.
  let keyCache: Buffer | null = null;
  // True while a restore swaps the database underneath the node.
  let swapping = false;
  let setupRunning = false;
  const nodeState = (): 'uninitialized' | 'locked' | 'ready' => (services || swapping ? 'ready' : lockedReason !== null ? 'locked' : 'uninitialized');
  const rememberKey = async (passphrase: string | undefined, hostKeyProtection: boolean) => {
    keyCache?.fill(0);
    keyCache = !hostKeyProtection && passphrase ? await openWithPassphrase(passphraseSlotOf(await readKeySlots(paths.keySlots)), passphrase) : null;
  };
  // One node.start per open of the node (the app, `serve`, one CLI command) — on the first
  // ready, which for a locked node is its unlock — and one node.stop per close. A restore
  // reopens the database underneath the running core; that is its own entry, not a start.
  let started = false;
  const ready = (db: Db) => {
    const parts = buildNodeParts(db, sessions, now, appVersion, config.sync ?? {}, config.intake ?? {});
    ({ services, backupNode } = parts);
    closeDatabase = parts.closeDatabase;
    if (!started) {
      try {
        services.audit.append(nodeStarted(config.holder, appVersion));
        started = true;
      } catch (error) {
        // Like the unlock tally below: a node that cannot write its log fails at its first
        // audited action anyway; the open itself is not left half done.
        log.error('recording the start of the core', error);
      }
    }
    try {
      unlockAttempts.recordTo(services.audit);
    } catch (error) {
      log.error('recording failed unlock attempts', error);
    }
    // The outbox engine starts with the unlocked node and stops in close().
    services.sync.start();
    // Watch folders run in long-running hosts (the app, `serve`), like automatic sync.
    services.intake.startWatching(config.sync?.automatic ?? true);
    backup.nodeReady();
    dashboard?.stop();
    const { statusStore } = parts;
    const statusSources = { ...statusStore, audit: services.audit, sync: services.sync, certs: services.certs, catalog: services.catalog };
    dashboard = new DashboardService(
      { services: statusSources, backupStatus: () => backup.status(), backupSettings: () => backup.settings(), paths, appVersion, now },
      config.status ?? {},
    );
    // The queue chart is sampled where the node runs for long (the app, `serve`), like sync.
    if (config.sync?.automatic ?? true) dashboard.startSampling();
    // The heartbeat tells the province what the dashboard shows, plus usage (aggregates only).
    const board = dashboard;
    services.sync.setStatusSource(async () => heartbeatStatus(await board.dashboard(), usageCounts(statusStore, now())));
    return services;
  };
  // Backup and restore (issue 4). It outlives a restore, which swaps the database — and so
  // every service above — underneath it.
  const backup: BackupManager = new BackupManager(
    {
      paths,
      now,
      appVersion,
      keyProtector: config.keyProtector,
      state: nodeState,
      services: () => (swapping || !services ? null : backupNode),
      async databaseKey() {
        if (keyCache) return Buffer.from(keyCache);
        return openWithHost(await readKeySlots(paths.keySlots), config.keyProtector);
      },
      closeDatabase() {
        swapping = true;
        services?.sync.stop();
        void services?.intake.stop();
        closeDatabase?.();
        closeDatabase = null;
        services = null;
        backupNode = null;
      },
      async openDatabase(passphrase, databaseKey) {
        try {
          const { db } = await unlockNode(paths, config.keyProtector, passphrase);
          keyCache?.fill(0);
          keyCache = passphrase ? Buffer.from(databaseKey) : null;
          lockedReason = null;
          swapping = false;
          ready(db);
        } catch (error) {
          lockedReason = error instanceof Error ? error.message : String(error);
          throw error;
        } finally {
          swapping = false;
        }
      },
      async reopenAfterFailure() {
        try {
          if (isInitialized(paths)) ready((await unlockNode(paths, config.keyProtector)).db);
        } catch (error) {
          lockedReason = error instanceof Error ? error.message : String(error);
        } finally {
          swapping = false;
        }
      },
      endSessionsOf: (usernames) => usernames.forEach((u) => sessions.endAllOf(u)),
      async exclusive(work) {
        if (setupRunning) throw new ApiFailure('CONFLICT', '首次设置、解锁或恢复正在进行中，请稍候');
        setupRunning = true;
        try {
          return await work();
        } finally {
          setupRunning = false;
        }
      },
      log: (line: string) => log.warn(line),
    },
    config.backup ?? {},
  );

  try {
    // A restore cut off by a crash or power cut is rolled back (or forward) before anything
    // opens the database; leftovers of an interrupted backup or verify go.
    await BackupManager.recover(paths);
    await cleanWork(paths);
    if (isInitialized(paths)) {
      try {
        const opened = await unlockNode(paths, config.keyProtector, config.recoveryPassphrase);
        await rememberKey(config.recoveryPassphrase, opened.hostKeyProtection);
        ready(opened.db);
      } catch (error) {
        // Problems a passphrase cannot fix (wrong passphrase given, database from a newer
        // app, a damaged database) stop here; a host that cannot unseal the key only locks.
        if (config.recoveryPassphrase || isFatal(error)) throw error;
        lockedReason = error instanceof Error ? error.message : String(error);
      }
    } else {
      // Leftovers of a setup that was cut off; setup starts again from nothing.
      rmSync(paths.databaseDuringSetup, { force: true });
    }
  } catch (error) {
    lock.release();
    throw error;
  }

  const initializeOnce = async (input: Parameters<typeof initializeNode>[0]) => {
    const result = await initializeNode(input, paths, config.keyProtector, sessions, now, appVersion);
    const opened = await unlockNode(paths, config.keyProtector, result.hostKeyProtection ? undefined : input.recoveryPassphrase);
    await rememberKey(input.recoveryPassphrase, result.hostKeyProtection);
    ready(opened.db);
    return result;
  };

  const runtime: NodeRuntime = {
    state: nodeState,
    lockedReason: () => lockedReason,
    services(): Services {
      if (swapping) throw new ApiFailure('CONFLICT', '正在恢复备份，请稍候再试');
      if (services) return services;
      if (lockedReason !== null) throw new ApiFailure('LOCKED', `本机无法自动解开数据库密钥：${lockedReason}`);
      throw new ApiFailure('NOT_INITIALIZED', '本节点尚未完成首次设置');
    },
    async initialize(input) {
      // A double-clicked setup must not build two databases with two different keys.
      if (setupRunning) throw new ApiFailure('ALREADY_INITIALIZED', '首次设置正在进行中，请稍候');
      setupRunning = true;
      try {
        return await initializeOnce(input);
      } finally {
        setupRunning = false;
      }
    },
    async unlock(passphrase) {
      if (setupRunning) throw new ApiFailure('CONFLICT', '首次设置、解锁或恢复正在进行中，请稍候');
      try {
        return await unlockAttempts.attempt(async () => {
          const { db, hostKeyProtection } = await unlockNode(paths, config.keyProtector, passphrase);
          await rememberKey(passphrase, hostKeyProtection);
          ready(db);
          lockedReason = null;
          services!.audit.append({ actor: '-', role: '-', action: 'node.unlock', target: 'recovery passphrase', outcome: 'success' });
          return { hostKeyProtection };
        });
      } catch (error) {
        if (error instanceof WrongPassphraseError) {
          const message = `${error.message}${unlockAttempts.hint()}`;
          throw new ApiFailure('BAD_INPUT', message, [{ item: 'recoveryPassphrase', message }]);
        }
        throw error;
      }
    },
    backup: () => backup,
    dashboard() {
      runtime.services(); // the same refusal while locked, not set up or swapping
      return dashboard!;
    },
    appVersion,
    now,
  };

  const dispatch = createRouter(buildHandlers(runtime), sessions, {
    onForbidden(user, channel) {
      services?.audit.append({ actor: user.username, role: user.role, action: 'api.forbidden', target: channel, outcome: 'failure' });
    },
    onUnexpected(channel, error) {
      log.error(`${channel} failed`, error);
    },
  });

  let closed = false;
  const edgeNode: EdgeNode = {
    dispatch,
    close() {
      if (closed) return;
      closed = true;
      backup.close();
      dashboard?.stop();
      keyCache?.fill(0);
      // Synchronous: aborts the batch on the wire and clears every timer before the
      // database closes; rows in flight go back to pending at the next start.
      services?.sync.stop();
      // Imports stop before their next transaction (they resume at the next start); the
      // watchers' own close finishes in the background.
      void services?.intake.stop();
      // Last, after the services that append stopped: nothing is recorded after the stop.
      try {
        services?.audit.append(nodeStopped());
      } catch (error) {
        log.error('recording the stop of the core', error);
      }
      closeDatabase?.();
      lock.release();
    },
  };
  registerIntakeHostAccess(edgeNode, buildIntakeHostAccess({ sessions, services: () => runtime.services(), ready: () => services }));
  return edgeNode;
}

function isFatal(error: unknown): boolean {
  return error instanceof DatabaseTooNewError || error instanceof WrongDatabaseKeyError;
}
