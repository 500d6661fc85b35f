// The province's view of its township nodes, end to end: two real nodes report to one real
// reference exchange over mutual TLS. Their heartbeats carry the dashboard's levels, key
// figures and usage — and nothing personal; the exchange lists both; a change of state
// (an item rejected, the link back after an outage) reaches the exchange within seconds
// although the scheduled heartbeat is an hour away; a node that stops reporting is marked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, freePort, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { ADMIN } from '../support/test-node';
import { makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import type { Heartbeat } from '../../sync/protocol/messages';
import { formatListing, summarizeNodes } from '../../sync/exchange/node-listing';

const EXCHANGE_CLI = join(import.meta.dirname, '../../sync/exchange/cli.ts');
/** Level checks every 100 ms; the scheduled heartbeat (intervalSeconds) an hour away. */
const SYNC = { ...FAST_SYNC, levelWatchMs: 100 };
const SCHEDULE = { intervalSeconds: 3600 };

/** The sample catalog with 家庭人口数 capped at 3 at the exchange. */
function stricterCatalog(): Catalog {
  const catalog = structuredClone(sampleCatalog) as Catalog;
  catalog.version = '2026.12-strict';
  catalog.resources.find((r) => r.code === RESOURCE_POVERTY_HOUSEHOLD)!.items.find((i) => i.code === 'household_size')!.max = 3;
  return catalog;
}

describe('heartbeat: what the province learns, and how soon', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let exchangeDir: string;
  let port: number;
  let a: SyncNode;
  let b: SyncNode;
  let idA: string;
  let idB: string;

  const latest = (nodeId: string): Heartbeat | undefined => exchange.heartbeats(nodeId)[0];
  const pick = (status: Heartbeat['status'], ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, status[k]]));
  const nextHeartbeat = (nodeId: string, seen: number, until: (h: Heartbeat) => boolean, what: string, timeoutMs = 60_000) =>
    waitFor(() => exchange.heartbeats(nodeId), (hs) => hs.length > seen && until(hs[0]!), timeoutMs, what).then((hs) => hs[0]!);

  before(async () => {
    pki = createTestPki();
    port = await freePort();
    exchangeDir = mkdtempSync(join(tmpdir(), 'edge-node-heartbeat-exchange-'));
    exchange = await startTestExchange(pki, { port, dataDir: exchangeDir });
    [a, b] = await Promise.all([startSyncNode(SYNC), startSyncNode(SYNC)]);
    idA = (await a.ok('admin', 'status.get', {})).nodeId;
    idB = (await b.ok('admin', 'status.get', {})).nodeId;
    await connectNode(a, pki, exchange.url, SCHEDULE);
    await connectNode(b, pki, exchange.url, SCHEDULE);
    // Each node's first run after connecting reports.
    await waitFor(() => [exchange.heartbeats(idA).length, exchange.heartbeats(idB).length], ([x, y]) => x! > 0 && y! > 0, 60_000, 'the first heartbeats');
  });
  after(async () => {
    a?.cleanup();
    b?.cleanup();
    await exchange?.close();
    rmSync(exchangeDir, { recursive: true, force: true });
    pki?.cleanup();
  });

  test('both nodes report levels, figures and usage; the exchange lists both; nothing personal leaves a node', async () => {
    // Personal data a clerk registers: names, ID numbers, a phone, an address.
    const personal = ['符秀英', makeIdNumber(301), '13907551234', '黎阿妹', makeIdNumber(302), '海南省琼中县湾岭镇鸭坡村三队'];
    await a.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_name: personal[0]!, householder_id_number: personal[1]!, phone: personal[2]!, household_size: '2' }) });
    await a.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ name: personal[3]!, id_number: personal[4]!, household_address: personal[5]! }) });
    // The very first heartbeat (sent by the first run, which found the exchange) already says
    // the link is good — not what the node knew before that run.
    for (const id of [idA, idB]) assert.deepEqual(pick(exchange.heartbeats(id).at(-1)!.status, 'link', 'tile.link'), { link: 'online', 'tile.link': 'green' });
    await syncNow(a); // the operator's 同步 also reports

    const beat = await nextHeartbeat(idA, 0, (h) => h.status['usage.registered7d'] === 2, "A's heartbeat with its registrations");
    const s = beat.status;
    assert.equal(s.unitName, '琼中县湾岭镇人民政府');
    assert.equal(s.divisionCode, '469030');
    assert.equal(s['usage.registered30d'], 2);
    assert.equal(s['usage.recordsInForce'], 2);
    assert.equal(s['usage.activeUsers30d'], 5, 'admin, clerk, operator, auditor and official logged in');
    assert.equal(s['usage.lastRegistrationDay'], new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    assert.equal(s.queueDepth, 0);
    assert.equal(s.link, 'online');
    assert.equal(s['tile.link'], 'green');
    assert.equal(s['tile.backup'], 'red', 'no backup yet');
    assert.equal(s.lastBackupAt, null);
    assert.equal(typeof s.certDaysLeft, 'number');
    assert.equal(typeof s.freeDiskMiB, 'number');
    // The sync figures the heartbeat always carried are still there.
    assert.equal(s.epoch, 1);
    assert.equal(s.highWaterMark, 2);
    assert.equal(beat.auditHead.seq > 0, true);
    // What the official's dashboard shows is what the province is told.
    const dashboard = await a.ok('official', 'status.dashboard', {});
    assert.equal(s.level, dashboard.overall);
    for (const [key, tile] of Object.entries(dashboard.tiles)) assert.equal(s[`tile.${key}`], tile.level, key);

    // Every heartbeat the exchange stored, as stored: no personal value, no person's name.
    const people = [ADMIN.displayName, ...['clerk', 'operator', 'auditor', 'official'].map((r) => `测试${r}`)];
    const raw = new Database(join(exchangeDir, 'exchange.db'), { readonly: true });
    try {
      const stored = raw.prepare('SELECT body FROM heartbeats').all() as { body: string }[];
      assert.ok(stored.length >= 3);
      for (const { body } of stored) for (const value of [...personal, ...people]) assert.ok(!body.includes(value), `a heartbeat contains ${value}`);
    } finally {
      raw.close();
    }

    const nodes = summarizeNodes(exchange.nodes(), { now: new Date(), silentHours: 24 });
    assert.deepEqual(new Set(nodes.map((n) => n.nodeId)), new Set([idA, idB]));
    for (const n of nodes) {
      assert.equal(n.unit, '琼中县湾岭镇人民政府');
      assert.equal(n.certUnit, '琼中县湾岭镇人民政府', 'the CSR put the unit in the certificate');
      assert.equal(n.silent, false);
      assert.equal(n.level, 'red');
      assert.ok(n.problems.includes('backup'));
    }
    const printed = execFileSync(process.execPath, ['--import', 'tsx', EXCHANGE_CLI, 'nodes', '--data', exchangeDir], { encoding: 'utf8' });
    assert.match(printed, /^共 2 个节点：正常 0，注意 0，异常 2，失联 0/);
    assert.match(printed, new RegExp(`${idA} {2}琼中县湾岭镇人民政府 {2}469030 {2}最后心跳 .*状态 异常（[^）]*备份[^）]*） {2}队列 0 .*版本 0\\.1\\.0`));
  });

  test('an item rejected by the exchange turns the queue tile yellow, and the province hears of it within seconds', async () => {
    exchange.setCatalog(stricterCatalog());
    try {
      const seen = exchange.heartbeats(idA).length;
      assert.equal(latest(idA)!.status['tile.queue'], 'green');
      await a.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(303), household_size: '5' }) });
      const beat = await nextHeartbeat(idA, seen, (h) => h.status['tile.queue'] === 'yellow', 'a heartbeat with the queue tile yellow');
      assert.equal(beat.status.rejected, 1);
      assert.equal((await a.ok('official', 'status.dashboard', {})).tiles.queue.level, 'yellow');

      const listed = summarizeNodes(exchange.nodes(), { now: new Date(), silentHours: 24 }).find((n) => n.nodeId === idA)!;
      assert.ok(listed.problems.includes('queue'), JSON.stringify(listed));
      assert.equal(listed.rejected, 1);

      // Then quiet: the levels no longer differ from what was reported.
      const settled = exchange.heartbeats(idA).length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(exchange.heartbeats(idA).length, settled, 'no heartbeats without a change (ten level checks passed)');
    } finally {
      exchange.setCatalog(sampleCatalog);
    }
  });

  test('a node that stopped reporting is marked silent in the listing', async () => {
    b.node.close();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const seen = exchange.heartbeats(idA).length;
    await syncNow(a);
    await nextHeartbeat(idA, seen, () => true, "A's heartbeat");
    // Threshold one second: A reported just now, B not for 1.5 s.
    const options = { now: new Date(), silentHours: 1 / 3600 };
    const nodes = summarizeNodes(exchange.nodes(), options);
    assert.equal(nodes.find((n) => n.nodeId === idA)!.silent, false);
    assert.equal(nodes.find((n) => n.nodeId === idB)!.silent, true);
    const lines = formatListing(nodes, options).split('\n');
    assert.match(lines.find((l) => l.startsWith(idB))!, /【失联：超过 .* 小时无心跳】$/);
    assert.doesNotMatch(lines.find((l) => l.startsWith(idA))!, /失联/);
  });

  test('while the operator has paused sync not even a heartbeat leaves; resuming reports at once', async () => {
    const seen = exchange.heartbeats(idA).length;
    await a.ok('operator', 'sync.pause', {});
    await waitFor(() => a.ok('official', 'status.dashboard', {}), (d) => d.tiles.link.state === 'paused' && d.tiles.link.level !== 'green', 60_000, 'the link tile to show the pause');
    await new Promise((resolve) => setTimeout(resolve, 500)); // five level checks
    assert.equal(exchange.heartbeats(idA).length, seen, 'paused means nothing is sent');
    await a.ok('operator', 'sync.resume', {});
    const beat = await nextHeartbeat(idA, seen, () => true, 'a heartbeat after resuming');
    assert.equal(beat.status.link, 'online');
  });

  test('after an outage the node reports as soon as the exchange is back, not at its next scheduled heartbeat', async () => {
    await exchange.close();
    // Registering during the outage: the upload fails and keeps failing (fast test backoff).
    await a.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ id_number: makeIdNumber(304) }) });
    const down = await waitFor(() => a.ok('official', 'status.dashboard', {}), (d) => d.tiles.link.level !== 'green', 60_000, 'the link tile to leave green');
    assert.equal(down.tiles.link.state, 'offline');
    // Long enough for a few level checks (100 ms each) to see it: an outage shorter than one
    // check is a blip the province need not hear about.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const restartedAt = new Date().toISOString();
    exchange = await startTestExchange(pki, { port, dataDir: exchangeDir });
    const seen = exchange.heartbeats(idA).length;
    const beat = await nextHeartbeat(idA, seen, (h) => h.sentAt >= restartedAt && h.status['tile.link'] === 'green', 'a heartbeat after the exchange came back');
    assert.equal(beat.status.queueDepth, 0, 'the record registered during the outage went first');
    assert.equal(beat.status.consecutiveFailures, 0);
  });
});
