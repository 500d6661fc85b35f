// What a clerk can do with records: register, list, look up, open, correct, withdraw.
// Validation uses the same catalog validators as the form; every write stores the new
// version, its outbox entry and its audit entry in one transaction. Clerks only ever see
// records of their own unit; another unit's record answers "not found", not "forbidden",
// so its existence does not leak.
import type { ListCursor, RecordSummary, RecordView, SessionUser, RecordStatus } from '../../common/contract';
import type { AuditLog } from '../audit/audit-log';
import type { Catalog, CatalogResource, FieldError } from '../../common/catalog/types';
import { findResource } from '../../common/catalog/lookup';
import { validateRecord } from '../../common/catalog/validate-record';
import type { DivisionContext } from '../../common/catalog/node-division';
import { maskIdNumber } from '../../common/catalog/id-number';
import { normaliseIdentifier } from '../../common/catalog/normalise';
import { ApiFailure } from '../../common/contract/api-failure';
import { toSummary, type HeadRow, type RecordsRepo } from '../store/records-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import type { ListPage, ListScope } from '../store/records-pages';
import { uuid7, uuid7Many } from '../store/uuid7';
import type { NewRecord } from '../store/records-bulk';
import { recordListShown, recordOpened, recordRefused, recordsFound } from '../audit/access-events';
import { personalResources } from './personal-resources';
import { GroupCommit } from './group-commit';

export interface ListQuery {
  resourceCode?: string | undefined;
  status?: RecordStatus | undefined;
  /** By OFFSET, for the first pages; ignored (1) when a cursor is given. */
  page: number;
  pageSize: number;
  cursor?: ListCursor | undefined;
}

export interface ListAnswer {
  items: RecordSummary[];
  total: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

/** What became of one row given to createMany. */
export type BulkOutcome =
  | { ref: number; outcome: 'created'; id: string; keyValue: string | null }
  | { ref: number; outcome: 'duplicate'; existingId: string; keyValue: string }
  | { ref: number; outcome: 'invalid'; errors: FieldError[] };

export class RecordsService {
  constructor(
    private readonly repo: RecordsRepo,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly catalog: () => Catalog,
    private readonly now: () => Date,
    /** Called after each committed write (the sync engine's "new data" trigger). */
    private readonly committed: () => void = () => {},
    /** The node's own division code: division-code items are checked against it. Null checks structure only. */
    private readonly nodeDivision: () => string | null = () => null,
  ) {
    this.group = new GroupCommit(work, committed);
  }

  /** Registrations through the API, committed in groups. */
  private readonly group: GroupCommit;

  /**
   * What every record written here is checked against besides its items: the node's
   * division and the catalog's division table. Public so that a caller validating rows
   * on its own (an import listing all of a row's problems) gives the same answer.
   */
  divisionContext(): DivisionContext | undefined {
    const nodeDivision = this.nodeDivision();
    return nodeDivision === null ? undefined : { nodeDivision, divisions: this.catalog().divisions };
  }

  /** Registers one record now: in its own transaction, or in the caller's if one is open. */
  create(user: SessionUser, resourceCode: string, rawFields: Record<string, string>): RecordView {
    return this.afterCommit(() => this.work.immediate(this.creation(user, resourceCode, rawFields)));
  }

  /**
   * Registers one record in the next group commit (group-commit.ts) with the registrations
   * arriving at the same time: the API's path. Answers once the record is durable; a record
   * refused (invalid, a duplicate) is refused alone.
   */
  async register(user: SessionUser, resourceCode: string, rawFields: Record<string, string>): Promise<RecordView> {
    return this.group.submit(this.creation(user, resourceCode, rawFields));
  }

  /** Validates now (outside any transaction) and returns the write: version, outbox, audit entry. */
  private creation(user: SessionUser, resourceCode: string, rawFields: Record<string, string>): () => RecordView {
    const resource = this.resource(resourceCode);
    const fields = this.validated(resource, rawFields);
    const id = uuid7(this.now().getTime());
    return () => {
      this.refuseDuplicateKey(user, resource, fields, null);
      const at = this.write(user, resource, { id, version: 1, status: 'active', fields, reason: null });
      this.audit.append({ actor: user.username, role: user.role, action: 'record.create', target: id, outcome: 'success', detail: { resource: resource.code } });
      // What was just written, as records.get would read it back (without reading it back).
      return { id, resourceCode: resource.code, version: 1, status: 'active', fields, unit: user.unit, createdAt: at, updatedAt: at, updatedBy: user.username, reason: null };
    };
  }

