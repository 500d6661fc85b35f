import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { badInput, clip, MAX_ERROR_TEXT, MAX_FIELD_ERRORS, protoKeyInput } from './bad-input';

z.config(z.locales.zhCN());

const refusal = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  assert.equal(parsed.success, false);
  return badInput((parsed as { error: z.ZodError }).error);
};

test('an unknown key a person could have typed is named, as before', () => {
  const error = refusal(z.strictObject({}), { owner: 1 });
  assert.equal(error.code, 'BAD_INPUT');
  assert.match(error.message, /^输入有误：出现未知的键\(key\): "owner"$/);
});

test('a 1 MiB key or path part is not echoed back', () => {
  const huge = 'k'.repeat(1024 * 1024);
  const unknown = refusal(z.strictObject({}), { [huge]: 1 });
  assert.ok(unknown.message.length <= MAX_ERROR_TEXT);
  assert.match(unknown.message, /无法显示的名称/);
  const inRecord = refusal(z.record(z.string(), z.string()), { [huge]: 1 });
  assert.equal(inRecord.fieldErrors?.[0]?.item, '（无法显示的名称）');
});

test('thousands of unknown keys make one short message', () => {
  const keys = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
  const error = refusal(z.strictObject({}), keys);
  assert.match(error.message, /"k0", "k1", "k2", "k3", "k4" 等 2000 个$/);
});

test('at most MAX_FIELD_ERRORS field errors are listed, and the rest are counted', () => {
  const error = refusal(z.array(z.string()), Array.from({ length: 500 }, () => 1));
  assert.equal(error.fieldErrors?.length, MAX_FIELD_ERRORS + 1);
  assert.match(error.fieldErrors?.at(-1)?.message ?? '', /另有 480 处输入有误/);
});

test('clip keeps short text and never ends on half a surrogate pair', () => {
  assert.equal(clip('短'), '短');
  const clipped = clip(`${'a'.repeat(MAX_ERROR_TEXT - 2)}💥💥`);
  assert.ok(clipped.length <= MAX_ERROR_TEXT);
  assert.doesNotMatch(clipped, /[\ud800-\udbff]…$/);
  assert.ok(clipped.endsWith('…'));
});

test('an own __proto__ key is answered BAD_INPUT with its path, and a hostile path is not echoed', () => {
  const error = protoKeyInput('fields.__proto__');
  assert.equal(error.code, 'BAD_INPUT');
  assert.equal(error.message, '输入有误（fields.__proto__）：不允许的键(key): "__proto__"');
  assert.deepEqual(error.fieldErrors, [{ item: 'fields.__proto__', message: '不允许的键(key): "__proto__"' }]);
  assert.equal(protoKeyInput(`${'x'.repeat(100_000)}.__proto__`).fieldErrors?.[0]?.item, '（无法显示的名称）.__proto__');
});
