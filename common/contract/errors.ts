// How a call fails: the codes the core answers with and the error every channel may return.
import { z } from 'zod';
// The catalog's validation gives field errors; the API error carries them unchanged.
import { fieldErrorSchema } from '../catalog/schema';

export const ERROR_CODES = [
  'BAD_INPUT', // the call's input does not match the schema
  'VALIDATION', // a record's fields failed catalog validation; see fieldErrors
  'UNAUTHENTICATED', // no session, or it ended (idle timeout, logout)
  'FORBIDDEN', // the role may not use this channel or this record
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'PASSWORD_CHANGE_REQUIRED', // the password is still the one the admin set: only auth.changePassword (and logout, me) until it is changed
  'AUDITOR_CONFIRMATION', // managing an auditor account needs another auditor's confirmation, missing or not accepted
  'NOT_FOUND',
  'CONFLICT', // someone changed the record since it was opened, or a name is taken
  'NOT_INITIALIZED',
  'LOCKED', // the node is set up but its key is sealed: unlock with the recovery passphrase
  'CERTIFICATE', // a certificate or key problem; the message says exactly which
  'NOT_CONFIGURED', // sync needs settings or a certificate that are not there yet
  'ALREADY_INITIALIZED',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const apiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** Chinese, for the person in front of the screen. */
  message: z.string(),
  fieldErrors: z.array(fieldErrorSchema).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