  correct(user: SessionUser, id: string, baseVersion: number, rawFields: Record<string, string>, reason: string): RecordView {
    return this.afterCommit(() => this.work.immediate(() => {
      const head = this.ownHead(user, id);
      this.refuseStale(head, baseVersion);
      if (head.status === 'withdrawn') throw new ApiFailure('CONFLICT', '该记录已撤回，不能更正');
      const resource = this.resource(head.resource_code);
      const fields = this.validated(resource, rawFields);
      this.refuseDuplicateKey(user, resource, fields, id);
      this.write(user, resource, { id, version: head.version + 1, status: 'active', fields, reason });
      this.audit.append({ actor: user.username, role: user.role, action: 'record.correct', target: id, outcome: 'success', detail: { version: head.version + 1 } });
      return this.repo.current(id)!;
    }));
  }

  /** Withdrawal is a tombstone version carrying the last fields, never a delete. */
  withdraw(user: SessionUser, id: string, baseVersion: number, reason: string): RecordView {
    return this.afterCommit(() => this.work.immediate(() => {
      const head = this.ownHead(user, id);
      this.refuseStale(head, baseVersion);
      if (head.status === 'withdrawn') throw new ApiFailure('CONFLICT', '该记录已经撤回');
      const resource = this.resource(head.resource_code);
      const last = this.repo.current(id)!;
      this.write(user, resource, { id, version: head.version + 1, status: 'withdrawn', fields: last.fields, reason });
      this.audit.append({ actor: user.username, role: user.role, action: 'record.withdraw', target: id, outcome: 'success', detail: { version: head.version + 1 } });
      return this.repo.current(id)!;
    }));
  }

  /**
   * Bulk registration for file imports (main/intake). Each row gets exactly what `create`
   * gives a form registration — the same catalog validation, version 1, the outbox entry
   * (unless 不予共享), counters and key index — but all rows go in ONE transaction and
   * without a per-row audit entry: the importer writes one entry per file. A row whose key
   * is already active in the unit (including a row earlier in the same call) is not written
   * and comes back as a duplicate. The rows are written in bulk (store/records-bulk.ts: multi-row
   * INSERTs, one key query per call). `inTransaction` runs inside the same transaction after the
   * rows, so the importer's progress is committed with them or not at all.
   */
  createMany(
    user: SessionUser,
    resourceCode: string,
    rows: readonly { ref: number; fields: Record<string, string> }[],
    inTransaction: (outcomes: BulkOutcome[]) => void = () => {},
  ): BulkOutcome[] {
    const resource = this.resource(resourceCode);
    const keyItem = resource.items.find((item) => item.key);
    const context = this.divisionContext();
    const validated = rows.map((row) => ({ ref: row.ref, result: validateRecord(resource, row.fields, context) }));
    const at = this.now();
    const atText = at.toISOString();
    const ids = uuid7Many(validated.length, at.getTime());
    const titleItem = resource.items.find((item) => item.type === 'text');
    return this.afterCommit(() => this.work.immediate(() => {
      const outcomes: BulkOutcome[] = [];
      const keys: string[] = [];
      if (keyItem) for (const { result } of validated) if (result.ok && result.fields[keyItem.code]) keys.push(result.fields[keyItem.code]!);
      const existing = this.repo.activeIdsByKey(user.unit, resource.code, keys);
      const fresh: NewRecord[] = [];
      validated.forEach(({ ref, result }, i) => {
        if (!result.ok) {
          outcomes.push({ ref, outcome: 'invalid', errors: result.errors });
          return;
        }
        const keyValue = keyItem ? result.fields[keyItem.code] || null : null;
        const existingId = keyValue ? existing.get(keyValue) : undefined;
        if (existingId) {
          outcomes.push({ ref, outcome: 'duplicate', existingId, keyValue: keyValue! });
          return;
        }
        const id = ids[i]!;
        if (keyValue) existing.set(keyValue, id);
        fresh.push({
          id,
          resourceCode: resource.code,
          fields: result.fields,
          unit: user.unit,
          author: user.username,
          at: atText,
          keyValue,
          title: (titleItem && result.fields[titleItem.code]) || resource.name,
          shareable: resource.sharingType !== 'none',
        });
        outcomes.push({ ref, outcome: 'created', id, keyValue });
      });
      this.repo.insertNew(fresh);
      inTransaction(outcomes);
      return outcomes;
    }));
  }

