// The v2 body: what the node encodes is exactly what the exchange decodes, and a body that
// does not hold together (keys out of order, columns of different lengths) is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BatchV2Error, decodeBatchV2, encodeBatchV2, receiptV2Body, receiptV2Items, type BatchItemV2 } from './batch-v2';

const head = { nodeId: 'node-1', epoch: 2, batchId: 'batch-0001', createdAt: '2026-12-06T02:00:00.000Z' };
const item = (seq: number, fields: Record<string, string>, overrides: Partial<BatchItemV2> = {}): BatchItemV2 => ({
  seq,
  recordId: `0192f0a0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  version: 1,
  resourceCode: '212001-00001',
  status: 'active',
  fields,
  unit: '应急管理办',
  registeredAt: '2026-12-06T01:00:00.000Z',
  ...overrides,
});

test('a batch decodes to exactly the items encoded: seq gaps, different field sets, empty values', async () => {
  const items = [item(3, { a: '甲', b: '' }), item(4, { b: '乙', c: '"引号"\n' }, { version: 2, status: 'withdrawn' }), item(9, {}, { unit: '' })];
  const decoded = await decodeBatchV2(await encodeBatchV2(head, items));
  assert.deepEqual(decoded, { ...head, items });
});

async function refusal(mutate: (columns: Record<string, unknown>) => void): Promise<BatchV2Error> {
  const columns = JSON.parse(inflateRawSync(await encodeBatchV2(head, [item(1, { a: 'x' }), item(2, { a: 'y' })])).toString('utf8')) as Record<string, unknown>;
  mutate(columns);
  const error = await decodeBatchV2(deflateRawSync(Buffer.from(JSON.stringify(columns)))).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof BatchV2Error, 'refused');
  return error;
}

test('keys out of order, a short column, a missing value column or an unknown member are refused as malformed', async () => {
  assert.match((await refusal((c) => (c.seqSteps = [1, 0]))).message, /seqSteps/);
  assert.match((await refusal((c) => (c.recordIds = [(c.recordIds as string[])[0]]))).message, /recordIds/);
  assert.match((await refusal((c) => (c.fieldValues = []))).message, /fieldValues/);
  assert.equal((await refusal((c) => (c.payloadHash = 'x'))).kind, 'malformed');
  assert.equal((await refusal((c) => (c.protocol = 1))).kind, 'malformed');
});

test('a receipt lists one outcome per item in order, and only a list that fits the batch is read back', () => {
  const body = receiptV2Body({ nodeId: 'node-1', epoch: 2, batchId: 'b', batchDigest: 'a'.repeat(64), highWaterMark: 9, serverTime: head.createdAt }, [
    { seq: 3, outcome: 'accepted' },
    { seq: 4, outcome: 'rejected', code: 'INVALID_FIELD', reason: '日期不对' },
    { seq: 9, outcome: 'duplicate' },
  ]);
  assert.equal(body.outcomes, 'ard');
  assert.deepEqual(receiptV2Items(body, [3, 4, 9]), [
    { seq: 3, outcome: 'accepted' },
    { seq: 4, outcome: 'rejected', code: 'INVALID_FIELD', reason: '日期不对' },
    { seq: 9, outcome: 'duplicate' },
  ]);
  assert.equal(receiptV2Items(body, [3, 4]), null, 'one item more than sent');
  assert.equal(receiptV2Items({ ...body, outcomes: 'aad' }, [3, 4, 9]), null, 'a rejection without an r');
  assert.equal(receiptV2Items({ ...body, rejections: [] }, [3, 4, 9]), null, 'an r without a rejection');
});
