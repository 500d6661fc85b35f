// One file's import, start to end: recognise a re-import by content hash (and, for a
// workbook, the sheet: each sheet of a workbook is an import of its own), read the header,
// refuse the file before writing anything when required columns are missing, then stream
// the rows — each converted (Excel pitfalls), validated by the catalog validators and
// written through RecordsService.createMany in transactions of `chunkRows` rows, each
// transaction also carrying the file's progress (intake_files) and its listed errors. So at
// any moment the database says exactly which rows of which file are in, and a file that is
// dropped again — after a crash, a restart, a removal mid-way — continues after the last
// committed row and never imports a row twice. One audit entry per file, never contents.
import type { ImportReport, ImportRowError, IntakeFormat, SessionUser } from '../../common/contract';
import { INTAKE_MAX_LISTED_ERRORS } from '../../common/contract';
import type { AuditLog } from '../audit/audit-log';
import { maskIdNumber } from '../../common/catalog/id-number';
import { findResource } from '../../common/catalog/lookup';
import type { Catalog, CatalogItem, CatalogResource } from '../../common/catalog/types';
import { validateRecord } from '../../common/catalog/validate-record';
import type { BulkOutcome, RecordsService } from '../records/records-service';
import { inspectBytes, type ByteFacts, type ByteInput } from './byte-input';
import { cellText, isBlankCell, type Cell } from './cell';
import { cellToText } from './cell-text';
import { IntakeFileError } from './file-error';
import { openRows, type OpenedRows } from './file-format';
import { itemForHeader, mapHeaders } from './header-mapping';
import type { FileCounts, IntakeFileRow, IntakeRepo } from '../store/intake-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import { openTable } from './table-reader';
import { KeyRowTable } from './key-rows';
import { collectGarbage } from './heap-bound';

export interface ImportRequest {
  input: ByteInput;
  /** The format the file's name declares; a workbook's first bytes then choose the reader. */
  format: IntakeFormat;
  sheet?: string | undefined;
  resourceCode: string;
  /** Who imports; the records belong to this user's unit. */
  user: SessionUser;
  source: IntakeFileRow['source'];
}

export interface ImportDeps {
  records: RecordsService;
  /** The file's import state (intake_files, intake_errors). */
  repo: IntakeRepo;
  /** The transaction the finished file's bookkeeping and its audit entry share. */
  work: UnitOfWork;
  audit: AuditLog;
  catalog: () => Catalog;
  now: () => Date;
  /** Rows per transaction. */
  chunkRows: number;
  /** True once the node is closing: stop before the next transaction, quietly. */
  closing: () => boolean;
  /** Files being imported right now (hash|sheet|resource|unit): the same file is never run twice at once. */
  active: Set<string>;
}

export interface ImportHooks {
  onProgress?(progress: { processedRows: number; bytesRead: number; size: number }): void;
  /** Called before each transaction: a Chinese sentence stops the import there (the source went away or changed). */
  checkSource?(): Promise<string | null>;
  /** Facts already gathered by the caller (the watch folder inspects before it decides). */
  facts?: ByteFacts;
}

export type ImportResult =
  /** The import ran (to its end, or stopped by a file-level problem named in report.fileProblem). */
  | { kind: 'imported'; report: ImportReport; fileId: number | null }
  /** The same content was imported before; nothing was imported now. */
  | { kind: 'already'; report: ImportReport; previous: IntakeFileRow }
  /** The node is closing; the import stopped between transactions and will resume next time. */
  | { kind: 'closed' };

export class ImportBusyError extends Error {
  constructor() {
    super('同一文件正在导入中，请等待其完成');
    this.name = 'ImportBusyError';
  }
}

class Closed extends Error {}

const MAX_VALUE_CHARS = 200;
/** Transactions between full garbage collections in a long import (heap-bound.ts): 8 × 500 rows. */
const COLLECT_EVERY = 8;

export async function runImport(req: ImportRequest, deps: ImportDeps, hooks: ImportHooks = {}): Promise<ImportResult> {
  const startedAt = deps.now().toISOString();
  const resource = findResource(deps.catalog(), req.resourceCode);
  if (!resource) throw new IntakeFileError(`目录中没有资源「${req.resourceCode}」`);
  const facts = hooks.facts ?? (await inspectBytes(req.input));
  if (deps.closing()) return { kind: 'closed' };
  const base = { fileName: req.input.fileName, resourceCode: resource.code, contentHash: facts.contentHash, format: req.format, startedAt };
  return new FileImport(req, deps, hooks, resource, facts, base).run();
}

