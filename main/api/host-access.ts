// What a trusted host (the CLI, in the same process as the core) may do that the renderer
// may not: import a file by its PATH on this machine. The renderer sends bytes (intake.start);
// letting it name paths would let a page read any file the node can read. So this door is
// not a channel of the contract: openNode registers it for the EdgeNode it returns, and only
// code holding that object (the host that opened the node) can use it. It still goes through
// a session and the clerk role, like every call.
import { ROLE_LABELS, type ImportReport } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { SessionStore } from '../auth/sessions';
import { importReportHandedOut } from '../audit/access-events';
import type { Services } from './runtime';
import type { EdgeNode } from './runtime';

export interface PathImportOptions {
  resourceCode?: string | undefined;
  sheet?: string | undefined;
}

export interface IntakeHostAccess {
  /** Imports the file at `path` as the clerk of session `token`; throws ApiFailure on refusal. */
  importFromPath(token: string | null, path: string, options: PathImportOptions, onProgress?: (p: { processedRows: number; fractionDone: number | null }) => void): Promise<ImportReport>;
  /** Tests: resolves when the watch folders have nothing left to do. */
  watchIdle(): Promise<void>;
}

const hosts = new WeakMap<EdgeNode, IntakeHostAccess>();

export function registerIntakeHostAccess(node: EdgeNode, access: IntakeHostAccess): void {
  hosts.set(node, access);
}

export function intakeHostAccess(node: EdgeNode): IntakeHostAccess {
  const access = hosts.get(node);
  if (!access) throw new Error('this EdgeNode was not opened by openNode');
  return access;
}

/** The host access of one node: session and role checked here, as the router would. */
export function buildIntakeHostAccess(deps: {
  sessions: SessionStore;
  /** The unlocked node's services; throws NOT_INITIALIZED or LOCKED otherwise. */
  services: () => Services;
  /** The watch folders' idle promise, when the node is unlocked. */
  ready: () => Services | null;
}): IntakeHostAccess {
  return {
    async importFromPath(token, path, options, onProgress) {
      const user = deps.sessions.touch(token);
      if (!user) throw new ApiFailure('UNAUTHENTICATED', '未登录或会话已超时，请重新登录');
      const services = deps.services();
      if (user.role !== 'clerk') {
        services.audit.append({ actor: user.username, role: user.role, action: 'api.forbidden', target: 'intake.importPath', outcome: 'failure' });
        throw new ApiFailure('FORBIDDEN', `您的角色（${ROLE_LABELS[user.role].zh}）无权导入数据`);
      }
      const report = await services.intake.importPath(user, path, options, onProgress);
      // Handed to the CLI, which prints the rows in error: recorded like the app's report.
      if (report.errors.length > 0) services.audit.append(importReportHandedOut(user, report, 'cli'));
      return report;
    },
    watchIdle: () => deps.ready()?.intake.watchIdle() ?? Promise.resolve(),
  };
}
