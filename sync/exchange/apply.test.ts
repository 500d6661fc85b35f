// Idempotent apply over real mutual TLS: receipts, duplicates, per-item rejections with
// reasons, exactly once per record version, high-water marks, and state across a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import { PATHS, receiptSchema, signedSchema, highWaterMarkSchema, type Receipt } from '../protocol/messages';
import { verify } from '../protocol/signing';
import { makeItem } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';

let f: Fixture;
let nextSeq = 1;
const seqs = (n: number) => Array.from({ length: n }, () => nextSeq++);

before(async () => {
  f = await startFixture();
});
after(() => f.cleanup());

function receiptOf(answer: { status: number; json<T>(): T; body: Buffer }): Receipt {
  assert.equal(answer.status, 200, answer.body.toString());
  const signed = signedSchema(receiptSchema).parse(answer.json());
  assert.ok(verify(signed, f.pki.exchangeSigning.certPem), 'receipt signed by the exchange signing certificate');
  return signed.body;
}

test('a signed gzip batch is accepted item by item and the receipt is signed by the exchange', async () => {
  const items = seqs(3).map((seq) => makeItem(seq));
  const before = f.exchange.appliedCount(NODE_ID);
  const receipt = receiptOf(await f.postItems(items));
  assert.deepEqual(receipt.items, items.map((i) => ({ seq: i.seq, outcome: 'accepted' })));
  assert.equal(receipt.nodeId, NODE_ID);
  assert.equal(receipt.highWaterMark, items.at(-1)!.seq);
  assert.ok(Math.abs(Date.parse(receipt.serverTime) - Date.now()) < 60_000);
  assert.equal(f.exchange.appliedCount(NODE_ID), before + 3);
  // The receipt does not verify with any other certificate, such as the node's own.
  const signed = signedSchema(receiptSchema).parse((await f.postItems(items)).json());
  assert.equal(verify(signed, f.node.certPem), false);
});

