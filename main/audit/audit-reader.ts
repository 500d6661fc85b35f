// The auditor's view of the log: the filters turned into a query, pages keyed on seq, and
// every entry with its sentence. The list, the CLI and the export all read through here, so
// a filter selects the same entries wherever it is used.
import type { AuditEntryView, AuditFilter, AuditListInput, AuditPage } from '../../common/contract';
import { actionsOfKind } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import { findResource } from '../../common/catalog/lookup';
import type { AuditQuery, AuditRecord, AuditRepo } from '../store/audit-repo';
import type { AccountName, AuditNamesRepo } from '../store/audit-names-repo';
import { describeEntry, type AuditNames } from './describe';

/** Entries whose target is a record id, whose resource the sentence names. */
const RECORD_TARGETS = new Set(['record.create', 'record.correct', 'record.withdraw', 'sync.requeue']);

export class AuditReader {
  constructor(
    private readonly repo: AuditRepo,
    private readonly namesRepo: AuditNamesRepo,
    private readonly catalog: () => Catalog,
  ) {}

  /** Every account, for the person filter. */
  people(): AccountName[] {
    return this.namesRepo.accounts();
  }

  /** One page, newest first: older than `before`, newer than `after`, or the newest. */
  page(input: AuditListInput): AuditPage {
    const q = this.query(input);
    const limit = input.pageSize;
    const exists = (direction: 'older' | 'newer', seq: number) => this.repo.scan(q, { direction, seq }, 1).length > 0;
    let rows: AuditRecord[];
    let hasOlder: boolean;
    let hasNewer: boolean;
    if (input.after !== undefined) {
      const got = this.repo.scan(q, { direction: 'newer', seq: input.after }, limit + 1);
      hasNewer = got.length > limit;
      rows = got.slice(0, limit).reverse();
      const oldest = rows.at(-1)?.seq ?? input.after + 1;
      hasOlder = exists('older', oldest);
    } else {
      const got = this.repo.scan(q, { direction: 'older', seq: input.before ?? Number.MAX_SAFE_INTEGER }, limit + 1);
      hasOlder = got.length > limit;
      rows = got.slice(0, limit);
      hasNewer = input.before !== undefined && exists('newer', rows[0]?.seq ?? input.before - 1);
    }
    return { items: this.describe(rows), total: input.withTotal ? this.repo.count(q) : null, hasOlder, hasNewer };
  }

  count(filter: AuditFilter): number {
    return this.repo.count(this.query(filter));
  }

  /** Every matching entry, oldest first, a batch at a time (an export may be long). */
  *inOrder(filter: AuditFilter, batch = 1000): Generator<AuditEntryView[]> {
    const q = this.query(filter);
    let after = 0;
    for (;;) {
      const rows = this.repo.scan(q, { direction: 'newer', seq: after }, batch);
      if (rows.length === 0) return;
      yield this.describe(rows);
      after = rows.at(-1)!.seq;
    }
  }

  /** The account a person filter names: a username (any case) or a display name; else the text itself. */
  resolveUser(text: string): string {
    const accounts = this.namesRepo.accounts();
    const lower = text.toLowerCase();
    return accounts.find((a) => a.username.toLowerCase() === lower)?.username ?? accounts.find((a) => a.displayName === text)?.username ?? text;
  }

  private query(filter: AuditFilter): AuditQuery {
    let actions: readonly string[] | undefined;
    if (filter.action !== undefined) actions = filter.kind === undefined || actionsOfKind(filter.kind).includes(filter.action) ? [filter.action] : [];
    else if (filter.kind !== undefined) actions = actionsOfKind(filter.kind);
    return {
      actor: filter.user === undefined ? undefined : this.resolveUser(filter.user),
      actions,
      fromAt: filter.from === undefined ? undefined : chinaMidnight(filter.from, 0),
      toAt: filter.to === undefined ? undefined : chinaMidnight(filter.to, 1),
      outcome: filter.outcome,
    };
  }

  private describe(rows: AuditRecord[]): AuditEntryView[] {
    const names = this.names(rows);
    return rows.map((row) => ({ seq: row.seq, at: row.at, role: row.role, action: row.action, outcome: row.outcome, ...describeEntry(row, names) }));
  }

  /** The names one batch of entries needs (people and resources; records of `rows`), read once per batch. */
  names(rows: readonly AuditRecord[] = []): AuditNames {
    const people = new Map(this.namesRepo.accounts().map((a) => [a.username.toLowerCase(), a.displayName]));
    const recordIds = [...new Set(rows.filter((r) => RECORD_TARGETS.has(r.action) && r.target).map((r) => r.target))];
    const recordResources = this.namesRepo.resourcesOfRecords(recordIds);
    const catalog = this.catalog();
    return {
      person: (username) => people.get(username.toLowerCase()),
      resource: (code) => findResource(catalog, code)?.name,
      recordResource: (id) => recordResources.get(id),
    };
  }
}

/** Midnight in China (UTC+8, no daylight saving) at the start of `day` + `plusDays`, as the log stores times (ISO UTC). */
export function chinaMidnight(day: string, plusDays: number): string {
  const utcMidnight = Date.parse(`${day}T00:00:00.000Z`);
  return new Date(utcMidnight + plusDays * 86_400_000 - 8 * 3_600_000).toISOString();
}
