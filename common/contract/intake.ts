// Intake: bulk import of files, and watch folders (issue 5).
import { z } from 'zod';
import { channel, empty, nonEmpty } from './channel';

/** Largest file the UI may send (decoded); bigger files go through a watch folder or the CLI. */
export const INTAKE_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** How many row errors a report lists; the rest are counted in errorsNotListed. */
export const INTAKE_MAX_LISTED_ERRORS = 1000;

/** What a file was read as; .xls and WPS .et files are both 'xls' (the same layout). */
export const intakeFormatSchema = z.enum(['csv', 'xlsx', 'xls', 'json', 'jsonl']);
export type IntakeFormat = z.infer<typeof intakeFormatSchema>;

const intakeFileInput = z.strictObject({
  /** The file's name as chosen; its extension decides the kind (.csv .xlsx .xls .et .json .jsonl), a workbook's first bytes the reader. */
  fileName: nonEmpty(255),
  fileBase64: z.string().min(1).max(Math.ceil(INTAKE_MAX_FILE_BYTES / 3) * 4 + 4),
  /** Omit to let the node recognise the resource from the headers. */
  resourceCode: z.string().trim().min(1).max(64).optional(),
  /** Workbooks only: the sheet to read; the first sheet when omitted. */
  sheet: z.string().trim().min(1).max(100).optional(),
});

export const intakeColumnMappingSchema = z.object({
  header: z.string(),
  /** null: the column matches no item of the resource (an extra column, reported and ignored). */
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
});

export const intakePreviewSchema = z.object({
  format: intakeFormatSchema,
  /** CSV: 'utf-8', 'utf-8-bom' or 'gb18030'; null for other formats. */
  encoding: z.string().nullable(),
  /** Workbooks (.xlsx, .xls, .et): every sheet's name; empty for other formats. */
  sheets: z.array(z.string()),
  /** The given resource, or the one recognised from the headers; null when none fits. */
  resourceCode: z.string().nullable(),
  /** Resources whose items the headers match, best first. */
  candidates: z.array(z.object({ resourceCode: z.string(), matched: z.number().int(), missingRequired: z.array(z.string()) })),
  headers: z.array(z.string()),
  mapping: z.array(intakeColumnMappingSchema),
  /** Names of required items no column supplies: the import would be refused. */
  missingRequired: z.array(z.string()),
  extraColumns: z.array(z.string()),
  /** The first 5 data rows, item code → raw value as read (not yet validated or masked). */
  sampleRows: z.array(z.record(z.string(), z.string())),
  /** Chinese sentences: what stops the import or deserves a look. Empty when all is well. */
  problems: z.array(z.string()),
});
export type IntakePreview = z.infer<typeof intakePreviewSchema>;

export const importRowErrorSchema = z.object({
  /** 1-based row number as a spreadsheet shows it (the header is row 1 in CSV and workbooks; JSON: element number). */
  row: z.number().int(),
  /** The column header as written in the file; null for a problem with the whole row. */
  column: z.string().nullable(),
  /** The value as read; ID numbers and credit codes masked. */
  value: z.string().nullable(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z.object({
  fileName: z.string(),
  resourceCode: z.string().nullable(),
  /** SHA-256 of the file's bytes, hex. */
  contentHash: z.string(),
  format: intakeFormatSchema,
  /** CSV/JSON: the text encoding detected; null for workbooks. */
  encoding: z.string().nullable(),
  /** Workbooks: the sheet read (each sheet of a workbook is imported, and recognised as imported, on its own); null for other formats. */
  sheet: z.string().nullable(),
  /** The same content (and sheet) was imported before for this resource: nothing was imported again. */
  alreadyImported: z.boolean(),
  /** When alreadyImported: that earlier import. */
  previousImport: z
    .object({ fileName: z.string(), finishedAt: z.string(), imported: z.number().int(), rejected: z.number().int(), duplicates: z.number().int() })
    .nullable(),
  /** Data rows read (empty rows not counted). */
  totalRows: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  emptyRowsSkipped: z.number().int(),
  extraColumns: z.array(z.string()),
  errors: z.array(importRowErrorSchema),
  errorsNotListed: z.number().int(),
  /** Chinese: why the file stopped as a whole (missing columns, unreadable, removed, disk full); null when it ran to its end. */
  fileProblem: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const intakeJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  processedRows: z.number().int(),
  /** Known only when the job is done (files are streamed, not counted first); null while running. */
  totalRows: z.number().int().nullable(),
  /** Share of the file's bytes read so far (0–1), for the progress bar; null when unknown. */
  fractionDone: z.number().min(0).max(1).nullable(),
  report: importReportSchema.nullable(),
  /** Chinese, when state is failed. */
  error: z.string().nullable(),
});
export type IntakeJob = z.infer<typeof intakeJobSchema>;

export const watchFolderSchema = z.object({
  /** Absolute path on the node's machine. */
  path: z.string().trim().min(1).max(1024),
  /** null: the resource code is taken from the file name, e.g. 203001-00001_任意名称.csv. */
  resourceCode: z.string().trim().min(1).max(64).nullable(),
  /** The unit (科室) the imported records belong to, as in the clerks' accounts; null: the node's own unit name. */
  unit: z.string().trim().min(1).max(100).nullable().default(null),
});
export type WatchFolder = z.infer<typeof watchFolderSchema>;

export const watchFileStatusSchema = z.object({
  file: z.string(),
  folder: z.string(),
  state: z.enum(['waiting', 'importing', 'processed', 'rejected']),
  imported: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  /** Path of the .report.txt written beside the moved file; null until written. */
  reportFile: z.string().nullable(),
  /** Chinese one-liner when the whole file was refused (never row contents). */
  problem: z.string().nullable(),
  at: z.string(),
});
export type WatchFileStatus = z.infer<typeof watchFileStatusSchema>;

export const watchStatusSchema = z.object({
  folders: z.array(watchFolderSchema.extend({ ok: z.boolean(), problem: z.string().nullable() })),
  queued: z.number().int(),
  /** The most recent files, newest first (at most 200). */
  files: z.array(watchFileStatusSchema),
});
export type WatchStatus = z.infer<typeof watchStatusSchema>;

export const intakeChannels = {
  'intake.preview': channel(['clerk'], intakeFileInput, intakePreviewSchema),
  'intake.start': channel(
    ['clerk'],
    intakeFileInput.extend({ resourceCode: z.string().trim().min(1).max(64) }),
    z.object({ jobId: z.string() }),
  ),
  'intake.job': channel(['clerk'], z.strictObject({ jobId: z.string().min(1).max(64) }), intakeJobSchema),
  'intake.watchFolders': channel(['operator'], empty, z.object({ folders: z.array(watchFolderSchema) })),
  'intake.setWatchFolders': channel(
    ['operator'],
    z.strictObject({ folders: z.array(watchFolderSchema.strict()).max(50) }),
    z.object({ folders: z.array(watchFolderSchema) }),
  ),
  'intake.watchStatus': channel(['operator'], empty, watchStatusSchema),
} as const;