function emptyCounts() {
  return { totalRows: 0, imported: 0, rejected: 0, duplicates: 0, emptyRowsSkipped: 0, extraColumns: [] as string[], errors: [] as ImportRowError[], errorsNotListed: 0, fileProblem: null as string | null };
}

interface PendingRow {
  ref: number;
  fields: Record<string, string>;
}

class FileImport {
  /** What is committed: counts, listed errors. Updated only after a transaction returned. */
  private committed: FileCounts = { committedThrough: 0, totalRows: 0, imported: 0, rejected: 0, duplicates: 0, emptyRows: 0, errorsNotListed: 0 };
  private errors: ImportRowError[] = [];
  private fileId: number | null = null;
  private skipThrough = 0;
  /** The sheet read ('' for CSV and JSON): part of the file's identity. */
  private sheet = '';
  /** Since the last commit: rows read, their errors and the rows to write. */
  private chunk = { lastRow: 0, rows: 0, totalRows: 0, rejected: 0, emptyRows: 0, errors: [] as ImportRowError[], pending: [] as PendingRow[] };
  /** Key value → row of this file that registered it (this run), to name the row a duplicate repeats. */
  private readonly keyRows = new KeyRowTable();
  private readonly keyItem: CatalogItem | undefined;
  private processedRows = 0;
  /** Transactions committed by this run: every COLLECT_EVERY of them, a full garbage collection. */
  private flushes = 0;
  private bytesRead = 0;
  private items: (CatalogItem | null)[] = [];
  private mapped: number[] = [];
  /** Column of each item code, for naming the column of an error. */
  private columnOf = new Map<string, number>();
  private extraColumns = new Set<string>();
  private headers: string[] = [];

  /** The intake_files row of this file, created with its first transaction (inside it). */
  private fileRecord(): number {
    this.fileId ??= this.deps.repo.create({
      contentHash: this.facts.contentHash,
      sheet: this.sheet,
      resourceCode: this.resource.code,
      unit: this.req.user.unit,
      fileName: this.req.input.fileName,
      source: this.req.source,
      actor: this.req.user.username,
      startedAt: this.base.startedAt,
    });
    return this.fileId;
  }

  constructor(
    private readonly req: ImportRequest,
    private readonly deps: ImportDeps,
    private readonly hooks: ImportHooks,
    private readonly resource: CatalogResource,
    private readonly facts: ByteFacts,
    private readonly base: { fileName: string; resourceCode: string; contentHash: string; format: IntakeFormat; startedAt: string },
  ) {
    this.keyItem = resource.items.find((item) => item.key);
  }

  async run(): Promise<ImportResult> {
    // A workbook is read here, whole, so the sheet — part of the file's identity — is known
    // before the identity is looked up; a file-level problem stops the file before writing.
    let opened: OpenedRows;
    try {
      opened = await openRows(this.req.input, this.req.format, this.facts, this.req.sheet, (n) => (this.bytesRead = n));
    } catch (error) {
      if (!(error instanceof IntakeFileError)) throw error;
      return this.stopBeforeWriting(null, error.message);
    }
    this.base.format = opened.format;
    const workbook = opened.workbook;
    this.sheet = workbook?.sheetName ?? '';
    const { contentHash } = this.facts;
    const unit = this.req.user.unit;
    const prior = this.deps.repo.find(contentHash, this.sheet, this.resource.code, unit, workbook !== null && workbook.sheetName === workbook.sheets[0]);
    if (prior?.state === 'done') {
      await opened.rows.return(undefined);
      return this.alreadyImported(prior, opened);
    }
    const activeKey = `${contentHash}|${this.sheet}|${this.resource.code}|${unit}`;
    if (this.deps.active.has(activeKey)) {
      await opened.rows.return(undefined);
      throw new ImportBusyError();
    }
    this.deps.active.add(activeKey);
    const endImport = this.deps.records.beginImport();
    try {
      if (prior) this.resumeFrom(prior);
      return await this.importRows(opened);
    } finally {
      endImport();
      this.deps.active.delete(activeKey);
    }
  }

  /** The same content (and sheet) was imported before: nothing is imported now. */
  private alreadyImported(prior: IntakeFileRow, opened: OpenedRows): ImportResult {
    return {
      kind: 'already',
      previous: prior,
      report: {
        ...this.base,
        ...emptyCounts(),
        encoding: opened.encoding,
        sheet: opened.workbook?.sheetName ?? null,
        alreadyImported: true,
        previousImport: { fileName: prior.file_name, finishedAt: prior.finished_at ?? prior.started_at, imported: prior.imported, rejected: prior.rejected, duplicates: prior.duplicates },
        finishedAt: this.deps.now().toISOString(),
      },
    };
  }

