// Exactly once through a bad link: 50,000 records registered while the exchange is down,
// then delivered through a fault-injecting exchange (dropped connections, 5xx with
// Retry-After, receipts lost after the batch was applied, latency, a stretch where every
// request times out) with the node closed in the middle of a batch and reopened. The exchange must hold each record version exactly
// once, the node's queue must be empty and every batch's signed receipt stored.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, freePort, startSyncNode, startTestExchange, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';
import { countRows, openRawDatabase } from '../support/raw-database';
import { verify } from '../../sync/protocol/signing';

const RECORDS = Number(process.env.EDGE_NODE_EXACTLY_ONCE_RECORDS ?? 50_000);
const FAULTS = { dropRate: 0.1, errorRate: 0.1, dropAfterApplyRate: 0.1, latencyMs: 15, seed: 20261126 };

describe(`sync: exactly once for ${RECORDS} records through faults and a restart`, () => {
  let pki: TestPki;
  let exchange: TestExchange | undefined;
  let t: SyncNode;
  let nodeId: string;
  let port: number;

  before(async () => {
    pki = createTestPki();
    // Request deadline 2 × 2.5 s: the slow phase below (6 s latency) times out every request.
    t = await startSyncNode({ ...FAST_SYNC, engine: { ...FAST_SYNC.engine, requestTimeoutMs: 2_500 } });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    port = await freePort();
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('records registered while the exchange is down wait in the queue; the node keeps probing with backoff', async () => {
    await connectNode(t, pki, `https://127.0.0.1:${port}`, { batchMaxItems: 500, batchMaxBytes: 1024 * 1024 });
    const started = Date.now();
    t.node.close();
    const ids = await bulkRegister(t.dataDir, t.keyFile, RECORDS);
    assert.equal(ids.length, RECORDS);
    const registerSeconds = (Date.now() - started) / 1000;
    await t.reopen();
    const status = await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.link === 'offline' && s.consecutiveFailures >= 2, 60_000, 'the link to show offline');
    assert.equal(status.queueDepth, RECORDS);
    assert.match(status.problem ?? '', /无法连接交换平台|连接中断|超时/);
    assert.ok(status.oldestPendingAt);
    assert.ok(status.nextAttemptAt, 'a retry is scheduled');
    console.log(`registered ${RECORDS} records in ${registerSeconds.toFixed(1)} s`);
  });

  test('the exchange comes up with faults; the reconnect probe finds it; a restart mid-batch loses and doubles nothing', async () => {
    exchange = await startTestExchange(pki, { port, faults: FAULTS });
    const started = Date.now();
    // The node finds the exchange by itself (backoff probe), no sync now needed.
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.queueDepth <= RECORDS * 0.8, 120_000, '20% delivered');
    // A stretch where every answer comes too late: the node times out (while the exchange
    // still applies what it received — more lost receipts), backs off, and carries on after.
    const failuresBefore = (await t.ok('operator', 'sync.status', {})).consecutiveFailures;
    exchange.setFaults({ ...FAULTS, latencyMs: 6_000 });
    const slow = await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.consecutiveFailures >= Math.max(2, failuresBefore + 2) && /超时/.test(s.problem ?? ''), 60_000, 'timeouts');
    assert.equal(slow.link, 'offline');
    exchange.setFaults(FAULTS);
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.queueDepth <= RECORDS * 0.6 && s.inFlight > 0, 120_000, 'a batch in flight after 40% delivered');
    const progress = (await t.ok('operator', 'sync.status', {})).progress;
    assert.ok(progress && progress.total >= progress.sent && progress.sent > 0, JSON.stringify(progress));
    await t.reopen(); // the node closes with a batch on the wire
    // The exchange keeps injecting faults, so the last request of a drain (a heartbeat or the
    // next probe) may meet one; the node must end online by itself once a request gets through.
    const done = await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.queueDepth === 0 && !s.running && s.link === 'online', 180_000, 'the queue to drain and the link to show online');
    const seconds = (Date.now() - started) / 1000;
    assert.equal(done.rejected, 0);
    assert.equal(done.highWaterMark, RECORDS);
    console.log(`delivered ${RECORDS} records through faults in ${seconds.toFixed(1)} s (${Math.round(RECORDS / seconds)} records/s)`);

    const applied = exchange.appliedVersions(nodeId);
    assert.equal(applied.length, RECORDS, 'every record version arrived');
    const twice = applied.filter((v) => v.count !== 1);
    assert.deepEqual(twice, [], 'no record version arrived twice');
    assert.equal(exchange.appliedCount(nodeId), RECORDS);

    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      assert.equal(countRows(raw, 'outbox', `state = 'acknowledged'`), RECORDS);
      assert.equal(countRows(raw, 'outbox', `state <> 'acknowledged'`), 0);
      assert.equal(countRows(raw, 'outbox', `batch_id IS NULL OR batch_id NOT IN (SELECT batch_id FROM receipts)`), 0, 'every row names its stored receipt');
      const receipts = raw.prepare('SELECT signed_receipt, items FROM receipts').all() as { signed_receipt: string; items: number }[];
      assert.ok(receipts.length >= RECORDS / 500);
      for (const r of receipts) assert.ok(verify(JSON.parse(r.signed_receipt), pki.exchangeSigning.certPem));
      // The node learns from the exchange's answers that it speaks protocol 2 and keeps that
      // across its restart: every batch went as version 2, none as version 1 after the reopen.
      const protocols = receipts.map((r) => (JSON.parse(r.signed_receipt) as { body: { protocol: number } }).body.protocol);
      assert.deepEqual(protocols.filter((p) => p !== 2), [], `receipt versions: ${JSON.stringify(protocols)}`);
      const retried = raw.prepare('SELECT count(*) AS n FROM outbox WHERE attempts > 1').get() as { n: number };
      console.log(`${receipts.length} receipts; ${retried.n} rows needed more than one attempt`);
      assert.ok(retried.n > 0, 'the faults really hit');
    } finally {
      raw.close();
    }
  });
});
