// First run, sign-in and accounts: setting the node up, unlocking it, sessions and users.
// (The first-run restore channels, setup.uploadBackupChunk and the like, sit in backup.ts
// beside the backup shapes they share.)
import { z } from 'zod';
import { roleSchema } from './roles';
import { channel, empty, nonEmpty, ok } from './channel';

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名应为 3–32 位字母、数字、下划线、点或短横线');
const password = z.string().min(1).max(256);

export const sessionUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.string(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const userViewSchema = sessionUserSchema.extend({
  disabled: z.boolean(),
  /** The password is still the one the admin set: its owner has not logged in and changed it yet. */
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

/**
 * An auditor's confirmation of a change to an auditor account (separation of duties): another
 * enabled auditor types their own user name and password on the admin's screen. Optional in
 * the schema because only changes to auditor accounts need it; the core says when it is missing.
 */
export const auditorConfirmationSchema = z.strictObject({ username: z.string().trim().min(1).max(64), password });
export type AuditorConfirmation = z.infer<typeof auditorConfirmationSchema>;
const auditorConfirmation = auditorConfirmationSchema.optional();

/** What a session may know about itself: the account, and whether its password must be changed first. */
export const sessionInfoSchema = sessionUserSchema.extend({ mustChangePassword: z.boolean() });

/** The only session channels an account may use while its password is still the one the admin set. */
export const CHANNELS_BEFORE_PASSWORD_CHANGE: readonly string[] = ['auth.changePassword', 'auth.me', 'auth.logout'];

export const setupChannels = {
  'setup.status': channel(
    'public',
    empty,
    z.object({
      initialized: z.boolean(),
      /** Set up, but this machine could not unseal the key: the recovery passphrase is needed. */
      locked: z.boolean(),
      lockedReason: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
  ),
  'setup.unlock': channel(
    'public',
    z.strictObject({ recoveryPassphrase: z.string().min(1).max(1024) }),
    z.object({ hostKeyProtection: z.boolean() }),
  ),
  'setup.initialize': channel(
    'public',
    z.strictObject({
      unitName: nonEmpty(100),
      // Checked in full by the handler (18 and 6 or 12 characters); bounded here so junk stops at the door.
      creditCode: z.string().max(64),
      divisionCode: z.string().max(64),
      admin: z.strictObject({ username, displayName: nonEmpty(50), password }),
      recoveryPassphrase: z.string().max(1024),
    }),
    z.object({
      nodeId: z.string(),
      /** False when this machine offers no safe key store: the passphrase is asked at each start. */
      hostKeyProtection: z.boolean(),
    }),
  ),
  'auth.login': channel(
    'public',
    z.strictObject({ username: z.string().trim().min(1).max(64), password }),
    z.object({
      user: sessionUserSchema,
      idleTimeoutMinutes: z.number(),
      /** The admin set this password (new account, reset): every call but auth.changePassword, auth.me and auth.logout is refused until it is changed. */
      mustChangePassword: z.boolean(),
    }),
  ),
  'auth.logout': channel('session', empty, ok),
  'auth.me': channel('session', empty, sessionInfoSchema),
  'auth.changePassword': channel(
    'session',
    z.strictObject({ currentPassword: password, newPassword: password }),
    ok,
  ),
  'users.list': channel(['admin'], empty, z.array(userViewSchema)),
  'users.create': channel(
    ['admin'],
    z.strictObject({ username, displayName: nonEmpty(50), role: roleSchema, unit: nonEmpty(100), password, auditorConfirmation }),
    userViewSchema,
  ),
  'users.unlock': channel(['admin'], z.strictObject({ username }), ok),
  'users.setDisabled': channel(['admin'], z.strictObject({ username, disabled: z.boolean(), auditorConfirmation }), ok),
  /** The admin sets a new password for a user who forgot theirs; it also lifts a lockout. The owner must change it at the next login. */
  'users.resetPassword': channel(['admin'], z.strictObject({ username, password, auditorConfirmation }), ok),
} as const;
