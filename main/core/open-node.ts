// The composition root: openNode(config) builds every service of one node and returns the
// single entry point the hosts use. The core runs the same way in Electron's utility
// process, the CLI, tests and benchmarks.
//
// A node is in one of three states: not set up (only first-run setup is possible), locked
// (set up, but this machine cannot unseal the key — a new machine, no OS key store, a lost
// key file — so the recovery passphrase is needed), or ready.
import { mkdirSync, rmSync } from 'node:fs';
import type { EdgeNode, NodeConfig } from './types';
import { dataPaths } from './data-paths';
import { acquireLock } from './single-writer-lock';
import { initializeNode, isInitialized } from './node-setup';
import { unlockNode } from './node-unlock';
import { buildServices, type Services } from './services';
import { SessionStore } from '../auth/sessions';
import { buildHandlers, type NodeRuntime } from '../api/handlers';
import { createRouter } from '../api/router';
import { ApiFailure } from '../api/api-failure';
import { WrongPassphraseError } from '../store/key-slots';
import { DatabaseTooNewError } from '../store/migrate';
import { WrongDatabaseKeyError, type Db } from '../store/database';
import { redactError } from './redact';

export const APP_VERSION = '0.1.0';

export async function openNode(config: NodeConfig): Promise<EdgeNode> {
  const paths = dataPaths(config.dataDir);
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireLock(paths.lock);
  const now = config.now ?? (() => new Date());
  const appVersion = config.appVersion ?? APP_VERSION;
  const sessions = new SessionStore(now);
  let services: Services | null = null;
  let lockedReason: string | null = null;
  const ready = (db: Db) => {
    services = buildServices(db, sessions, now, appVersion, config.sync ?? {});
    // The outbox engine starts with the unlocked node and stops in close().
    services.sync.start();
    return services;
  };

  try {
    if (isInitialized(paths)) {
      try {
        ready((await unlockNode(paths, config.keyProtector, config.recoveryPassphrase)).db);
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

  let setupRunning = false;
  const initializeOnce = async (input: Parameters<typeof initializeNode>[0]) => {
    const result = await initializeNode(input, paths, config.keyProtector, sessions, now, appVersion);
    ready((await unlockNode(paths, config.keyProtector, result.hostKeyProtection ? undefined : input.recoveryPassphrase)).db);
    return result;
  };

  const runtime: NodeRuntime = {
    state: () => (services ? 'ready' : lockedReason !== null ? 'locked' : 'uninitialized'),
    lockedReason: () => lockedReason,
    services(): Services {
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
      try {
        const { db, hostKeyProtection } = await unlockNode(paths, config.keyProtector, passphrase);
        ready(db);
        lockedReason = null;
        services!.audit.append({ actor: '-', role: '-', action: 'node.unlock', target: 'recovery passphrase', outcome: 'success' });
        return { hostKeyProtection };
      } catch (error) {
        if (error instanceof WrongPassphraseError) throw new ApiFailure('BAD_INPUT', error.message, [{ item: 'recoveryPassphrase', message: error.message }]);
        throw error;
      }
    },
  };

  const dispatch = createRouter(buildHandlers(runtime), sessions, {
    onForbidden(user, channel) {
      services?.audit.append({ actor: user.username, role: user.role, action: 'api.forbidden', target: channel, outcome: 'failure' });
    },
    onUnexpected(channel, error) {
      console.error(`edge-node: ${channel} failed: ${redactError(error)}`);
    },
  });

  let closed = false;
  return {
    dispatch,
    close() {
      if (closed) return;
      closed = true;
      // Synchronous: aborts the batch on the wire and clears every timer before the
      // database closes; rows in flight go back to pending at the next start.
      services?.sync.stop();
      services?.db.close();
      lock.release();
    },
  };
}

function isFatal(error: unknown): boolean {
  return error instanceof DatabaseTooNewError || error instanceof WrongDatabaseKeyError;
}
