// The sync page's estimate line, with the real string tables of both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaLine } from './eta-text';
import { translate, type Lang } from './i18n';
import type { SyncEta } from '../../common/contract';

const line = (lang: Lang, eta: SyncEta, auditToProve: number) =>
  etaLine((key, params) => translate(lang, key, params), (n) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN'), eta, auditToProve);

const records: SyncEta = { remaining: 12_000, secondsLeft: 240, recordsPerMinute: 3_000, auditSecondsLeft: 0, message: '' };

test('records only: what is left and the time', () => {
  assert.equal(line('zh-CN', records, 40), '剩余 12,000 条，预计还需约 4 分钟');
  assert.equal(line('en', records, 40), '12,000 left, About 4 min to go');
});

test('records and a long audit proof: both named, and the proof’s share of the time', () => {
  const both = { ...records, secondsLeft: 1_295, auditSecondsLeft: 1_055 };
  assert.equal(line('zh-CN', both, 1_000_000), '剩余 12,000 条，审计证明待补交 1,000,000 条，预计还需约 22 分钟（其中补交审计证明约 18 分钟）');
  assert.equal(line('en', both, 1_000_000), '12,000 left, 1,000,000 audit entries still to prove to the exchange, About 22 min to go (about 18 min of it proving the audit log)');
});

test('the proof alone, after the records: no records left to mention, no share to name', () => {
  const proof = { remaining: 0, secondsLeft: 50, recordsPerMinute: 0, auditSecondsLeft: 50, message: '' };
  assert.equal(line('zh-CN', proof, 25_600), '审计证明待补交 25,600 条，预计还需不到 1 分钟');
});
