// The sync page's estimate (预计还需) early in a pipelined drain. Several batches leave before
// the first receipt comes back, and their receipts then arrive close together: a rate counted
// from the first receipt put thousands of records over a few milliseconds (the CLI once
// printed 按近期每分钟确认 137481.9 条). The rate shown must never be more than the node really
// achieved since its batches started to move, as the operator would measure it with a watch.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';

const RECORDS = 3_000;
/** Small batches, so many are on the wire at once; every request waits this long at the exchange (a far county). */
const BATCH = 100;
const LATENCY_MS = 300;
const DRAIN_TIMEOUT_MS = 120_000;

describe('sync: the estimate early in a pipelined drain', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode({ automatic: false });
    await connectNode(t, pki, exchange.url, { batchMaxItems: BATCH });
    const warm = await syncNow(t, 60_000);
    assert.equal(warm.link, 'online', warm.problem ?? '');
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, RECORDS);
    await t.reopen({ automatic: false });
    exchange.setFaults({ latencyMs: LATENCY_MS });
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('the rate behind 预计还需 is never above what was delivered since the batches started moving', async () => {
    const started = Date.now();
    await t.ok('operator', 'sync.now', {});
    let moving: number | null = null;
    const seen: { shownPerMinute: number; realPerMinute: number; left: number }[] = [];
    for (;;) {
      const status = await t.ok('operator', 'sync.status', {});
      const at = Date.now();
      if (moving === null && (status.inFlight > 0 || status.queueDepth < RECORDS)) moving = at;
      if (status.eta && moving !== null) {
        const delivered = RECORDS - status.queueDepth;
        seen.push({ shownPerMinute: status.eta.recordsPerMinute, realPerMinute: (delivered / Math.max(1, at - moving)) * 60_000, left: status.queueDepth });
      }
      if (status.queueDepth === 0 && !status.running) break;
      if (at - started > DRAIN_TIMEOUT_MS) assert.fail(`the queue did not drain in ${DRAIN_TIMEOUT_MS / 1000} s: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(exchange.appliedCount((await t.ok('admin', 'status.get', {})).nodeId), RECORDS);
    assert.ok(seen.length >= 3, `an estimate was shown while draining (${seen.length} times)`);
    const worst = seen.reduce((a, b) => (b.shownPerMinute / b.realPerMinute > a.shownPerMinute / a.realPerMinute ? b : a));
    console.log(`${seen.length} estimates; the highest against the real rate: ${worst.shownPerMinute} per minute shown, ${worst.realPerMinute.toFixed(0)} real, ${worst.left} left`);
    // A little room for the status being read a moment before the clock above.
    for (const s of seen) assert.ok(s.shownPerMinute <= s.realPerMinute * 1.25, `shown ${s.shownPerMinute} per minute, delivered ${s.realPerMinute.toFixed(0)} per minute, ${s.left} left`);
  });
});
