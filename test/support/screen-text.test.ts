// The screen-text check finds what it is meant to find, and lets data and format names be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreenText } from './screen-text';

const kinds = (text: string, data: string[] = []) => checkScreenText(text, data).map((f) => `${f.kind}:${f.found}`);

test('channel names, raw JSON and English words are found', () => {
  assert.deepEqual(kinds('操作 records.list 已完成'), ['channel name:records.list', 'English word:records', 'English word:list']);
  // Single letters are not words ("第 N 季度"), so the "x" is not reported as English.
  assert.deepEqual(kinds('说明 {"reason":"x"}'), ['raw JSON:{', 'raw JSON:":', 'raw JSON:}', 'English word:reason']);
  assert.deepEqual(kinds('恢复纪元（epoch）'), ['English word:epoch']);
  assert.deepEqual(kinds('未填写 {n} 条'), ['raw JSON:{', 'raw JSON:}']);
});

test('format names, identifiers, file endings, addresses and given data pass', () => {
  assert.deepEqual(kinds('导出 XLSX 或 CSV（UTF-8），PKCS#12 文件（.p12 / .pfx），根证书 .pem'), []);
  assert.deepEqual(kinds('记录编号 01a24829-2033-7554-9521-8ffcd876f036 第 1 版，地址 https://127.0.0.1:8443'), []);
  assert.deepEqual(kinds('操作人 lixiao（李录入）', ['lixiao']), []);
  assert.deepEqual(kinds('中文 English'), []);
});
