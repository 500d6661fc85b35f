// The node's status as any role may see it: identity, versions and counts — aggregates
// only, never a record's content. Counts come from maintained counters, not table scans.
import type { NodeStatus } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import type { StatusStore } from './status-sources';
import type { SyncRepo } from '../store/sync-repo';

export class NodeStatusService {
  constructor(
    private readonly store: Pick<StatusStore, 'status' | 'records'>,
    /** The outbox, for the number of versions still waiting to be delivered. */
    private readonly outbox: Pick<SyncRepo, 'queueDepth'>,
    private readonly catalog: () => Catalog,
    private readonly appVersion: string,
  ) {}

  get(): NodeStatus {
    const counts = this.store.records.countsByResource();
    const countOf = (code: string, status: string) => counts.find((c) => c.resourceCode === code && c.status === status)?.n ?? 0;
    const catalog = this.catalog();
    const { nodeId, unitName, creditCode, divisionCode } = this.store.status.identity();
    return {
      nodeId,
      unitName,
      creditCode,
      divisionCode,
      appVersion: this.appVersion,
      schemaVersion: this.store.status.schemaVersion(),
      catalogVersion: catalog.version,
      resources: catalog.resources.map((r) => ({
        resourceCode: r.code,
        name: r.name,
        sharingType: r.sharingType,
        active: countOf(r.code, 'active'),
        withdrawn: countOf(r.code, 'withdrawn'),
      })),
      outboxPending: this.outbox.queueDepth(),
    };
  }
}
