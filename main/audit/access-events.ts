// The audit entries MLPS level 3 (GB/T 22239-2019, 安全审计) and PIPL (art. 54/55: who
// processed whose personal data) ask for beyond the writes: reads of personal data, every
// file that leaves the node, views of the audit log itself, and the start and stop of the
// core. Built in one place so the rule is visible at a glance: an entry names who, what
// (resource code, record number, how many records were shown, which page), and the outcome —
// never the content: no name, no ID number, no value a clerk typed into a search box.
import type { AuditListInput, AuditPage, ImportReport, SessionUser } from '../../common/contract';
import type { LockHolder } from '../../platform/single-writer-lock';
import type { AuditEvent } from './audit-log';

type Detail = NonNullable<AuditEvent['detail']>;

const by = (user: SessionUser) => ({ actor: user.username, role: user.role });

/** Leaves out the options that were not given, so the entry holds only what was chosen. */
function given(values: Record<string, string | number | boolean | undefined>): Detail {
  return Object.fromEntries(Object.entries(values).filter((kv): kv is [string, string | number | boolean] => kv[1] !== undefined));
}

/** A clerk opened one record (`records.get`): its number, resource and how many versions were shown. */
export function recordOpened(user: SessionUser, id: string, resourceCode: string, versions: number): AuditEvent {
  return { ...by(user), action: 'record.read', target: id, outcome: 'success', detail: { resource: resourceCode, versions } };
}

/** A record that does not exist or belongs to another unit was asked for: probing is worth seeing. */
export function recordRefused(user: SessionUser, id: string): AuditEvent {
  return { ...by(user), action: 'record.read', target: id, outcome: 'failure', detail: { reason: 'not found' } };
}

/** A search by key (`records.findByKey`): the fact and the result count, NOT the number searched for. */
export function recordsFound(user: SessionUser, resourceCode: string | undefined, results: number): AuditEvent {
  return { ...by(user), action: 'record.find', outcome: 'success', detail: given({ resource: resourceCode, results }) };
}

/** A page of the record list that showed personal items: which list, which page, how many rows. */
export function recordListShown(
  user: SessionUser,
  query: { resourceCode?: string | undefined; status?: string | undefined; page: number; cursor?: { to: string } | undefined },
  shown: number,
): AuditEvent {
  // A page reached by cursor has no number: which way it was turned says where it is.
  const place = query.cursor ? { to: query.cursor.to } : { page: query.page };
  return { ...by(user), action: 'record.list', outcome: 'success', detail: given({ resource: query.resourceCode, status: query.status, ...place, shown }) };
}

/**
 * The core handed a finished import's report, with its rows in error (their values as read,
 * ID numbers masked), to the clerk who ran it: on screen and as a download in the app, or
 * printed by `edge-node import`. The file name is the target, as in the import's own entry.
 */
export function importReportHandedOut(user: SessionUser, report: ImportReport, source: 'upload' | 'cli'): AuditEvent {
  return {
    ...by(user),
    action: 'intake.report',
    target: report.fileName,
    outcome: 'success',
    detail: given({ resource: report.resourceCode ?? undefined, listed: report.errors.length, notListed: report.errorsNotListed, source }),
  };
}

export function quarterlyReportExported(user: SessionUser, year: number, quarter: number): AuditEvent {
  return { ...by(user), action: 'status.reportExport', outcome: 'success', detail: { year, quarter, format: 'xlsx' } };
}

export function diagnosticsExported(user: SessionUser, bytes: number): AuditEvent {
  return { ...by(user), action: 'status.diagnostics', outcome: 'success', detail: { bytes } };
}

/** A page of the audit log as the auditor saw it: the filters (identifiers and days), how many entries, which. */
export function auditLogViewed(user: SessionUser, input: AuditListInput, page: AuditPage): AuditEvent {
  const { user: person, action, kind, from, to, outcome } = input;
  const seqs = page.items.map((item) => item.seq);
  return {
    ...by(user),
    action: 'audit.view',
    outcome: 'success',
    detail: given({
      user: person,
      action,
      kind,
      from,
      to,
      outcome,
      shown: seqs.length,
      newest: seqs.length ? Math.max(...seqs) : undefined,
      oldest: seqs.length ? Math.min(...seqs) : undefined,
    }),
  };
}

/**
 * The core opened its database: once per open of the node (the app, `serve`, or one CLI
 * command), not again after a restore swaps the database underneath it. A CLI command is
 * named by its command words only (`records list`), never its arguments.
 */
export function nodeStarted(holder: LockHolder | undefined, version: string): AuditEvent {
  const program = holder?.program ?? 'other';
  return { actor: 'system', role: 'system', action: 'node.start', outcome: 'success', detail: given({ program, command: holder?.program === 'command' ? holder.command : undefined, version }) };
}

/** The core closed normally. A start without a stop after it marks an end that was not (a crash, a power cut). */
export function nodeStopped(): AuditEvent {
  return { actor: 'system', role: 'system', action: 'node.stop', outcome: 'success' };
}
