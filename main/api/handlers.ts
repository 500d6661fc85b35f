// What each channel does, given a node: one handler file per area of the contract, put
// together here. Role and input checks already happened in the router; handlers only
// translate between the contract and the services.
import type { Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { buildSetupHandlers } from './setup-handlers';
import { buildRecordsHandlers } from './records-handlers';
import { buildAuditHandlers } from './audit-handlers';
import { buildSyncHandlers } from './sync-handlers';
import { buildIntakeHandlers } from './intake-handlers';
import { buildBackupHandlers } from './backup-handlers';
import { buildStatusHandlers } from './status-handlers';

export function buildHandlers(node: NodeRuntime): Handlers {
  return {
    ...buildSetupHandlers(node),
    ...buildRecordsHandlers(node),
    ...buildAuditHandlers(node),
    ...buildSyncHandlers(node),
    ...buildIntakeHandlers(node),
    ...buildBackupHandlers(node),
    ...buildStatusHandlers(node),
  };
}
