import type { Migration } from './migration';

// Migration 008: separation of duties (issue 10 §2). An account whose password the admin
// chose — a new account, or a password the admin reset — must be given a password of its
// owner's own choosing before it can do anything else; `must_change_password` remembers that
// until the owner changes it. Accounts that exist already keep working as they are: their
// owners have been using them, so their passwords are not presumed known to the admin.
export const passwordChange: Migration = {
  version: 8,
  name: 'password-change',
  up(db) {
    db.exec(`ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));`);
  },
};