  /** An import that stopped part-way: continue after its last committed row, with its counts and errors. */
  private resumeFrom(prior: IntakeFileRow): void {
    this.fileId = prior.id;
    this.skipThrough = prior.committed_through;
    this.committed = {
      committedThrough: prior.committed_through,
      totalRows: prior.total_rows,
      imported: prior.imported,
      rejected: prior.rejected,
      duplicates: prior.duplicates,
      emptyRows: prior.empty_rows,
      errorsNotListed: prior.errors_not_listed,
    };
    this.errors = this.deps.repo.errors(prior.id);
  }

  private async importRows(opened: OpenedRows): Promise<ImportResult> {
    let fileProblem: string | null = null;
    try {
      const table = await openTable(opened.rows, [this.resource]);
      this.headers = table.headers;
      if (table.headers.length === 0) {
        await table.rows.return(undefined);
        return this.stopBeforeWriting(opened, '文件中没有找到表头行（或文件是空的），未导入任何数据');
      }
      const mapping = mapHeaders(this.resource, table.headers);
      this.setMapping(mapping.items);
      for (const extra of mapping.extraColumns) this.extraColumns.add(extra);
      if (mapping.missingRequired.length > 0) {
        await table.rows.return(undefined);
        const names = mapping.missingRequired.map((i) => `「${i.name}」`).join('');
        return this.stopBeforeWriting(
          opened,
          `缺少必填列：${names}。请在表头行写明这些信息项的名称（或信息项代码）后重新导入；本文件未导入任何数据`,
        );
      }
      const date1904 = opened.workbook?.date1904 ?? false;
      try {
        for await (const row of table.rows) {
          if (row.rowNumber <= this.skipThrough) continue;
          this.chunk.lastRow = row.rowNumber;
          this.chunk.rows++;
          this.processedRows++;
          if (row.problem !== undefined) {
            this.chunk.totalRows++;
            this.chunk.rejected++;
            this.chunk.errors.push({ row: row.rowNumber, column: null, value: null, reason: row.problem });
          } else {
            if (this.headers.length > this.items.length) this.growColumns();
            this.takeRow(row.rowNumber, row.values, date1904);
          }
          if (this.chunk.rows >= this.deps.chunkRows) {
            fileProblem = await this.flush();
            if (fileProblem) break;
          }
        }
      } catch (error) {
        if (!(error instanceof IntakeFileError)) throw error;
        // The rows read before the damage are good: commit them, then stop.
        fileProblem = (await this.flush()) ?? `${error.message}（读到第 ${this.chunk.lastRow || this.committed.committedThrough} 行后出错）`;
      }
      if (!fileProblem) fileProblem = await this.flush();
    } catch (error) {
      if (error instanceof Closed) return { kind: 'closed' };
      if (!(error instanceof IntakeFileError)) throw error;
      if (this.fileId === null) return this.stopBeforeWriting(opened, error.message);
      fileProblem = error.message;
    } finally {
      await opened.rows.return(undefined);
    }
    if (this.deps.closing()) return { kind: 'closed' };
    return this.finish(opened, fileProblem);
  }

  private setMapping(items: (CatalogItem | null)[]): void {
    this.items = items;
    this.mapped = [];
    this.columnOf.clear();
    items.forEach((item, col) => {
      if (!item) return;
      this.mapped.push(col);
      this.columnOf.set(item.code, col);
    });
  }

  /** JSON: a key first seen in a later element becomes a column now. */
  private growColumns(): void {
    const items = [...this.items];
    for (let col = items.length; col < this.headers.length; col++) {
      const item = itemForHeader(this.resource, this.headers[col]!);
      const taken = item && this.columnOf.has(item.code);
      items.push(item && !taken ? item : null);
      if (!item || taken) this.extraColumns.add(this.headers[col]!);
    }
    this.setMapping(items);
  }

