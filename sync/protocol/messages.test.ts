// The wire schemas hold the line both sides rely on: strict shapes, caps, hex hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advertisedProofLinks, BASE_AUDIT_PROOF_LINKS, batchSchema, heartbeatSchema, LARGE_AUDIT_PROOF_LINKS, MAX_BATCH_ITEMS, PATHS, receiptSchema } from './messages';

const item = (seq: number) => ({
  seq,
  recordId: '0192f0a0-0000-7000-8000-000000000001',
  version: 1,
  resourceCode: '212001-00001',
  status: 'active',
  fields: { reporting_unit: '湾岭镇' },
  unit: '应急管理办',
  registeredAt: '2026-11-26T08:00:00.000Z',
  payloadHash: 'a'.repeat(64),
});
const batch = (items: unknown[]) => ({ protocol: 1, nodeId: 'node-1', epoch: 1, batchId: 'batch-0001', createdAt: '2026-11-26T08:00:00Z', items });

test('a well-formed batch parses; unknown members, empty or oversized batches do not', () => {
  assert.ok(batchSchema.safeParse(batch([item(1)])).success);
  assert.equal(batchSchema.safeParse({ ...batch([item(1)]), extra: 1 }).success, false);
  assert.equal(batchSchema.safeParse(batch([{ ...item(1), extra: 1 }])).success, false);
  assert.equal(batchSchema.safeParse(batch([])).success, false);
  assert.equal(batchSchema.safeParse(batch(Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => item(i + 1)))).success, false);
});

test('keys and hashes are constrained: seq and epoch ≥ 1, lower-case sha256 hex, string fields only', () => {
  assert.equal(batchSchema.safeParse(batch([item(0)])).success, false);
  assert.equal(batchSchema.safeParse({ ...batch([item(1)]), epoch: 0 }).success, false);
  assert.equal(batchSchema.safeParse(batch([{ ...item(1), payloadHash: 'A'.repeat(64) }])).success, false);
  assert.equal(batchSchema.safeParse(batch([{ ...item(1), fields: { n: 1 } }])).success, false);
  assert.equal(batchSchema.safeParse(batch([{ ...item(1), registeredAt: '2026-11-26 08:00' }])).success, false);
});

test('a rejected receipt item carries a known code', () => {
  const receipt = { protocol: 1, nodeId: 'n', epoch: 1, batchId: 'b', highWaterMark: 1, serverTime: '2026-11-26T08:00:00Z' };
  assert.ok(receiptSchema.safeParse({ ...receipt, items: [{ seq: 1, outcome: 'rejected', code: 'NOT_SHAREABLE', reason: '不予共享' }] }).success);
  assert.equal(receiptSchema.safeParse({ ...receipt, items: [{ seq: 1, outcome: 'rejected', code: 'OTHER' }] }).success, false);
});

test('heartbeat status holds flat aggregates only', () => {
  const hb = { protocol: 1, nodeId: 'n', sentAt: '2026-11-26T08:00:00Z', appVersion: '0.1.0', catalogVersion: 'v', auditHead: { seq: 1, hash: 'b'.repeat(64) } };
  assert.ok(heartbeatSchema.safeParse({ ...hb, status: { queueDepth: 3, link: 'online', paused: false, last: null } }).success);
  assert.equal(heartbeatSchema.safeParse({ ...hb, status: { person: { name: '张三' } } }).success, false);
});

test('the high-water-mark path escapes the node id', () => {
  assert.equal(PATHS.highWaterMark('node 1/x'), '/v1/nodes/node%201%2Fx/high-water-mark');
});

test('the proof size a node may send: what the exchange advertised, within 256…4096; 256 for anything else', () => {
  const cases: [string | undefined, number][] = [
    [undefined, BASE_AUDIT_PROOF_LINKS], // an exchange of the first release says nothing
    ['4096', 4096],
    [' 1024 ', 1024],
    ['100', BASE_AUDIT_PROOF_LINKS], // less than every exchange takes: the base
    ['99999999', LARGE_AUDIT_PROOF_LINKS], // more than a node ever sends in one heartbeat
    ['1e5', BASE_AUDIT_PROOF_LINKS],
    ['-1', BASE_AUDIT_PROOF_LINKS],
    ['4096, 8192', BASE_AUDIT_PROOF_LINKS],
    ['', BASE_AUDIT_PROOF_LINKS],
  ];
  for (const [header, links] of cases) assert.equal(advertisedProofLinks(header), links, JSON.stringify(header));
});
