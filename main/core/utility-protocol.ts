// Messages between the Electron main process (main/app) and the core running in a
// utilityProcess (main/core/utility-entry.ts). Pure types and shape checks only: no
// electron import, so the core side stays plain Node and both sides can be tested under it.
//
// The conversation:
//   main → utility  open          once, right after the process starts: where the data lives
//   utility → main  opened | open-failed
//   main → utility  call          one renderer call, with the session token main keeps for it
//   utility → main  call-result   the core's answer and, when it changed, the new session token
//   utility → main  key-request   the core needs the OS to seal or unseal the database key
//   main → utility  key-result    safeStorage's answer, or a refusal with a Chinese message
//   main → utility  shutdown      close the database and exit
//
// Key material crosses as base64 strings: structured clone turns a Buffer into a plain
// Uint8Array on the way, and a string says plainly what it is.
import type { ApiResult } from '../../common/contract';

export interface OpenMessage {
  type: 'open';
  dataDir: string;
  appVersion: string;
}

export interface CallMessage {
  type: 'call';
  id: number;
  channel: string;
  input: unknown;
  sessionToken: string | null;
}

export type KeyResultMessage =
  | { type: 'key-result'; id: number; ok: true; data: string }
  | { type: 'key-result'; id: number; ok: false; message: string };

export interface ShutdownMessage {
  type: 'shutdown';
}

export type MainToUtilityMessage = OpenMessage | CallMessage | KeyResultMessage | ShutdownMessage;

export interface OpenedMessage {
  type: 'opened';
}

export interface OpenFailedMessage {
  type: 'open-failed';
  message: string;
}

export interface CallResultMessage {
  type: 'call-result';
  id: number;
  result: ApiResult<unknown>;
  /** Present only when the call changed the session: a new token, or null when it ended. */
  sessionToken?: string | null;
}

export type KeyOperation = 'wrap' | 'unwrap';

export interface KeyRequestMessage {
  type: 'key-request';
  id: number;
  op: KeyOperation;
  /** wrap: the raw key; unwrap: the sealed blob. Base64 either way. */
  data: string;
}

export type UtilityToMainMessage = OpenedMessage | OpenFailedMessage | CallResultMessage | KeyRequestMessage;

// ---------------------------------------------------------------------------------------
// Shape checks. Both ends treat what arrives as unknown until one of these says otherwise.

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isTokenField = (value: unknown) => value === null || typeof value === 'string';

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (!isObject(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isObject(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

export function isMainToUtilityMessage(message: unknown): message is MainToUtilityMessage {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'open':
      return typeof message.dataDir === 'string' && typeof message.appVersion === 'string';
    case 'call':
      return isId(message.id) && typeof message.channel === 'string' && isTokenField(message.sessionToken);
    case 'key-result':
      return isId(message.id) && (message.ok === true ? typeof message.data === 'string' : message.ok === false && typeof message.message === 'string');
    case 'shutdown':
      return true;
    default:
      return false;
  }
}

export function isUtilityToMainMessage(message: unknown): message is UtilityToMainMessage {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'opened':
      return true;
    case 'open-failed':
      return typeof message.message === 'string';
    case 'call-result':
      return isId(message.id) && isApiResult(message.result) && (!('sessionToken' in message) || message.sessionToken === undefined || isTokenField(message.sessionToken));
    case 'key-request':
      return isId(message.id) && (message.op === 'wrap' || message.op === 'unwrap') && typeof message.data === 'string';
    default:
      return false;
  }
}

/** An `INTERNAL` answer with a Chinese message, for every way a call can fail outside the core. */
export function internalError(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}