  /**
   * Marks a file import as running until the returned function is called: while any import
   * runs, the database's page cache is held small (store/records-bulk.ts), so a large file's
   * import stays within its memory budget. Imports may overlap; the last one to end restores it.
   */
  beginImport(): () => void {
    if (this.importsRunning++ === 0) this.restoreCache = this.repo.holdImportPageCache();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.importsRunning === 0) this.restoreCache();
    };
  }

  private importsRunning = 0;
  private restoreCache: () => void = () => {};

  // Reads are audited too (MLPS level 3, PIPL): the entry is appended before the data is
  // returned, so a read the log could not record is not answered. One append per call.

  get(user: SessionUser, id: string): { current: RecordView; history: RecordView[] } {
    let head: HeadRow;
    try {
      head = this.ownHead(user, id);
    } catch (error) {
      this.audit.append(recordRefused(user, id));
      throw error;
    }
    const current = this.repo.current(id)!;
    const history = this.repo.history(id);
    this.audit.append(recordOpened(user, id, head.resource_code, history.length));
    return { current, history };
  }

  list(user: SessionUser, query: ListQuery): ListAnswer {
    const filter = { unit: user.unit, resourceCode: query.resourceCode, status: query.status };
    const { rows, hasNewer, hasOlder } = this.listPage(filter, query);
    const total = this.repo.total(filter);
    // Only a page that shows a person's data is a read of personal data (a page of 灾情报送
    // is not). The list is for clerks only (the contract), who see every item of it.
    const personal = personalResources(this.catalog());
    if (rows.some((row) => personal.has(row.resource_code))) this.audit.append(recordListShown(user, query, rows.length));
    return { items: rows.map((row) => this.summary(row)), total, hasNewer, hasOlder };
  }

  /** A cursor's page by keyset; a page number past the first by OFFSET (callers that count pages). */
  private listPage(filter: ListScope, query: ListQuery): ListPage {
    if (query.cursor) return this.repo.page(filter, query.cursor, query.pageSize);
    if (query.page === 1) return this.repo.page(filter, { to: 'first' }, query.pageSize);
    const rows = this.repo.list({ ...filter, limit: query.pageSize + 1, offset: (query.page - 1) * query.pageSize });
    return { rows: rows.slice(0, query.pageSize), hasNewer: true, hasOlder: rows.length > query.pageSize };
  }

  findByKey(user: SessionUser, key: string, resourceCode?: string): RecordSummary[] {
    const rows = this.repo.findByKey(user.unit, normaliseIdentifier(key), resourceCode);
    // The search is recorded with its result count; the number typed is not (it is the very
    // personal data the log must not hold).
    this.audit.append(recordsFound(user, resourceCode, rows.length));
    return rows.map((row) => this.summary(row));
  }

  /** Runs a write and, once it has returned (committed), signals it. The engine debounces. */
  private afterCommit<T>(write: () => T): T {
    const result = write();
    this.committed();
    return result;
  }

  private write(
    user: SessionUser,
    resource: CatalogResource,
    v: { id: string; version: number; status: RecordStatus; fields: Record<string, string>; reason: string | null },
  ): string {
    const keyItem = resource.items.find((item) => item.key);
    const titleItem = resource.items.find((item) => item.type === 'text');
    const at = this.now().toISOString();
    this.repo.writeVersion({
      ...v,
      resourceCode: resource.code,
      unit: user.unit,
      author: user.username,
      at,
      keyValue: keyItem ? v.fields[keyItem.code] || null : null,
      title: (titleItem && v.fields[titleItem.code]) || resource.name,
      shareable: resource.sharingType !== 'none',
    });
    return at;
  }

  private summary(row: HeadRow): RecordSummary {
    const keyItem = this.catalogResource(row.resource_code)?.items.find((item) => item.key);
    const key = row.key_value ?? '';
    return toSummary(row, keyItem?.type === 'idNumber' ? maskIdNumber(key) : key);
  }

  private validated(resource: CatalogResource, raw: Record<string, string>): Record<string, string> {
    const result = validateRecord(resource, raw, this.divisionContext());
    if (!result.ok) {
      throw new ApiFailure('VALIDATION', `有 ${result.errors.length} 项内容需要修改，记录未保存`, result.errors);
    }
    return result.fields;
  }

  private refuseDuplicateKey(user: SessionUser, resource: CatalogResource, fields: Record<string, string>, self: string | null): void {
    const keyItem = resource.items.find((item) => item.key);
    const key = keyItem ? fields[keyItem.code] : undefined;
    if (!keyItem || !key) return;
    const other = this.repo.findByKey(user.unit, key, resource.code).find((row) => row.status === 'active' && row.id !== self);
    if (other) {
      const message = `该${keyItem.name}已在「${resource.name}」中登记（记录编号 ${other.id}），请查找后更正该记录，不要重复登记`;
      throw new ApiFailure('CONFLICT', message, [{ item: keyItem.code, message }]);
    }
  }

  private refuseStale(head: HeadRow, baseVersion: number): void {
    if (head.version !== baseVersion) {
      throw new ApiFailure('CONFLICT', `记录已被他人修改（当前为第 ${head.version} 版），请刷新后重试`);
    }
  }

  private ownHead(user: SessionUser, id: string): HeadRow {
    const head = this.repo.head(id);
    if (!head || head.unit !== user.unit) throw new ApiFailure('NOT_FOUND', '未找到该记录，或该记录不属于您的单位');
    return head;
  }

  private resource(code: string): CatalogResource {
    const resource = this.catalogResource(code);
    if (!resource) throw new ApiFailure('NOT_FOUND', `目录中没有资源「${code}」`);
    return resource;
  }

  private catalogResource(code: string): CatalogResource | undefined {
    return findResource(this.catalog(), code);
  }
}
