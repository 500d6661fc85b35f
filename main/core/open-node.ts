// The composition root: openNode(config) builds every service of one node and returns the
// single entry point the hosts use. The core runs the same way in Electron's utility
// process, the CLI, tests and benchmarks.
import { mkdirSync, rmSync } from 'node:fs';
import type { EdgeNode, NodeConfig } from './types';
import { dataPaths } from './data-paths';
import { acquireLock } from './single-writer-lock';
import { initializeNode, isInitialized } from './node-setup';
import { unlockNode } from './node-unlock';
import { buildServices, type Services } from './services';
import { SessionStore } from '../auth/sessions';
import { buildHandlers } from '../api/handlers';
import { createRouter } from '../api/router';
import { ApiFailure } from '../api/api-failure';
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
  try {
    if (isInitialized(paths)) {
      services = buildServices(await unlockNode(paths, config.keyProtector, config.recoveryPassphrase), sessions, now, appVersion);
    } else {
      // Leftovers of a setup that was cut off; setup starts again from nothing.
      rmSync(paths.databaseDuringSetup, { force: true });
    }
  } catch (error) {
    lock.release();
    throw error;
  }

  const runtime = {
    isInitialized: () => services !== null,
    services(): Services {
      if (!services) throw new ApiFailure('NOT_INITIALIZED', '本节点尚未完成首次设置');
      return services;
    },
    async initialize(input: Parameters<typeof initializeNode>[0]) {
      const nodeId = await initializeNode(input, paths, config.keyProtector, sessions, now, appVersion);
      services = buildServices(await unlockNode(paths, config.keyProtector), sessions, now, appVersion);
      return nodeId;
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
      services?.db.close();
      lock.release();
    },
  };
}
