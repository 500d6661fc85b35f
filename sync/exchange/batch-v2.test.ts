// Protocol v2 against the reference exchange over real mutual TLS: the compressed body signed
// as it travels, receipts that answer every item of exactly those bytes, and the v1 node of
// the previous release still served side by side.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { PATHS, receiptSchema, signedSchema } from '../protocol/messages';
import { batchDigest, encodeBatchV2, formatSignatureHeader, PATH_BATCHES_V2, PROTOCOLS_HEADER, SIGNATURE_HEADER, type BatchItemV2 } from '../protocol/batch-v2';
import { sign, signBytes } from '../protocol/signing';
import { ReceiptError, verifyReceiptV2 } from '../client/receipt';
import { makeItem, type Answer } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';
import type { KeyAndCert } from '../../test/support/pki';

let f: Fixture;
let nextSeq = 1;
const seqs = (n: number) => Array.from({ length: n }, () => nextSeq++);
const v2Item = (seq: number, overrides: Parameters<typeof makeItem>[1] = {}): BatchItemV2 => {
  const { payloadHash: _, ...item } = makeItem(seq, overrides);
  return item;
};

before(async () => {
  f = await startFixture();
});
after(() => f.cleanup());

interface Sent {
  body: Buffer;
  batchId: string;
  epoch: number;
  answer: Answer;
}

/** Posts `body` (or the encoded items) to /v2/batches, signed over its bytes by `signer`. */
async function postV2(items: BatchItemV2[], options: { signer?: KeyAndCert; body?: (encoded: Buffer) => Buffer; signedBody?: (encoded: Buffer) => Buffer; nodeId?: string; epoch?: number } = {}): Promise<Sent> {
  const batchId = randomUUID();
  const epoch = options.epoch ?? 1;
  const encoded = await encodeBatchV2({ nodeId: options.nodeId ?? NODE_ID, epoch, batchId, createdAt: new Date().toISOString() }, items);
  const signer = options.signer ?? f.node;
  const signed = options.signedBody ? options.signedBody(encoded) : encoded;
  const body = options.body ? options.body(signed) : signed;
  const signature = formatSignatureHeader(signBytes(signed, signer.keyPem, signer.certPem));
  const answer = await f.call({ path: PATH_BATCHES_V2, body, headers: { [SIGNATURE_HEADER]: signature, 'content-type': 'application/vnd.edge-node.batch-v2' } });
  return { body, batchId, epoch, answer };
}

function verified(sent: Sent, seqList: number[]) {
  assert.equal(sent.answer.status, 200, sent.answer.body.toString());
  return verifyReceiptV2(sent.answer.json(), { nodeId: NODE_ID, epoch: sent.epoch, batchId: sent.batchId, seqs: seqList, batchDigest: batchDigest(sent.body) }, f.pki.exchangeSigning.certPem);
}

test('a v2 batch round-trips: stored exactly once, each item answered in order, the receipt bound to the bytes sent', async () => {
  const keys = seqs(4);
  const items = keys.map((seq) => v2Item(seq));
  items[2] = v2Item(keys[2]!, { fields: { ...makeItem(0).fields, occurred_on: '2026-02-30' } });
  const before = f.exchange.appliedCount(NODE_ID);
  const sent = await postV2(items);
  assert.equal(sent.answer.headers[PROTOCOLS_HEADER], '1, 2', 'the exchange advertises both versions');
  const receipt = verified(sent, keys);
  assert.deepEqual(receipt.items.map((i) => [i.seq, i.outcome]), keys.map((seq, i) => [seq, i === 2 ? 'rejected' : 'accepted']));
  assert.equal(receipt.items[2]!.code, 'INVALID_FIELD');
  assert.match(receipt.items[2]!.reason!, /发生日期/);
  assert.equal(receipt.highWaterMark, keys.at(-1));
  assert.equal(f.exchange.appliedCount(NODE_ID), before + 3);

  // The same bytes again (a retry after a lost receipt): nothing is stored twice.
  const again = await f.call({ path: PATH_BATCHES_V2, body: sent.body, headers: { [SIGNATURE_HEADER]: formatSignatureHeader(signBytes(sent.body, f.node.keyPem, f.node.certPem)) } });
  const second = verified({ ...sent, answer: again }, keys);
  assert.deepEqual(second.items.map((i) => i.outcome), ['duplicate', 'duplicate', 'rejected', 'duplicate']);
  assert.equal(f.exchange.appliedCount(NODE_ID), before + 3);
  for (const item of items.filter((_, i) => i !== 2)) {
    assert.deepEqual(f.exchange.appliedVersions(NODE_ID).filter((v) => v.recordId === item.recordId), [{ recordId: item.recordId, version: 1, count: 1 }]);
  }
});

test('a record version already delivered over v1 is a duplicate over v2: the exchange computes the same hash', async () => {
  const [seq] = seqs(1);
  const v1 = makeItem(seq!);
  assert.equal((await f.postItems([v1])).status, 200);
  const count = f.exchange.appliedCount(NODE_ID);
  const [next] = seqs(1);
  const { payloadHash: _, ...same } = { ...v1, seq: next! };
  const receipt = verified(await postV2([same]), [next!]);
  assert.deepEqual(receipt.items.map((i) => i.outcome), ['duplicate']);
  assert.equal(f.exchange.appliedCount(NODE_ID), count);
});

