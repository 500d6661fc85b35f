// Batch planning: caps by count and bytes, one epoch per batch, and the negative list
// checked at send time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBatch, payloadHash, LOCAL_REJECTIONS, type SharingType } from './batch';
import type { PendingRow } from '../../main/store/sync-rows';

function row(seq: number, over: Partial<PendingRow> = {}): PendingRow {
  const base = { seq, epoch: 1, recordId: `0190f000-0000-7000-8000-${String(seq).padStart(12, '0')}`, version: 1, resourceCode: 'R1', status: 'active' as const, fields: JSON.stringify({ a: 'x'.repeat(100) }), unit: '扶贫办', registeredAt: '2026-11-26T00:00:00.000Z', ...over };
  const hash = base.resourceCode && base.fields && base.status && base.registeredAt
    ? payloadHash({ recordId: base.recordId, version: base.version, resourceCode: base.resourceCode, status: base.status, fields: JSON.parse(base.fields), registeredAt: base.registeredAt })
    : 'x'.repeat(64);
  return { payloadHash: hash, ...base, ...over };
}
const sharing = (map: Record<string, SharingType>) => (code: string) => map[code];

test('caps by item count and by bytes, keeping seq order', () => {
  const rows = Array.from({ length: 10 }, (_, i) => row(i + 1));
  assert.deepEqual(planBatch(rows, { maxItems: 3, maxBytes: 1_000_000 }, sharing({ R1: 'conditional' })).items.map((i) => i.seq), [1, 2, 3]);
  const byBytes = planBatch(rows, { maxItems: 100, maxBytes: 2_000 }, sharing({ R1: 'conditional' }));
  assert.ok(byBytes.items.length >= 1 && byBytes.items.length < 10);
  assert.ok(byBytes.bytes <= 2_000);
  assert.deepEqual(byBytes.items.map((i) => i.seq), rows.slice(0, byBytes.items.length).map((r) => r.seq));
});

test('a batch never mixes epochs', () => {
  const plan = planBatch([row(1), row(2), row(3, { epoch: 2 })], { maxItems: 10, maxBytes: 1_000_000 }, sharing({ R1: 'unconditional' }));
  assert.deepEqual(plan.items.map((i) => i.seq), [1, 2]);
  assert.equal(plan.epoch, 1);
});

test('negative-list, unknown, missing and tampered rows are rejected locally, never put in the batch', () => {
  const rows = [
    row(1, { resourceCode: 'NEG' }),
    row(2),
    row(3, { resourceCode: 'GONE' }),
    row(4, { resourceCode: null, fields: null, status: null, registeredAt: null }),
    { ...row(5), fields: JSON.stringify({ a: 'changed' }) },
    row(6),
  ];
  const plan = planBatch(rows, { maxItems: 10, maxBytes: 1_000_000 }, sharing({ R1: 'conditional', NEG: 'none' }));
  assert.deepEqual(plan.items.map((i) => i.seq), [2, 6]);
  assert.deepEqual(plan.rejections, [
    { seq: 1, ...LOCAL_REJECTIONS.negativeList },
    { seq: 3, ...LOCAL_REJECTIONS.unknownResource },
    { seq: 4, ...LOCAL_REJECTIONS.missingVersion },
    { seq: 5, ...LOCAL_REJECTIONS.hashMismatch },
  ]);
  assert.equal(LOCAL_REJECTIONS.negativeList.reason, '负面清单资源不上报');
});

test('a row stored with its fields in the order given (before 2026-12) is sent with the same fields; a tampered one is not', () => {
  const fields = { village: '湾岭村', name: '王芳', income: '3789.31' };
  const legacy = row(1, { fields: JSON.stringify(fields) }); // not sorted: the slower path proves it
  const sorted = row(2, { fields: JSON.stringify({ income: '3789.31', name: '王芳', village: '湾岭村' }) });
  const tampered = { ...row(3, { fields: JSON.stringify(fields) }), fields: JSON.stringify({ ...fields, income: '9999.00' }) };
  const plan = planBatch([legacy, sorted, tampered], { maxItems: 10, maxBytes: 1_000_000 }, sharing({ R1: 'conditional' }));
  assert.deepEqual(plan.items.map((i) => i.seq), [1, 2]);
  assert.deepEqual(plan.items[0]!.fields, fields);
  assert.equal(plan.items[0]!.payloadHash, legacy.payloadHash);
  assert.deepEqual(plan.rejections, [{ seq: 3, ...LOCAL_REJECTIONS.hashMismatch }]);
});
