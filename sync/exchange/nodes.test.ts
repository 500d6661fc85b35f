// The province's listing of its nodes, as county IT reads it: every node that reported (and
// every node that only delivered data), its latest state, and a silent mark for nodes whose
// heartbeats stopped. Heartbeats arrive over mutual TLS from certificates of the test PKI.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { PATHS, type Heartbeat } from '../protocol/messages';
import { sign } from '../protocol/signing';
import type { KeyAndCert } from '../../test/support/pki';
import { makeBatch, makeItem, signBatch } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';
import { ExchangeStore } from './store';
import { formatListing, summarizeNodes } from './node-listing';

const CLI = join(import.meta.dirname, 'cli.ts');
const SECOND = 'node-469030-002';
const DATA_ONLY = 'node-469030-003';
const HOUR = 3_600_000;

let f: Fixture;
let second: KeyAndCert;
let dataOnly: KeyAndCert;
// The exchange's clock, so a heartbeat can be made to have arrived a day ago.
let clock = Date.now();

before(async () => {
  f = await startFixture({ now: () => new Date(clock) });
  second = f.pki.issueClient(SECOND);
  dataOnly = f.pki.issueClient(DATA_ONLY);
});
after(() => f.cleanup());

function heartbeat(nodeId: string, status: Heartbeat['status']): Heartbeat {
  return {
    protocol: 1,
    nodeId,
    sentAt: new Date(clock).toISOString(),
    appVersion: '0.1.0',
    catalogVersion: sampleCatalog.version,
    status,
    auditHead: { seq: 7, hash: 'b'.repeat(64) },
  };
}

async function beat(nodeId: string, who: KeyAndCert, status: Heartbeat['status']): Promise<void> {
  const answer = await f.call({ path: PATHS.heartbeat, body: sign(heartbeat(nodeId, status), who.keyPem, who.certPem), gzip: true }, who);
  assert.equal(answer.status, 200, answer.body.toString());
}

const healthy = (unitName: string, divisionCode: string) => ({
  unitName,
  divisionCode,
  level: 'green',
  'tile.link': 'green',
  'tile.backup': 'green',
  queueDepth: 0,
  oldestPendingAt: null,
  lastBackupAt: '2026-11-25T18:00:00.000Z',
});

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('every node is listed with its latest state; a changed state shows at once; silent and never-reporting nodes are marked', async () => {
  clock = Date.now() - 30 * HOUR;
  await beat(SECOND, second, healthy('琼中县红毛镇人民政府', '469030102'));
  clock = Date.now();
  await beat(NODE_ID, f.node, healthy('琼中县湾岭镇人民政府', '469030101'));
  // A node that delivers data but never sends a heartbeat must still appear.
  const signedBatch = signBatch(makeBatch(DATA_ONLY, 1, [makeItem(1)]), dataOnly.keyPem, dataOnly.certPem);
  assert.equal((await f.call({ path: PATHS.batches, body: signedBatch, gzip: true }, dataOnly)).status, 200);

  const options = { now: new Date(), silentHours: 24 };
  let nodes = summarizeNodes(f.exchange.nodes(), options);
  assert.deepEqual(nodes.map((n) => n.nodeId), [NODE_ID, SECOND, DATA_ONLY], 'grouped by division, unknown last');
  const [first, other, silentOne] = nodes as [(typeof nodes)[0], (typeof nodes)[0], (typeof nodes)[0]];
  assert.equal(first.unit, '琼中县湾岭镇人民政府');
  assert.equal(first.certUnit, '测试单位', 'the client certificate names the unit too');
  assert.equal(first.level, 'green');
  assert.equal(first.silent, false);
  assert.equal(other.silent, true, 'no heartbeat for 30 hours');
  assert.equal(other.ageMinutes, 30 * 60);
  assert.equal(silentOne.lastHeartbeatAt, null);
  assert.equal(silentOne.silent, true);

  // The first node's backup fails: its next heartbeat changes the listing.
  await beat(NODE_ID, f.node, { ...healthy('琼中县湾岭镇人民政府', '469030101'), level: 'red', 'tile.backup': 'red', queueDepth: 12, oldestPendingAt: '2026-11-26T00:00:00.000Z' });
  nodes = summarizeNodes(f.exchange.nodes(), options);
  assert.equal(nodes[0]!.level, 'red');
  assert.deepEqual(nodes[0]!.problems, ['backup']);
  assert.equal(nodes[0]!.queueDepth, 12);

  const text = formatListing(nodes, options);
  const lines = text.trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /共 3 个节点：正常 0，注意 0，异常 1，失联 2/);
  assert.match(lines[1]!, /node-469030-001 {2}琼中县湾岭镇人民政府 {2}469030101 {2}最后心跳 .*（刚刚）.*状态 异常（备份） {2}队列 12 {2}最早待传 2026-11-26 08:00 {2}最后备份 2026-11-26 02:00 {2}版本 0\.1\.0 {2}目录 /);
  assert.doesNotMatch(lines[1]!, /失联/);
  assert.match(lines[2]!, /node-469030-002 .*最后心跳 .*（30 小时前）.*状态 正常.*【失联：超过 24 小时无心跳】/);
  assert.match(lines[3]!, /node-469030-003 {2}（单位未知） {2}（区划未知） {2}从未上报心跳 .*【失联：从未上报】/);

  // The county filters its own townships.
  assert.deepEqual(summarizeNodes(f.exchange.nodes(), { ...options, division: '469030102' }).map((n) => n.nodeId), [SECOND]);
});