  private takeRow(rowNumber: number, values: Cell[], date1904: boolean): void {
    // Columns without a header that nevertheless hold data are worth a mention.
    for (let col = 0; col < values.length; col++) {
      if (this.items[col] || isBlankCell(values[col] ?? null)) continue;
      const header = this.headers[col] ?? '';
      if (header.trim() === '') this.extraColumns.add(`第${col + 1}列（无列名）`);
    }
    let empty = true;
    for (const col of this.mapped) {
      if (!isBlankCell(values[col] ?? null)) {
        empty = false;
        break;
      }
    }
    if (empty) {
      this.chunk.emptyRows++;
      return;
    }
    this.chunk.totalRows++;
    const fields: Record<string, string> = {};
    const failed = new Map<string, { reason: string; cell: Cell }>();
    for (const col of this.mapped) {
      const item = this.items[col]!;
      const cell = values[col] ?? null;
      const result = cellToText(item, cell, { date1904 });
      if (result.ok) fields[item.code] = result.text;
      else failed.set(item.code, { reason: result.reason, cell });
    }
    if (failed.size === 0) {
      this.chunk.pending.push({ ref: rowNumber, fields });
      return;
    }
    // Rejected before the records layer; still report every other problem of the row at once.
    this.chunk.rejected++;
    for (const [code, f] of failed) {
      const item = this.resource.items.find((i) => i.code === code)!;
      this.chunk.errors.push({ row: rowNumber, column: this.headerOf(code), value: this.shown(item, cellText(f.cell)), reason: f.reason });
    }
    const others = validateRecord(this.resource, fields, this.deps.records.divisionContext());
    if (!others.ok) {
      for (const e of others.errors) if (!failed.has(e.item)) this.chunk.errors.push(this.fieldError(rowNumber, fields, e.item, e.message));
    }
  }

  /** Commits the rows read since the last commit; returns a file-level problem that stops the import, or null. */
  private async flush(): Promise<string | null> {
    if (this.chunk.rows === 0) return null;
    if (this.deps.closing()) throw new Closed();
    const problem = this.hooks.checkSource ? await this.hooks.checkSource() : null;
    if (this.deps.closing()) throw new Closed();
    if (problem) return problem;

    const chunk = this.chunk;
    const chunkKeys = new Map<string, number>();
    let next: FileCounts | null = null;
    let listed: ImportRowError[] = [];
    const fileIdBefore = this.fileId;
    try {
      this.deps.records.createMany(this.req.user, this.resource.code, chunk.pending, (outcomes) => {
        const errors = [...chunk.errors];
        let imported = 0;
        let duplicates = 0;
        let rejected = chunk.rejected;
        for (const o of outcomes) {
          if (o.outcome === 'created') {
            imported++;
            if (o.keyValue) chunkKeys.set(o.keyValue, o.ref);
          } else if (o.outcome === 'duplicate') {
            duplicates++;
            errors.push(this.duplicateError(o, chunk.pending, chunkKeys));
          } else {
            rejected++;
            const fields = chunk.pending.find((p) => p.ref === o.ref)!.fields;
            for (const e of o.errors) errors.push(this.fieldError(o.ref, fields, e.item, e.message));
          }
        }
        // Errors in row order (conversion errors were collected as rows were read).
        errors.sort((a, b) => a.row - b.row);
        const room = Math.max(0, INTAKE_MAX_LISTED_ERRORS - this.errors.length);
        listed = errors.slice(0, room);
        next = {
          committedThrough: chunk.lastRow,
          totalRows: this.committed.totalRows + chunk.totalRows,
          imported: this.committed.imported + imported,
          rejected: this.committed.rejected + rejected,
          duplicates: this.committed.duplicates + duplicates,
          emptyRows: this.committed.emptyRows + chunk.emptyRows,
          errorsNotListed: this.committed.errorsNotListed + (errors.length - listed.length),
        };
        this.deps.repo.saveProgress(this.fileRecord(), next, listed, this.errors.length);
      });
    } catch (error) {
      this.fileId = fileIdBefore; // the row created in the failed transaction is gone with it
      const full = diskFull(error);
      if (!full) throw error;
      return full;
    }
    this.committed = next!;
    this.errors.push(...listed);
    for (const [key, row] of chunkKeys) this.keyRows.set(key, row);
    this.chunk = { lastRow: chunk.lastRow, rows: 0, totalRows: 0, rejected: 0, emptyRows: 0, errors: [], pending: [] };
    this.hooks.onProgress?.({ processedRows: this.processedRows, bytesRead: this.bytesRead, size: this.facts.size });
    if (++this.flushes % COLLECT_EVERY === 0) collectGarbage();
    // Let the UI, the sync engine and other calls run between transactions.
    await new Promise((resolve) => setImmediate(resolve));
    return null;
  }

  private duplicateError(o: Extract<BulkOutcome, { outcome: 'duplicate' }>, pending: PendingRow[], chunkKeys: Map<string, number>): ImportRowError {
    const item = this.keyItem!;
    const fields = pending.find((p) => p.ref === o.ref)!.fields;
    const earlier = chunkKeys.get(o.keyValue) ?? this.keyRows.get(o.keyValue);
    const reason =
      earlier !== undefined
        ? `与本文件第 ${earlier} 行的「${item.name}」相同，是重复行，未重复导入`
        : `该${item.name}已在「${this.resource.name}」中登记（记录编号 ${o.existingId}），未重复导入；如需修改请更正该记录`;
    return { row: o.ref, column: this.headerOf(item.code), value: this.shown(item, fields[item.code] ?? ''), reason };
  }

