import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateEta, etaMessage } from './eta';
import { BASE_AUDIT_PROOF_LINKS, LARGE_AUDIT_PROOF_LINKS } from '../../sync/protocol/messages';

const NOW = new Date('2026-12-06T02:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

test('the rate is what the exchange acknowledged after the window’s first receipt, over the time since it', () => {
  // 500 at the start, then 3,000 more over the next 60 s: 50 records/s; 12,000 left → 240 s.
  const eta = estimateEta(12_000, { accepted: 3_500, firstAt: ago(60), firstAccepted: 500 }, NOW);
  assert.deepEqual(eta, { remaining: 12_000, secondsLeft: 240, recordsPerMinute: 3_000, auditSecondsLeft: 0, message: '预计还需约 4 分钟' });
});

test('a link that stopped answering lets the estimate grow instead of promising the last speed', () => {
  const flowing = estimateEta(6_000, { accepted: 3_500, firstAt: ago(60), firstAccepted: 500 }, NOW)!;
  const stalled = estimateEta(6_000, { accepted: 3_500, firstAt: ago(240), firstAccepted: 500 }, NOW)!;
  assert.ok(stalled.secondsLeft >= flowing.secondsLeft * 4, `${stalled.secondsLeft} vs ${flowing.secondsLeft}`);
});

test('no estimate with nothing waiting, no receipts, or only one receipt to judge by', () => {
  assert.equal(estimateEta(0, { accepted: 3_500, firstAt: ago(60), firstAccepted: 500 }, NOW), null);
  assert.equal(estimateEta(100, { accepted: 0, firstAt: null, firstAccepted: 0 }, NOW), null);
  assert.equal(estimateEta(100, { accepted: 500, firstAt: ago(5), firstAccepted: 500 }, NOW), null);
});

test('a node long offline owes the audit proof after the records: its heartbeats are counted, and named once a minute or more', () => {
  const window = { accepted: 3_500, firstAt: ago(60), firstAccepted: 500 };
  // A million entries to a first-release exchange: 3,907 heartbeats of 256, the first of them the
  // one every run ends with; 3,906 more at 0.27 s each ≈ 1,055 s after the records' 240 s.
  const base = { entries: 1_000_000, linksPerStep: BASE_AUDIT_PROOF_LINKS };
  const eta = estimateEta(12_000, window, NOW, { ...base, secondsPerStep: 0.27 })!;
  assert.deepEqual([eta.secondsLeft, eta.auditSecondsLeft], [240 + 1_055, 1_055]);
  assert.equal(eta.message, '预计还需约 22 分钟（其中补交审计证明约 18 分钟）');
  // A current exchange takes 4,096 a heartbeat: 245 of them, 244 more at 1.1 s ≈ 269 s.
  const large = estimateEta(12_000, window, NOW, { entries: 1_000_000, linksPerStep: LARGE_AUDIT_PROOF_LINKS, secondsPerStep: 1.1 })!;
  assert.deepEqual([large.secondsLeft, large.auditSecondsLeft], [240 + 269, 269]);
  assert.equal(large.message, '预计还需约 9 分钟（其中补交审计证明约 5 分钟）');
  // The records gone, the proof alone still has an estimate.
  const proofOnly = estimateEta(0, window, NOW, { entries: 100 * BASE_AUDIT_PROOF_LINKS, linksPerStep: BASE_AUDIT_PROOF_LINKS, secondsPerStep: 0.5 })!;
  assert.deepEqual([proofOnly.remaining, proofOnly.secondsLeft, proofOnly.auditSecondsLeft, proofOnly.message], [0, 50, 50, '预计还需不到 1 分钟']);
});

test('the everyday proof (one heartbeat carries it) and an untimed step add nothing', () => {
  const window = { accepted: 3_500, firstAt: ago(60), firstAccepted: 500 };
  const linksPerStep = BASE_AUDIT_PROOF_LINKS;
  assert.equal(estimateEta(12_000, window, NOW, { entries: BASE_AUDIT_PROOF_LINKS, linksPerStep, secondsPerStep: 5 })!.secondsLeft, 240);
  assert.equal(estimateEta(0, window, NOW, { entries: BASE_AUDIT_PROOF_LINKS, linksPerStep, secondsPerStep: 5 }), null);
  assert.equal(estimateEta(0, window, NOW, { entries: 1_000_000, linksPerStep, secondsPerStep: null }), null);
  assert.equal(estimateEta(12_000, window, NOW, { entries: 1_000_000, linksPerStep, secondsPerStep: null })!.auditSecondsLeft, 0);
});

test('the wording: under a minute, whole minutes rounded up, hours past two', () => {
  assert.equal(etaMessage(20), '预计还需不到 1 分钟');
  assert.equal(etaMessage(61), '预计还需约 2 分钟');
  assert.equal(etaMessage(119 * 60), '预计还需约 119 分钟');
  assert.equal(etaMessage(3 * 3600), '预计还需约 3 小时');
  assert.equal(etaMessage(3 * 3600 + 20 * 60), '预计还需约 3 小时 20 分钟');
});
