// Fault injection: 503s, dropped connections, lost receipts, latency, slow bodies — and that
// retrying through all of them still applies every record version exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PATHS, receiptSchema, signedSchema, type BatchItem, type Receipt } from '../protocol/messages';
import { FaultInjector } from './faults';
import { makeItem } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';

let f: Fixture;
let seq = 1;

before(async () => {
  f = await startFixture();
});
after(() => f.cleanup());

test('the same seed gives the same decisions; rates are honoured', () => {
  const a = new FaultInjector({ dropRate: 0.3, errorRate: 0.5, seed: 42 });
  const b = new FaultInjector({ dropRate: 0.3, errorRate: 0.5, seed: 42 });
  const run = (x: FaultInjector) => Array.from({ length: 2000 }, () => x.decide());
  const da = run(a);
  assert.deepEqual(da, run(b));
  const drops = da.filter((d) => d.drop).length / da.length;
  assert.ok(drops > 0.25 && drops < 0.35, `drop rate ${drops}`);
  assert.ok(da.every((d) => !d.dropAfterApply));
  assert.throws(() => a.set({ errorRate: 2 }), RangeError);
});

test('errorRate 1 answers 503 with Retry-After and applies nothing', async () => {
  f.exchange.setFaults({ errorRate: 1 });
  try {
    const count = f.exchange.appliedCount();
    const answer = await f.postItems([makeItem(seq++)]);
    assert.equal(answer.status, 503);
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(answer.json<{ error: { code: string } }>().error.code, 'UNAVAILABLE');
    assert.equal(f.exchange.appliedCount(), count);
  } finally {
    f.exchange.setFaults({});
  }
});

test('dropRate 1 drops the connection before anything is applied', async () => {
  f.exchange.setFaults({ dropRate: 1 });
  try {
    const count = f.exchange.appliedCount();
    await assert.rejects(f.postItems([makeItem(seq++)]), /socket hang up|ECONNRESET/);
    assert.equal(f.exchange.appliedCount(), count);
  } finally {
    f.exchange.setFaults({});
  }
});

test('dropAfterApplyRate 1 loses the receipt, and the retry answers duplicate for all (exactly once)', async () => {
  const items = [makeItem(seq++), makeItem(seq++), makeItem(seq++)];
  const count = f.exchange.appliedCount(NODE_ID);
  f.exchange.setFaults({ dropAfterApplyRate: 1 });
  try {
    await assert.rejects(f.postItems(items), /socket hang up|ECONNRESET/);
  } finally {
    f.exchange.setFaults({});
  }
  assert.equal(f.exchange.appliedCount(NODE_ID), count + 3, 'applied before the drop');
  const retry = await f.postItems(items);
  assert.equal(retry.status, 200);
  assert.deepEqual(signedSchema(receiptSchema).parse(retry.json()).body.items.map((i) => i.outcome), ['duplicate', 'duplicate', 'duplicate']);
  assert.equal(f.exchange.appliedCount(NODE_ID), count + 3);
});

test('latency delays each answer', async () => {
  f.exchange.setFaults({ latencyMs: 300 });
  try {
    const started = Date.now();
    assert.equal((await f.call({ path: PATHS.catalog })).status, 200);
    assert.ok(Date.now() - started >= 290);
  } finally {
    f.exchange.setFaults({});
  }
});

test('slow bodies trickle the answer at the configured rate', async () => {
  const size = (await f.call({ path: PATHS.catalog })).body.length;
  const rate = Math.ceil(size / 0.6); // about 0.6 s for the whole catalog
  f.exchange.setFaults({ slowBodyBytesPerSec: rate });
  try {
    const started = Date.now();
    const answer = await f.call({ path: PATHS.catalog });
    assert.equal(answer.body.length, size);
    assert.ok(Date.now() - started >= 500, `took ${Date.now() - started} ms`);
  } finally {
    f.exchange.setFaults({});
  }
});

test('retrying through mixed faults delivers every record version exactly once', async () => {
  f.exchange.setFaults({ dropRate: 0.2, errorRate: 0.2, dropAfterApplyRate: 0.3, seed: 7 });
  const all: BatchItem[] = [];
  let failures = 0;
  try {
    for (let b = 0; b < 15; b++) {
      const items = Array.from({ length: 5 }, () => makeItem(seq++));
      all.push(...items);
      let receipt: Receipt | undefined;
      for (let attempt = 0; !receipt; attempt++) {
        assert.ok(attempt < 50, 'gave up retrying');
        const answer = await f.postItems(items).catch(() => undefined);
        if (answer?.status === 200) receipt = signedSchema(receiptSchema).parse(answer.json()).body;
        else failures++;
      }
      assert.ok(receipt.items.every((i) => i.outcome === 'accepted' || i.outcome === 'duplicate'));
    }
  } finally {
    f.exchange.setFaults({});
  }
  assert.ok(failures > 5, `the faults did happen (${failures})`);
  const ids = new Set(all.map((i) => i.recordId));
  const versions = f.exchange.appliedVersions(NODE_ID).filter((v) => ids.has(v.recordId));
  assert.equal(versions.length, all.length);
  assert.ok(versions.every((v) => v.count === 1));
});
