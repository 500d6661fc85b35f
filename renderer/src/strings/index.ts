// The UI's message tables, one file per feature, assembled into the one table per language
// that ../i18n.ts looks keys up in. Keys stay global ("import.start"), so call sites do not
// name a feature. Spreading lets a later table overwrite an earlier key silently (inside one
// object literal TypeScript rejects a duplicate, across spreads it does not), so
// strings.test.ts checks that no key is defined by two features.
import * as audit from './audit';
import * as backup from './backup';
import * as certs from './certs';
import * as common from './common';
import * as intake from './intake';
import * as records from './records';
import * as report from './report';
import * as setup from './setup';
import * as status from './status';
import * as sync from './sync';
import * as users from './users';

/** Each feature's pair of tables, for the checks in strings.test.ts. */
export const FEATURES = { common, setup, users, records, audit, status, report, sync, certs, intake, backup };

export const zh = {
  ...common.zh,
  ...setup.zh,
  ...users.zh,
  ...records.zh,
  ...audit.zh,
  ...status.zh,
  ...report.zh,
  ...sync.zh,
  ...certs.zh,
  ...intake.zh,
  ...backup.zh,
};

export type MessageKey = keyof typeof zh;

// Typed against `zh`: a feature left out here is a compile error.
export const en: Record<MessageKey, string> = {
  ...common.en,
  ...setup.en,
  ...users.en,
  ...records.en,
  ...audit.en,
  ...status.en,
  ...report.en,
  ...sync.en,
  ...certs.en,
  ...intake.en,
  ...backup.en,
};