test('a compressed body changed after signing is refused with BAD_SIGNATURE, before anything is inflated or applied', async () => {
  const keys = seqs(3);
  const before = f.exchange.appliedCount(NODE_ID);
  const flipped = await postV2(
    keys.map((seq) => v2Item(seq)),
    { body: (b) => Buffer.concat([b.subarray(0, b.length >> 1), Buffer.from([b[b.length >> 1]! ^ 0x01]), b.subarray((b.length >> 1) + 1)]) },
  );
  assert.equal(flipped.answer.status, 401);
  assert.equal(flipped.answer.json<{ error: { code: string } }>().error.code, 'BAD_SIGNATURE');
  // Signed by another node's key (not the connection's certificate): refused the same way.
  const other = await postV2(keys.map((seq) => v2Item(seq)), { signer: f.pki.issueClient(NODE_ID) });
  assert.equal(other.answer.status, 401);
  // No signature header at all.
  const encoded = await encodeBatchV2({ nodeId: NODE_ID, epoch: 1, batchId: randomUUID(), createdAt: new Date().toISOString() }, keys.map((seq) => v2Item(seq)));
  const unsigned = await f.call({ path: PATH_BATCHES_V2, body: encoded });
  assert.equal(unsigned.status, 401);
  assert.equal(f.exchange.appliedCount(NODE_ID), before);
});

test('a signed deflate bomb is cut off at the cap (413), and signed garbage is MALFORMED (400)', async () => {
  const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  const signature = formatSignatureHeader(signBytes(bomb, f.node.keyPem, f.node.certPem));
  const answer = await f.call({ path: PATH_BATCHES_V2, body: bomb, headers: { [SIGNATURE_HEADER]: signature } });
  assert.equal(answer.status, 413);
  const notDeflate = Buffer.from('not deflate at all');
  const refused = await f.call({ path: PATH_BATCHES_V2, body: notDeflate, headers: { [SIGNATURE_HEADER]: formatSignatureHeader(signBytes(notDeflate, f.node.keyPem, f.node.certPem)) } });
  assert.equal(refused.status, 400);
  assert.match(refused.json<{ error: { message: string } }>().error.message, /deflate/);
});

test('a v2 batch naming another node is refused with NODE_MISMATCH', async () => {
  const sent = await postV2([v2Item(seqs(1)[0]!)], { nodeId: 'node-someone-else' });
  assert.equal(sent.answer.status, 403);
  assert.equal(sent.answer.json<{ error: { code: string } }>().error.code, 'NODE_MISMATCH');
});

test('the node refuses a receipt with a forged outcome, one for other bytes, or one that skips an item', async () => {
  const keys = seqs(3);
  const sent = await postV2(keys.map((seq) => v2Item(seq)));
  const genuine = verified(sent, keys);
  assert.deepEqual(genuine.items.map((i) => i.outcome), ['accepted', 'accepted', 'accepted']);
  const signed = sent.answer.json<{ body: Record<string, unknown>; signature: unknown }>();
  const expected = { nodeId: NODE_ID, epoch: 1, batchId: sent.batchId, seqs: keys, batchDigest: batchDigest(sent.body) };
  const signer = f.pki.exchangeSigning.certPem;

  // An outcome changed after signing (accepted → duplicate): the signature no longer holds.
  const forged = { ...signed, body: { ...signed.body, outcomes: 'ada' } };
  assert.throws(() => verifyReceiptV2(forged, expected, signer), (e: unknown) => e instanceof ReceiptError && /签名与内容不符/.test(e.message));
  // A forger holding a signing key the node does not trust.
  const byNode = sign({ ...signed.body, outcomes: 'aaa' }, f.node.keyPem, f.node.certPem);
  assert.throws(() => verifyReceiptV2(byNode, expected, signer), ReceiptError);
  // A genuine receipt, but for other bytes than this node sent (a replayed receipt).
  assert.throws(() => verifyReceiptV2(signed, { ...expected, batchDigest: batchDigest(Buffer.from('other')) }, signer), /批次摘要/);
  // A genuine receipt that answers fewer items than were sent.
  assert.throws(() => verifyReceiptV2(signed, { ...expected, seqs: [...keys, keys.at(-1)! + 1] }, signer), /逐条答复/);
});

test('the v1 batch of the previous release is still accepted, with its v1 receipt', async () => {
  const items = seqs(2).map((seq) => makeItem(seq));
  const answer = await f.postItems(items);
  assert.equal(answer.status, 200, answer.body.toString());
  assert.equal(answer.headers[PROTOCOLS_HEADER], '1, 2');
  const receipt = signedSchema(receiptSchema).parse(answer.json()).body;
  assert.equal(receipt.protocol, 1);
  assert.deepEqual(receipt.items, items.map((i) => ({ seq: i.seq, outcome: 'accepted' })));
  // v1's own check still stands: a payloadHash that does not match is HASH_MISMATCH.
  const [seq] = seqs(1);
  const tampered = { ...makeItem(seq!), payloadHash: 'f'.repeat(64) };
  const refused = signedSchema(receiptSchema).parse((await f.postItems([tampered])).json()).body;
  assert.equal(refused.items[0]!.code, 'HASH_MISMATCH');
  assert.equal((await f.call({ path: PATHS.batches, method: 'GET' })).status, 405);
});