  private fieldError(row: number, fields: Record<string, string>, code: string, message: string): ImportRowError {
    const item = this.resource.items.find((i) => i.code === code);
    return { row, column: item ? this.headerOf(code) : code, value: item ? this.shown(item, fields[code] ?? '') : null, reason: message };
  }

  private headerOf(code: string): string | null {
    const col = this.columnOf.get(code);
    return col === undefined ? null : (this.headers[col] ?? null);
  }

  /** Watch-folder imports are the node's own doing (the folder was set by an operator), not a clerk's. */
  private auditRole(): string {
    return this.req.source === 'watch' ? 'system' : this.req.user.role;
  }

  /** The value as it appears in a report: ID numbers masked, long text cut. */
  private shown(item: CatalogItem, text: string): string {
    if (item.type === 'idNumber') return maskIdNumber(text);
    return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
  }

  /** `opened` is null when the file could not even be opened. */
  private report(opened: OpenedRows | null, fileProblem: string | null): ImportReport {
    const c = this.committed;
    return {
      ...this.base,
      encoding: opened?.encoding ?? null,
      sheet: opened ? (opened.workbook?.sheetName ?? null) : (this.req.sheet ?? null),
      alreadyImported: false,
      previousImport: null,
      totalRows: c.totalRows,
      imported: c.imported,
      rejected: c.rejected,
      duplicates: c.duplicates,
      emptyRowsSkipped: c.emptyRows,
      extraColumns: [...this.extraColumns],
      errors: this.errors,
      errorsNotListed: c.errorsNotListed,
      fileProblem,
      finishedAt: this.deps.now().toISOString(),
    };
  }

  /** The file stopped before any row was written: one audit entry, no intake_files row. */
  private stopBeforeWriting(opened: OpenedRows | null, problem: string): ImportResult {
    const report = this.report(opened, problem);
    this.deps.audit.append({
      actor: this.req.user.username,
      role: this.auditRole(),
      action: 'intake.import',
      target: this.req.input.fileName,
      outcome: 'failure',
      detail: { resource: this.resource.code, hash: this.facts.contentHash, source: this.req.source, problem },
    });
    return { kind: 'imported', report, fileId: null };
  }

  private finish(opened: OpenedRows, fileProblem: string | null): ImportResult {
    const c = this.committed;
    if (fileProblem && c.committedThrough > 0) {
      fileProblem += `。已提交的数据保留：截至第 ${c.committedThrough} 行，导入 ${c.imported} 行；同一文件再次导入时从第 ${c.committedThrough} 行之后继续，已导入的行不会重复导入`;
    }
    const report = this.report(opened, fileProblem);
    const detail = {
      resource: this.resource.code,
      hash: this.facts.contentHash,
      source: this.req.source,
      total: report.totalRows,
      imported: report.imported,
      rejected: report.rejected,
      duplicates: report.duplicates,
      emptyRows: report.emptyRowsSkipped,
    };
    const audit = (outcome: 'success' | 'failure') =>
      this.deps.audit.append({ actor: this.req.user.username, role: this.auditRole(), action: 'intake.import', target: this.req.input.fileName, outcome, detail: fileProblem ? { ...detail, problem: fileProblem } : detail });
    try {
      this.deps.work.immediate(() => {
        if (!fileProblem) {
          // A file of only empty rows has had no transaction yet: record it now, so that
          // dropping it again is recognised as well.
          const fileId = this.fileRecord();
          this.deps.repo.saveProgress(fileId, { ...c, committedThrough: Math.max(c.committedThrough, this.chunk.lastRow) }, [], this.errors.length);
          this.deps.repo.finish(fileId, report, this.req.source !== 'watch');
        }
        audit(fileProblem ? 'failure' : 'success');
      });
    } catch (error) {
      const full = diskFull(error);
      if (!full) throw error;
      return { kind: 'imported', report: { ...report, fileProblem: report.fileProblem ?? full }, fileId: this.fileId };
    }
    return { kind: 'imported', report, fileId: this.fileId };
  }
}

/** SQLite could not write because the disk (or the file system quota) is full. */
function diskFull(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_WRITE') {
    return '磁盘空间不足，数据库无法写入：本批数据未提交，源文件保留在原处。请清理磁盘空间后重新导入（已提交的行不会重复导入）';
  }
  return null;
}
