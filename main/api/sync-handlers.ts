// Handlers for certificates and sync (issue 3). Placeholder answers until the sync engine
// lands: every call says plainly that the feature is not available yet.
import type { Handlers } from './router';
import type { NodeRuntime } from './handlers';
import { ApiFailure } from './api-failure';

type SyncChannels = Extract<keyof Handlers, `cert.${string}` | `sync.${string}`>;

export function buildSyncHandlers(_node: NodeRuntime): Pick<Handlers, SyncChannels> {
  const notYet = (): never => {
    throw new ApiFailure('NOT_CONFIGURED', '证书与同步功能尚未启用');
  };
  return {
    'cert.status': notYet,
    'cert.createCsr': notYet,
    'cert.import': notYet,
    'cert.setRoot': notYet,
    'sync.getSettings': notYet,
    'sync.setSettings': notYet,
    'sync.status': notYet,
    'sync.now': notYet,
    'sync.pause': notYet,
    'sync.resume': notYet,
    'sync.rejected': notYet,
    'sync.requeue': notYet,
  };
}