test('the same batch sent twice is applied once: the second receipt says duplicate for all', async () => {
  const items = seqs(4).map((seq) => makeItem(seq));
  receiptOf(await f.postItems(items));
  const count = f.exchange.appliedCount(NODE_ID);
  const again = receiptOf(await f.postItems(items));
  assert.deepEqual(again.items.map((i) => i.outcome), ['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  assert.equal(f.exchange.appliedCount(NODE_ID), count);
  for (const item of items) {
    assert.deepEqual(f.exchange.appliedVersions(NODE_ID).filter((v) => v.recordId === item.recordId), [{ recordId: item.recordId, version: 1, count: 1 }]);
  }
});

test('a bad field is rejected with INVALID_FIELD and its Chinese reason, the other items are accepted', async () => {
  const [a, b, c] = seqs(3);
  const bad = makeItem(b!, { fields: { ...makeItem(0).fields, occurred_on: '2026-02-30' } });
  const receipt = receiptOf(await f.postItems([makeItem(a!), bad, makeItem(c!)]));
  assert.deepEqual(receipt.items.map((i) => i.outcome), ['accepted', 'rejected', 'accepted']);
  assert.equal(receipt.items[1]!.code, 'INVALID_FIELD');
  assert.match(receipt.items[1]!.reason!, /灾情报送.*发生日期/);
});

test('a negative-list (不予共享) item is refused with NOT_SHAREABLE', async () => {
  const [seq] = seqs(1);
  const item = makeItem(seq!, { resourceCode: '308001-00001', fields: { name: '赵五' } });
  const receipt = receiptOf(await f.postItems([item]));
  assert.equal(receipt.items[0]!.code, 'NOT_SHAREABLE');
  assert.match(receipt.items[0]!.reason!, /不予共享/);
});

test('an item whose payloadHash does not match its content is refused with HASH_MISMATCH', async () => {
  const [seq] = seqs(1);
  const item = makeItem(seq!);
  const tampered = { ...item, fields: { ...item.fields, affected_people: '999999' } };
  const receipt = receiptOf(await f.postItems([tampered]));
  assert.equal(receipt.items[0]!.code, 'HASH_MISMATCH');
  assert.match(receipt.items[0]!.reason!, /摘要不一致/);
});

test('an unknown resource is refused with UNKNOWN_RESOURCE', async () => {
  const [seq] = seqs(1);
  const receipt = receiptOf(await f.postItems([makeItem(seq!, { resourceCode: '999999-00001' })]));
  assert.equal(receipt.items[0]!.code, 'UNKNOWN_RESOURCE');
});

test('record versions arrive exactly once whatever key carries them; older versions are STALE_VERSION', async () => {
  const [s1, s2, s3, s4, s5, s6] = seqs(6);
  const v1 = makeItem(s1!);
  const v3 = makeItem(s2!, { recordId: v1.recordId, version: 3, fields: { ...v1.fields, affected_people: '7' } });
  receiptOf(await f.postItems([v1, v3]));
  // After a restore the node may resend a version under a new key: stored once, answered duplicate.
  const resent = receiptOf(await f.postItems([{ ...v3, seq: s3! }, { ...v1, seq: s4! }], 2));
  assert.deepEqual(resent.items.map((i) => i.outcome), ['duplicate', 'duplicate']);
  // Version 2 arriving after version 3 is older than what is held.
  const v2 = makeItem(s5!, { recordId: v1.recordId, version: 2, fields: { ...v1.fields, affected_people: '5' } });
  const late = receiptOf(await f.postItems([v2]));
  assert.equal(late.items[0]!.code, 'STALE_VERSION');
  assert.match(late.items[0]!.reason!, /已有更新的第 3 版/);
  // Version 3 with other content (a different history after a restore) is refused too.
  const other = makeItem(s6!, { recordId: v1.recordId, version: 3, fields: { ...v1.fields, affected_people: '8' } });
  const conflict = receiptOf(await f.postItems([other]));
  assert.equal(conflict.items[0]!.code, 'STALE_VERSION');
  assert.match(conflict.items[0]!.reason!, /不同内容/);
  assert.deepEqual(f.exchange.appliedVersions(NODE_ID).filter((v) => v.recordId === v1.recordId), [
    { recordId: v1.recordId, version: 1, count: 1 },
    { recordId: v1.recordId, version: 3, count: 1 },
  ]);
});

test('a withdrawal arrives even when its last fields no longer pass a stricter catalog', async () => {
  const [seq] = seqs(1);
  const withdrawn = makeItem(seq!, { status: 'withdrawn', version: 3, fields: { ...makeItem(0).fields, occurred_on: 'not a date' } });
  assert.equal(receiptOf(await f.postItems([withdrawn])).items[0]!.outcome, 'accepted');
});

test('a rejected key sent again is checked again (requeue after the catalog was updated)', async () => {
  const [seq] = seqs(1);
  const newResource = { ...sampleCatalog.resources.find((r) => r.code === '212001-00001')!, code: '212001-00099' };
  const item = makeItem(seq!, { resourceCode: newResource.code });
  assert.equal(receiptOf(await f.postItems([item])).items[0]!.code, 'UNKNOWN_RESOURCE');
  const updated: Catalog = { version: `${sampleCatalog.version}+1`, resources: [...sampleCatalog.resources, newResource] };
  f.exchange.setCatalog(updated);
  try {
    assert.equal(receiptOf(await f.postItems([item])).items[0]!.outcome, 'accepted');
    assert.equal(receiptOf(await f.postItems([item])).items[0]!.outcome, 'duplicate');
  } finally {
    f.exchange.setCatalog(sampleCatalog);
  }
});

test('a key reused for other content is refused, never answered duplicate', async () => {
  const [seq] = seqs(1);
  receiptOf(await f.postItems([makeItem(seq!)]));
  const reused = receiptOf(await f.postItems([makeItem(seq!)]));
  assert.equal(reused.items[0]!.outcome, 'rejected');
  assert.match(reused.items[0]!.reason!, /新的纪元/);
});

test('the high-water mark is per epoch, signed, and only for the node itself', async () => {
  const [seq] = seqs(1);
  receiptOf(await f.postItems([makeItem(seq!)], 7));
  const answer = await f.call({ path: PATHS.highWaterMark(NODE_ID) });
  assert.equal(answer.status, 200);
  const signed = signedSchema(highWaterMarkSchema).parse(answer.json());
  assert.ok(verify(signed, f.pki.exchangeSigning.certPem));
  assert.equal(signed.body.epochs['7'], seq);
  // Every earlier test sent in epoch 1, and one item in epoch 2.
  assert.equal(signed.body.epochs['1'], seq! - 1);
  assert.equal(typeof signed.body.epochs['2'], 'number');
  assert.equal(signed.body.epochs['3'], undefined);
  const other = await f.call({ path: PATHS.highWaterMark('node-someone-else') });
  assert.equal(other.status, 403);
});

test('a restarted exchange on the same data folder keeps what it applied', async () => {
  const items = seqs(2).map((seq) => makeItem(seq));
  receiptOf(await f.postItems(items));
  const count = f.exchange.appliedCount(NODE_ID);
  const marks = signedSchema(highWaterMarkSchema).parse((await f.call({ path: PATHS.highWaterMark(NODE_ID) })).json()).body.epochs;
  await f.restart();
  assert.equal(f.exchange.appliedCount(NODE_ID), count);
  const again = receiptOf(await f.postItems(items));
  assert.deepEqual(again.items.map((i) => i.outcome), ['duplicate', 'duplicate']);
  const after = signedSchema(highWaterMarkSchema).parse((await f.call({ path: PATHS.highWaterMark(NODE_ID) })).json()).body.epochs;
  assert.deepEqual(after, marks);
});
