// What the status concern reads besides the summaries of stats-repo.ts: the node's identity
// and when it was set up, the dashboard's thresholds and the resources this unit provides
// (JSON values in meta), the schema and SQLite versions, and the usage figures the heartbeat
// reports from the small users table and the record counters.
// Never a record's content, and never a scan of the records.
import { sql, type Db } from './database';
import { getMeta, requireMeta, setMeta } from './meta';
import { schemaVersion } from './migrate';

export interface NodeIdentity {
  nodeId: string;
  unitName: string;
  creditCode: string;
  divisionCode: string;
}

const THRESHOLDS_KEY = 'status_thresholds';
const PROVIDED_KEY = 'status_provided_resources';

export class StatusRepo {
  constructor(private readonly db: Db) {}

  /** Set at first-run setup; a node without it is not set up, so its absence throws. */
  identity(): NodeIdentity {
    return {
      nodeId: requireMeta(this.db, 'node_id'),
      unitName: requireMeta(this.db, 'unit_name'),
      creditCode: requireMeta(this.db, 'credit_code'),
      divisionCode: requireMeta(this.db, 'division_code'),
    };
  }

  /** The thresholds as last saved (JSON), or undefined when never saved (defaults apply). */
  thresholdsJson(): string | undefined {
    return getMeta(this.db, THRESHOLDS_KEY);
  }

  saveThresholdsJson(json: string): void {
    setMeta(this.db, THRESHOLDS_KEY, json);
  }

  /** When the node was set up (ISO), from first-run setup; undefined on a database without it. */
  createdAt(): string | undefined {
    return getMeta(this.db, 'created_at');
  }

  /** The resource codes the admin said this unit provides (JSON array), or undefined when never set (the default applies). */
  providedResourcesJson(): string | undefined {
    return getMeta(this.db, PROVIDED_KEY);
  }

  /** Saves the list; null forgets it (back to the default). */
  saveProvidedResources(codes: readonly string[] | null): void {
    if (codes === null) sql(this.db, 'DELETE FROM meta WHERE key = ?').run(PROVIDED_KEY);
    else setMeta(this.db, PROVIDED_KEY, JSON.stringify(codes));
  }

  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** The SQLite library the database runs on (SQLCipher's build), for the diagnostics bundle. */
  sqliteVersion(): string {
    return (sql(this.db, 'SELECT sqlite_version() AS v').get() as { v: string }).v;
  }

  /** Accounts that logged in at or after `sinceIso`: a count, never who. */
  activeUsersSince(sinceIso: string): number {
    return Number((sql(this.db, 'SELECT count(*) AS n FROM users WHERE last_login_at >= ?').get(sinceIso) as { n: number | string | null }).n);
  }

  /** Records in force (active) over all resources and units, from the maintained counters. */
  recordsInForce(): number {
    return Number((sql(this.db, `SELECT coalesce(sum(n), 0) AS n FROM record_counts WHERE status = 'active'`).get() as { n: number | string | null }).n);
  }
}
