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
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

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
    z.object({ user: sessionUserSchema, idleTimeoutMinutes: z.number() }),
  ),
  'auth.logout': channel('session', empty, ok),
  'auth.me': channel('session', empty, sessionUserSchema),
  'auth.changePassword': channel(
    'session',
    z.strictObject({ currentPassword: password, newPassword: password }),
    ok,
  ),
  'users.list': channel(['admin'], empty, z.array(userViewSchema)),
  'users.create': channel(
    ['admin'],
    z.strictObject({ username, displayName: nonEmpty(50), role: roleSchema, unit: nonEmpty(100), password }),
    userViewSchema,
  ),
  'users.unlock': channel(['admin'], z.strictObject({ username }), ok),
  'users.setDisabled': channel(['admin'], z.strictObject({ username, disabled: z.boolean() }), ok),
  /** The admin sets a new password for a user who forgot theirs; it also lifts a lockout. */
  'users.resetPassword': channel(['admin'], z.strictObject({ username, password }), ok),
} as const;
