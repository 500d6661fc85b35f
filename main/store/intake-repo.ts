// All SQL of the intake: the per-file import state (intake_files, intake_errors; see
// migrations 003 and 006) and the watch-folder settings (a JSON value in meta). Callers group these
// writes with records and audit entries through the store's UnitOfWork.
import { sql, type Db } from './database';
import { getMeta, requireMeta, setMeta } from './meta';
import type { ImportReport, ImportRowError, WatchFolder } from '../../common/contract';

export interface IntakeFileRow {
  id: number;
  content_hash: string;
  /** The workbook sheet read; '' for CSV and JSON (and for unfinished imports recorded before migration 006). */
  sheet: string;
  resource_code: string;
  unit: string;
  file_name: string;
  source: 'upload' | 'cli' | 'watch';
  actor: string;
  state: 'partial' | 'done';
  committed_through: number;
  total_rows: number;
  imported: number;
  rejected: number;
  duplicates: number;
  empty_rows: number;
  errors_not_listed: number;
  report: string | null;
  started_at: string;
  finished_at: string | null;
  delivered_at: string | null;
}

export interface FileCounts {
  committedThrough: number;
  totalRows: number;
  imported: number;
  rejected: number;
  duplicates: number;
  emptyRows: number;
  errorsNotListed: number;
}

const WATCH_FOLDERS_KEY = 'intake_watch_folders';

export class IntakeRepo {
  constructor(private readonly db: Db) {}

  /** The database file: watch folders must neither be the node's data folder nor hold it. */
  databaseFile(): string {
    return this.db.name;
  }

  /** The node's own unit: who owns what a watch folder imports when no unit is set. */
  nodeUnit(): string {
    return requireMeta(this.db, 'unit_name');
  }

  /**
   * The import of this content — and, for a workbook, this sheet — for the resource into the
   * unit. `legacyFirstSheet`: the sheet is the workbook's first one, the one read when none
   * is chosen (and the one watch folders read). An import left unfinished before the sheet
   * was part of a file's identity (sheet '', see migration 006) is then taken as its own, so
   * it resumes instead of importing its rows twice.
   */
  find(contentHash: string, sheet: string, resourceCode: string, unit: string, legacyFirstSheet = false): IntakeFileRow | undefined {
    const rows = sql(this.db, 'SELECT * FROM intake_files WHERE content_hash = ? AND resource_code = ? AND unit = ? AND sheet IN (?, ?)').all(
      contentHash,
      resourceCode,
      unit,
      sheet,
      legacyFirstSheet ? '' : sheet,
    ) as IntakeFileRow[];
    return rows.find((r) => r.sheet === sheet) ?? rows[0];
  }

  /** Call inside the transaction of the first chunk. */
  create(v: { contentHash: string; sheet: string; resourceCode: string; unit: string; fileName: string; source: IntakeFileRow['source']; actor: string; startedAt: string }): number {
    const info = sql(
      this.db,
      `INSERT INTO intake_files (content_hash, sheet, resource_code, unit, file_name, source, actor, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(v.contentHash, v.sheet, v.resourceCode, v.unit, v.fileName, v.source, v.actor, v.startedAt);
    return Number(info.lastInsertRowid);
  }

  /** Call inside the chunk's transaction: progress and the chunk's listed errors. */
  saveProgress(fileId: number, counts: FileCounts, newErrors: readonly ImportRowError[], firstErrorSeq: number): void {
    sql(
      this.db,
      `UPDATE intake_files SET committed_through = ?, total_rows = ?, imported = ?, rejected = ?, duplicates = ?, empty_rows = ?, errors_not_listed = ?
       WHERE id = ?`,
    ).run(counts.committedThrough, counts.totalRows, counts.imported, counts.rejected, counts.duplicates, counts.emptyRows, counts.errorsNotListed, fileId);
    const insert = sql(this.db, 'INSERT INTO intake_errors (file_id, seq, row, col, value, reason) VALUES (?, ?, ?, ?, ?, ?)');
    newErrors.forEach((e, i) => insert.run(fileId, firstErrorSeq + i, e.row, e.column, e.value, e.reason));
  }

  errors(fileId: number): ImportRowError[] {
    const rows = sql(this.db, 'SELECT row, col, value, reason FROM intake_errors WHERE file_id = ? ORDER BY seq').all(fileId) as {
      row: number;
      col: string | null;
      value: string | null;
      reason: string;
    }[];
    return rows.map((r) => ({ row: r.row, column: r.col, value: r.value, reason: r.reason }));
  }

  finish(fileId: number, report: ImportReport, delivered: boolean): void {
    sql(this.db, `UPDATE intake_files SET state = 'done', report = ?, finished_at = ?, delivered_at = ? WHERE id = ?`).run(
      JSON.stringify(report),
      report.finishedAt,
      delivered ? report.finishedAt : null,
      fileId,
    );
  }

  markDelivered(fileId: number, at: string): void {
    sql(this.db, 'UPDATE intake_files SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL').run(at, fileId);
  }

  watchFolders(): WatchFolder[] {
    const text = getMeta(this.db, WATCH_FOLDERS_KEY);
    return text ? (JSON.parse(text) as WatchFolder[]) : [];
  }

  setWatchFolders(folders: readonly WatchFolder[]): void {
    setMeta(this.db, WATCH_FOLDERS_KEY, JSON.stringify(folders));
  }

  /** Units that have at least one enabled clerk: where imported records can be seen by someone. */
  clerkUnits(): string[] {
    return (sql(this.db, `SELECT DISTINCT unit FROM users WHERE role = 'clerk' AND disabled = 0 ORDER BY unit`).all() as { unit: string }[]).map((r) => r.unit);
  }
}
