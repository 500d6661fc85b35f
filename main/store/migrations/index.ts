import type { Migration } from './migration';
import { initialSchema } from './001-initial-schema';
import { syncAndCertificates } from './002-sync-and-certificates';
import { intake } from './003-intake';
import { status } from './004-status';
import { auditIndexes } from './005-audit-indexes';
import { intakeSheet } from './006-intake-sheet';
import { auditLinks } from './007-audit-links';
import { passwordChange } from './008-password-change';
import { recordsWithdrawnIndexes } from './009-records-withdrawn-indexes';
import { outboxBulkMoves } from './010-outbox-bulk-moves';
import { outboxSettleFromPending } from './011-outbox-settle-from-pending';

/** Every schema version, in order. Add a file per version and list it here. */
export const migrations: readonly Migration[] = [initialSchema, syncAndCertificates, intake, status, auditIndexes, intakeSheet, auditLinks, passwordChange, recordsWithdrawnIndexes, outboxBulkMoves, outboxSettleFromPending];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
