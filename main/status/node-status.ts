// The node's status as any role may see it: identity, versions and counts — aggregates
// only, never a record's content. Counts come from maintained counters, not table scans.
import type { NodeStatus } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import type { Db } from '../store/database';
import { requireMeta } from '../store/meta';
import { schemaVersion } from '../store/migrate';
import { RecordsRepo } from '../store/records-repo';
import { SyncRepo } from '../store/sync-repo';

export class NodeStatusService {
  private readonly repo: RecordsRepo;

  constructor(
    private readonly db: Db,
    private readonly catalog: () => Catalog,
    private readonly appVersion: string,
  ) {
    this.repo = new RecordsRepo(db);
  }

  get(): NodeStatus {
    const counts = this.repo.countsByResource();
    const countOf = (code: string, status: string) => counts.find((c) => c.resourceCode === code && c.status === status)?.n ?? 0;
    const catalog = this.catalog();
    return {
      nodeId: requireMeta(this.db, 'node_id'),
      unitName: requireMeta(this.db, 'unit_name'),
      creditCode: requireMeta(this.db, 'credit_code'),
      divisionCode: requireMeta(this.db, 'division_code'),
      appVersion: this.appVersion,
      schemaVersion: schemaVersion(this.db),
      catalogVersion: catalog.version,
      resources: catalog.resources.map((r) => ({
        resourceCode: r.code,
        name: r.name,
        sharingType: r.sharingType,
        active: countOf(r.code, 'active'),
        withdrawn: countOf(r.code, 'withdrawn'),
      })),
      outboxPending: new SyncRepo(this.db).queueDepth(),
    };
  }
}