test('`exchange nodes` prints the listing in Chinese (and JSON for scripts) while the exchange runs', () => {
  const text = cli('nodes', '--data', f.dataDir);
  assert.match(text, /^共 3 个节点/);
  assert.match(text, /node-469030-002 .*【失联：超过 24 小时无心跳】/);
  assert.match(cli('nodes', '--data', f.dataDir, '--silent-hours', '48'), /node-469030-002 (?!.*失联)/);
  assert.match(cli('nodes', '--data', f.dataDir, '--division', '469030101'), /^共 1 个节点/);

  const json = JSON.parse(cli('nodes', '--data', f.dataDir, '--json')) as { silentHours: number; nodes: { nodeId: string; level: string | null; silent: boolean; status: Record<string, unknown> | null }[] };
  assert.equal(json.silentHours, 24);
  assert.deepEqual(json.nodes.map((n) => [n.nodeId, n.level, n.silent]), [[NODE_ID, 'red', false], [SECOND, 'green', true], [DATA_ONLY, null, true]]);
  assert.equal(json.nodes[0]!.status!.queueDepth, 12);

  assert.throws(() => cli('nodes', '--data', join(f.dataDir, 'nowhere')), /没有交换平台数据/);
});

test('the heartbeat log keeps only the newest heartbeats of each node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exchange-keep-'));
  const store = ExchangeStore.open(dir);
  try {
    const signature = { alg: 'RSA-SHA256' as const, certFingerprint: 'c'.repeat(64), value: 'x' };
    for (let i = 0; i < 8; i++) store.addHeartbeat({ ...heartbeat('a', { n: i }), sentAt: new Date(i * 1000).toISOString() }, signature, new Date(i * 1000).toISOString(), { unit: null, county: null }, 5);
    store.addHeartbeat(heartbeat('b', { n: 99 }), signature, new Date().toISOString(), { unit: null, county: null }, 5);
    assert.deepEqual(store.heartbeats('a').map((h) => h.status.n), [7, 6, 5, 4, 3]);
    assert.equal(store.heartbeats('b').length, 1, "one node's log never trims another's");
    assert.deepEqual(store.nodes().map((n) => [n.nodeId, n.heartbeats, n.heartbeat?.status.n]), [['a', 5, 7], ['b', 1, 99]]);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The tables of an exchange data folder at version 1, as that release made them. */
const VERSION_1_TABLES = `
  CREATE TABLE items (node_id TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL,
    payload_hash TEXT NOT NULL, outcome TEXT NOT NULL, code TEXT, reason TEXT, batch_id TEXT NOT NULL, processed_at TEXT NOT NULL,
    PRIMARY KEY (node_id, epoch, seq)) WITHOUT ROWID;
  CREATE TABLE heartbeats (id INTEGER PRIMARY KEY AUTOINCREMENT, node_id TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL, signature TEXT NOT NULL);
  CREATE INDEX heartbeats_by_node ON heartbeats (node_id, id);`;

test('a data folder made by the previous exchange version is upgraded and keeps its heartbeats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exchange-v1-'));
  try {
    const old = new Database(join(dir, 'exchange.db'));
    old.exec(VERSION_1_TABLES);
    old.prepare('INSERT INTO heartbeats (node_id, received_at, body, signature) VALUES (?, ?, ?, ?)').run('old-node', '2026-11-01T00:00:00.000Z', JSON.stringify(heartbeat('old-node', { link: 'online' })), '{}');
    old.pragma('user_version = 1');
    old.close();

    const store = ExchangeStore.open(dir);
    try {
      assert.deepEqual(store.nodes().map((n) => [n.nodeId, n.receivedAt, n.cert.unit]), [['old-node', '2026-11-01T00:00:00.000Z', null]]);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a version-3 data folder keeps its audit heads through the upgrade, and its anomaly can then be cleared', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exchange-v3-'));
  try {
    const old = new Database(join(dir, 'exchange.db'));
    // The audit_heads table as version 3 made it: no 'cleared' outcome, no cleared_by.
    old.exec(VERSION_1_TABLES);
    old.exec(`
      ALTER TABLE heartbeats ADD COLUMN cert_unit TEXT;
      ALTER TABLE heartbeats ADD COLUMN cert_county TEXT;
      CREATE TABLE audit_heads (id INTEGER PRIMARY KEY AUTOINCREMENT, node_id TEXT NOT NULL, seq INTEGER, link TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted','gap','refused')), code TEXT, reason TEXT, signed TEXT, received_at TEXT NOT NULL);
      CREATE INDEX audit_heads_by_node ON audit_heads (node_id, id);`);
    const insert = old.prepare('INSERT INTO audit_heads (node_id, seq, link, outcome, code, reason, signed, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run('n1', 9, 'a'.repeat(64), 'accepted', null, null, '{"body":{}}', '2026-11-01T00:00:00.000Z');
    insert.run('n1', 4, 'b'.repeat(64), 'refused', 'AUDIT_SEQ_BACKWARDS', '本次上报审计序号 4，平台已记录到 9', '{"body":{}}', '2026-11-02T00:00:00.000Z');
    old.prepare('INSERT INTO heartbeats (node_id, received_at, body, signature) VALUES (?, ?, ?, ?)').run('n1', '2026-11-02T00:00:00.000Z', JSON.stringify(heartbeat('n1', { link: 'online' })), '{}');
    old.pragma('user_version = 3');
    old.close();

    const store = ExchangeStore.open(dir);
    try {
      assert.deepEqual(store.auditHeads('n1').map((h) => [h.seq, h.outcome, h.code]), [[9, 'accepted', null], [4, 'refused', 'AUDIT_SEQ_BACKWARDS']]);
      assert.deepEqual(store.lastAuditHead('n1'), { seq: 9, link: 'a'.repeat(64) });
      assert.deepEqual(store.clearAuditAnomaly('n1', '李工', '已核实', '2026-11-03T00:00:00.000Z'), { seq: 4, link: 'b'.repeat(64) });
      // The cleared head is the base now; the old accepted one no longer is.
      assert.deepEqual(store.lastAuditHead('n1'), { seq: 4, link: 'b'.repeat(64) });
      assert.equal(store.acceptedAuditLink('n1', 9), undefined);
      const anomaly = store.nodes().find((n) => n.nodeId === 'n1')!.auditAnomaly!;
      assert.deepEqual([anomaly.code, anomaly.clearedBy, anomaly.count], ['AUDIT_CLEARED', '李工', 1]);
      assert.equal(store.clearAuditAnomaly('n1', '李工', '再次', '2026-11-04T00:00:00.000Z'), null, 'nothing left to clear');
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
