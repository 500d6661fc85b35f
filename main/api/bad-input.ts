// How a schema refusal becomes the BAD_INPUT answer. zod's messages name the keys it did
// not expect and the paths of the fields it refused, and both come from the caller: a
// 1 MiB key would come back (and reach the screen) whole, 2,000 unknown keys would make a
// message of tens of kilobytes. So every name is shown only if it looks like a name, every
// text is clipped, and only the first few field errors are listed.
import type { z } from 'zod';
import type { ApiError } from '../../common/contract';

/** Longest item path or message in an answer, in UTF-16 units. */
export const MAX_ERROR_TEXT = 200;
/** Field errors listed in one answer; the count of the rest is said in the last one. */
export const MAX_FIELD_ERRORS = 20;
/** Unknown keys named in one message. */
const MAX_KEYS_NAMED = 5;

/** Keys and path parts a person could have typed: shown as they are; anything else is not echoed. */
const PLAIN_NAME = /^[\p{L}\p{N}_.$-]{1,64}$/u;
const UNSHOWABLE = '（无法显示的名称）';

function showName(key: PropertyKey): string {
  const text = String(key);
  return PLAIN_NAME.test(text) ? text : UNSHOWABLE;
}

export function clip(text: string, max = MAX_ERROR_TEXT): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const named = issue.keys.slice(0, MAX_KEYS_NAMED).map((k) => `"${showName(k)}"`);
    const more = issue.keys.length > MAX_KEYS_NAMED ? ` 等 ${issue.keys.length} 个` : '';
    return `出现未知的键(key): ${named.join(', ')}${more}`;
  }
  return clip(issue.message);
}

export function badInput(error: z.ZodError): ApiError {
  const all = error.issues.map((issue) => ({ item: clip(issue.path.map(showName).join('.')), message: issueMessage(issue) }));
  const fieldErrors = all.slice(0, MAX_FIELD_ERRORS);
  if (all.length > MAX_FIELD_ERRORS) fieldErrors.push({ item: '', message: `另有 ${all.length - MAX_FIELD_ERRORS} 处输入有误，未逐一列出` });
  const first = fieldErrors[0];
  return {
    code: 'BAD_INPUT',
    message: first ? clip(`输入有误${first.item ? `（${first.item}）` : ''}：${first.message}`) : '输入有误',
    fieldErrors,
  };
}

/** The answer to an input carrying an own `__proto__` key (proto-keys.ts), at `path`. */
export function protoKeyInput(path: string): ApiError {
  const item = clip(path.split('.').map(showName).join('.'));
  const message = '不允许的键(key): "__proto__"';
  return { code: 'BAD_INPUT', message: clip(`输入有误（${item}）：${message}`), fieldErrors: [{ item, message }] };
}
