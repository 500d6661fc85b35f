// The node's own clock put back: its certificate looks "not yet valid" only because of the
// clock. The node asks the exchange its time (the exchange judges our certificate by its own
// clock, so it answers) and tells the operator the clock is the cause, not the certificate;
// set right, sync resumes by itself. And with no new answer from the exchange, the dashboard
// still notices a clock put back from the times it has recorded. No negative ages anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncNow } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';
import { assertNoNegativeAges, DAY, relogin, skewScene } from './support/skew-scene';

test('the node clock put back a day: its certificate looks not yet valid, and the operator is told it is the clock; set right, sync resumes', { timeout: 110_000 }, async () => {
  await skewScene(0, async ({ exchange, node, nodeId, setNodeOffset }) => {
    await bulkRegister(node.dataDir, node.keyFile, 10);
    const first = await syncNow(node);
    assert.equal(first.queueDepth, 0);
    assert.equal(first.clockSkew?.message, null, 'clocks in step: nothing to say');

    setNodeOffset(-DAY);
    await relogin(node);
    await bulkRegister(node.dataDir, node.keyFile, 10, { first: 10, at: () => new Date(Date.now() - DAY) });
    const stopped = await syncNow(node);
    assert.equal(stopped.link, 'certificate', JSON.stringify(stopped));
    assert.match(stopped.problem ?? '', /^本机时钟与交换平台相差约 1 天（本机时间偏慢）：按本机时间本节点证书尚未生效，按交换平台的时间则在有效期内。请校正本机的日期和时间/);
    assert.equal(stopped.queueDepth, 10, 'nothing was sent while the clock is wrong');

    const dashboard = await node.ok('official', 'status.dashboard', {});
    assert.equal(dashboard.tiles.clock.level, 'red');
    assert.match(dashboard.tiles.clock.sentence ?? '', /本机时间偏慢/);
    assertNoNegativeAges(dashboard);
    // The last contact lies "in the future" of the node's clock: shown as just now, not as a negative age.
    assert.ok(Date.parse(dashboard.tiles.link.lastContactAt!) > Date.now() - DAY);

    setNodeOffset(0);
    await relogin(node);
    const resumed = await syncNow(node);
    assert.equal(resumed.queueDepth, 0, JSON.stringify(resumed));
    assert.equal(resumed.problem, null);
    assert.equal(resumed.clockSkew?.message, null, 'the warning goes once the clock is right');
    assert.equal(exchange.appliedCount(nodeId), 20);
    const healthy = await node.ok('official', 'status.dashboard', {});
    assert.equal(healthy.tiles.clock.level, 'green', JSON.stringify(healthy.tiles.clock));
  });
});

test('the clock put back with no answer from the exchange since: the dashboard notices from its own records', { timeout: 110_000 }, async () => {
  await skewScene(0, async ({ node, setNodeOffset }) => {
    await bulkRegister(node.dataDir, node.keyFile, 5);
    await syncNow(node);
    setNodeOffset(-2 * DAY);
    await relogin(node);
    const dashboard = await node.ok('official', 'status.dashboard', {});
    // The last reading of the exchange's clock was in step; the recorded times are not.
    assert.equal(dashboard.tiles.clock.level, 'yellow', JSON.stringify(dashboard.tiles.clock));
    assert.match(dashboard.tiles.clock.sentence ?? '', /本机当前时间比已记录的最近一次同步或备份时间还早约 2 天/);
    assertNoNegativeAges(dashboard);
  });
});
