// Clock skew between a township PC and the provincial exchange: a day either way
// (support/skew-scene.ts sets the clocks apart). Sync goes on — a receipt "from the future"
// or "from the past" is stored as the exchange dated it — and the sync page, the dashboard's
// clock tile and `edge-node sync status` name the difference (本机时钟与交换平台相差约 1 天);
// the dashboard shows no negative ages; the exchange still hears heartbeats. Certificates
// judged by a wrong clock: clock-skew-certificates.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FAST_SYNC, syncNow, waitFor } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';
import { openRawDatabase } from '../support/raw-database';
import { PASSWORDS } from '../support/test-node';
import { assertNoNegativeAges, DAY, skewScene } from './support/skew-scene';

const BIN = fileURLToPath(new URL('../../bin/edge-node.mjs', import.meta.url));

for (const [name, exchangeOffset, way] of [
  ['behind', DAY, '本机时间偏慢'],
  ['ahead of', -DAY, '本机时间偏快'],
] as const) {
  test(`the node's clock a day ${name} the exchange's: records are delivered, receipts kept as dated, and every screen names the difference`, { timeout: 110_000 }, async () => {
    await skewScene(exchangeOffset, async ({ exchange, node, nodeId }) => {
      await bulkRegister(node.dataDir, node.keyFile, 30);
      const synced = await syncNow(node);
      assert.equal(synced.queueDepth, 0, JSON.stringify(synced));
      assert.equal(synced.problem, null, 'a skewed clock alone does not stop sync');
      assert.equal(exchange.appliedCount(nodeId), 30);

      // The sync page: the difference, measured from the exchange's answers.
      assert.ok(synced.clockSkew, 'the clock was compared');
      assert.ok(Math.abs(synced.clockSkew.offsetSeconds + exchangeOffset / 1000) < 120, JSON.stringify(synced.clockSkew));
      assert.match(synced.clockSkew.message ?? '', new RegExp(`^本机时钟与交换平台相差约 1 天（${way}）`));

      // Receipts are stored as the exchange dated them, a day from the node's own time.
      const raw = await openRawDatabase(node.dataDir, node.keyFile);
      try {
        const receipts = raw.prepare('SELECT server_time AS serverTime, received_at AS receivedAt FROM receipts').all() as { serverTime: string; receivedAt: string }[];
        assert.ok(receipts.length > 0);
        for (const r of receipts) assert.ok(Math.abs(Date.parse(r.serverTime) - Date.parse(r.receivedAt) - exchangeOffset) < 120_000, JSON.stringify(r));
      } finally {
        raw.close();
      }

      // The dashboard: a clock tile that says what is wrong; no negative ages.
      const dashboard = await node.ok('official', 'status.dashboard', {});
      assert.equal(dashboard.tiles.clock.level, 'red', JSON.stringify(dashboard.tiles.clock));
      assert.match(dashboard.tiles.clock.sentence ?? '', /本机时钟与交换平台相差约 1 天/);
      assert.notEqual(dashboard.overall, 'green');
      assertNoNegativeAges(dashboard);

      // The exchange heard the heartbeat and ages it by its own clock.
      await waitFor(() => exchange.heartbeats(nodeId).length, (n) => n > 0, 30_000, 'a heartbeat');
      const listed = exchange.nodes().find((n) => n.nodeId === nodeId);
      assert.ok(listed, 'the exchange lists the node');

      // `edge-node sync status` in another process, on the same data: the same warning.
      node.node.close();
      const cli = spawnSync(process.execPath, [BIN, 'sync', 'status', '--as', 'operator'], {
        env: { ...process.env, EDGE_NODE_DATA_DIR: node.dataDir, EDGE_NODE_KEY_FILE: node.keyFile, EDGE_NODE_PASSWORD: PASSWORDS.operator },
        encoding: 'utf8',
        timeout: 180_000,
      });
      assert.match(cli.stdout, new RegExp(`时钟：本机时钟与交换平台相差约 1 天（${way}）`), cli.stdout + cli.stderr);
      await node.reopen({ ...FAST_SYNC, automatic: false });
    });
  });
}

