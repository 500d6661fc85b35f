// Disk full while the node stores the exchange's receipt. The node's data folder is on a
// real small filesystem (tmpfs); while a batch is on the wire (the exchange answers slowly)
// the test takes the last free byte, so the receipt's transaction cannot be written. The
// rows must not count as delivered, none may be lost, the sync page must say the disk is
// full, and when the space is back the next run delivers them — the exchange holding each
// version exactly once (it already applied them; the resend is answered from its store).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smallDiskOrSkip } from '../support/small-disk';
import { createTestPki } from '../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, waitFor, type SyncNode } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';
import { openRawDatabase, countRows } from '../support/raw-database';

const RECORDS = 60;

test('disk full while storing a receipt: nothing is marked delivered or lost, 磁盘空间不足 is shown, and the rows are delivered exactly once when space returns', { timeout: 110_000 }, async (t) => {
  const disk = smallDiskOrSkip(t, 48 * 1024 * 1024);
  if (!disk) return;
  const pki = createTestPki();
  const exchange = await startTestExchange(pki);
  let node: SyncNode | null = null;
  const tmp = process.env.TMPDIR;
  try {
    // startSyncNode makes its folder under the temporary folder: here, on the small disk.
    process.env.TMPDIR = disk.dir;
    try {
      node = await startSyncNode({ ...FAST_SYNC, automatic: false });
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
    const n = node;
    const nodeId = (await n.ok('admin', 'status.get', {})).nodeId;
    await connectNode(n, pki, exchange.url);
    await bulkRegister(n.dataDir, n.keyFile, RECORDS);
    const raw = await openRawDatabase(n.dataDir, n.keyFile);
    try {
      // The exchange takes its time: the batch is in flight long enough to fill the disk behind it.
      exchange.setFaults({ latencyMs: 1500 });
      await n.ok('operator', 'sync.now', {});
      await waitFor(() => n.ok('operator', 'sync.status', {}), (s) => s.inFlight > 0, 30_000, 'a batch in flight');
      disk.fill(0);
      const stuck = await waitFor(
        () => n.ok('operator', 'sync.status', {}),
        (s) => !s.running && s.problem !== null,
        30_000,
        'the run to stop on the full disk',
      );
      assert.match(stuck.problem ?? '', /磁盘空间不足/, 'the sync page names the cause');
      assert.equal(countRows(raw, 'outbox', `state = 'acknowledged'`), 0, 'nothing counts as delivered without its stored receipt');
      assert.equal(countRows(raw, 'receipts'), 0);
      assert.equal(countRows(raw, 'outbox'), RECORDS, 'no row is lost');
      assert.equal(stuck.queueDepth, RECORDS, 'every row still waits');
      assert.ok(exchange.appliedCount(nodeId) > 0, 'the exchange did apply the batch the node could not record');

      disk.release();
      exchange.setFaults({});
      await n.ok('operator', 'sync.now', {});
      const done = await waitFor(() => n.ok('operator', 'sync.status', {}), (s) => !s.running && s.queueDepth === 0, 60_000, 'the queue to drain');
      assert.equal(done.problem, null);
      assert.equal(countRows(raw, 'outbox', `state = 'acknowledged'`), RECORDS);
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      const applied = exchange.appliedVersions(nodeId);
      assert.equal(applied.length, RECORDS, 'the exchange holds every version');
      assert.deepEqual(applied.filter((v) => v.count !== 1), [], 'each exactly once');
    } finally {
      raw.close();
    }
  } finally {
    node?.cleanup();
    await exchange.close();
    pki.cleanup();
    disk.unmount();
  }
});
