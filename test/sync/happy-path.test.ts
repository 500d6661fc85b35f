// The whole path as county IT sets it up and a clerk uses it: pin the root, CSR signed by
// the (openssl) provincial CA, import, exchange address; records registered; 同步 — the
// exchange holds each record version exactly once, the queue is empty, every batch's signed
// receipt is stored, the heartbeat arrived, the catalog came down. Then the exchange's
// catalog gets stricter: its rejection reaches the operator's rejected list with code and
// reason, and a requeue after the exchange is fixed delivers it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { openRawDatabase } from '../support/raw-database';
import { makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD, RESOURCE_POPULATION, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import { verify } from '../../sync/protocol/signing';

/** The sample catalog with 家庭人口数 capped at 3 at the exchange. */
function stricterCatalog(version: string): Catalog {
  const catalog = structuredClone(sampleCatalog) as Catalog;
  catalog.version = version;
  const household = catalog.resources.find((r) => r.code === RESOURCE_POVERTY_HOUSEHOLD)!;
  household.items.find((i) => i.code === 'household_size')!.max = 3;
  return catalog;
}

describe('sync: happy path, receipts, rejections and requeue', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode();
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('before any configuration the status says what is missing, and sync now changes nothing', async () => {
    const status = await syncNow(t);
    assert.equal(status.link, 'not-configured');
    assert.match(status.problem ?? '', /未配置交换平台地址/);
    const cert = await t.ok('admin', 'cert.status', {});
    assert.equal(cert.keyPresent, false);
    assert.equal(cert.certificate, null);
  });

  test('configured node delivers every record version exactly once, stores the receipts, sends a heartbeat', async () => {
    await connectNode(t, pki, exchange.url, { batchMaxItems: 2 });
    const cert = await t.ok('admin', 'cert.status', {});
    assert.equal(cert.keyPresent, true);
    assert.equal(cert.keyBits, 2048);
    assert.equal(cert.pendingCsrPem, null, 'the CSR is settled once its certificate is imported');
    assert.match(cert.certificate!.subject, new RegExp(nodeId));
    assert.equal(cert.certificate!.warning, 'none');

    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(100 + i), household_size: '2' }) });
      ids.push(r.id);
    }
    const person = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields() });
    const corrected = await t.ok('clerk', 'records.correct', { id: ids[0]!, baseVersion: 1, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(100), household_size: '3' }), reason: '人口变化' });
    assert.equal(corrected.version, 2);

    const status = await syncNow(t);
    assert.equal(status.link, 'online', JSON.stringify(status));
    assert.equal(status.problem, null);
    assert.equal(status.queueDepth, 0);
    assert.equal(status.rejected, 0);
    assert.equal(status.consecutiveFailures, 0);
    assert.ok(status.lastSuccessAt);
    assert.equal(status.highWaterMark, 6);
    assert.ok(status.throughputPerMinute > 0);

    const applied = exchange.appliedVersions(nodeId);
    assert.equal(applied.length, 6);
    assert.ok(applied.every((v) => v.count === 1), JSON.stringify(applied));
    assert.deepEqual(new Set(applied.map((v) => v.recordId)), new Set([...ids, person.id]));
    assert.ok(applied.some((v) => v.recordId === ids[0] && v.version === 2));

    // Batches of up to two (batchMaxItems 2), pipelined, each with its signed receipt, each row
    // naming its receipt. The third batch stops before seq 6 (the correction of the record
    // whose version 1 is still on the wire in the first batch): a later version is sent only
    // after the earlier one is settled, so the exchange never sees them out of order.
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      const receipts = raw.prepare('SELECT batch_id, items, accepted, signed_receipt FROM receipts ORDER BY first_seq').all() as { batch_id: string; items: number; accepted: number; signed_receipt: string }[];
      assert.deepEqual(receipts.map((r) => r.items), [2, 2, 1, 1]);
      for (const r of receipts) {
        assert.ok(verify(JSON.parse(r.signed_receipt), pki.exchangeSigning.certPem), 'stored receipt verifies with the exchange signing certificate');
      }
      const orphans = raw.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'acknowledged' AND batch_id NOT IN (SELECT batch_id FROM receipts)`).get() as { n: number };
      assert.equal(orphans.n, 0);
      const states = raw.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all();
      assert.deepEqual(states, [{ state: 'acknowledged', n: 6 }]);
      // The private key is in the encrypted database, and only there.
      const key = raw.prepare('SELECT private_key_pem FROM node_credentials').get() as { private_key_pem: string };
      assert.match(key.private_key_pem, /BEGIN PRIVATE KEY/);
    } finally {
      raw.close();
    }

    const heartbeats = exchange.heartbeats(nodeId);
    assert.ok(heartbeats.length >= 1, 'a heartbeat reached the exchange');
    assert.ok(heartbeats[0]!.auditHead.seq > 0);
    assert.equal(heartbeats[0]!.status.queueDepth, 0);
  });

  test('a rejection by the exchange reaches the rejected list with code and reason (no field values), and requeue delivers it once fixed', async () => {
    exchange.setCatalog(stricterCatalog('2026.12-strict'));
    const big = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(200), household_size: '5' }) });
    const status = await syncNow(t);
    assert.equal(status.queueDepth, 0);
    assert.equal(status.rejected, 1);
    assert.equal((await t.ok('admin', 'catalog.get', {})).version, '2026.12-strict', 'the node downloaded the exchange catalog');

    const rejected = await t.ok('operator', 'sync.rejected', { page: 1, pageSize: 20 });
    assert.equal(rejected.total, 1);
    const item = rejected.items[0]!;
    assert.equal(item.recordId, big.id);
    assert.equal(item.version, 1);
    assert.equal(item.resourceCode, RESOURCE_POVERTY_HOUSEHOLD);
    assert.equal(item.code, 'INVALID_FIELD');
    assert.match(item.reason, /家庭人口数/);
    assert.ok(!JSON.stringify(rejected).includes(makeIdNumber(200)), 'no field values in the rejected list');
    assert.equal(exchange.appliedVersions(nodeId).filter((v) => v.recordId === big.id).length, 0);

    // Only the operator drives the queue.
    const clerkTry = await t.call(t.tokens.clerk, 'sync.requeue', { seq: item.seq });
    assert.equal(clerkTry.ok, false);

    exchange.setCatalog({ ...structuredClone(sampleCatalog), version: '2026.12-relaxed' } as Catalog);
    await t.ok('operator', 'sync.requeue', { seq: item.seq });
    const after = await syncNow(t);
    assert.equal(after.rejected, 0);
    assert.equal(after.queueDepth, 0);
    assert.deepEqual(exchange.appliedVersions(nodeId).filter((v) => v.recordId === big.id), [{ recordId: big.id, version: 1, count: 1 }]);
    assert.equal((await t.ok('operator', 'sync.rejected', { page: 1, pageSize: 20 })).total, 0);
    const taken = await t.ok('admin', 'catalog.get', {});
    assert.equal(taken.version, '2026.12-relaxed');
    assert.deepEqual(taken.divisions, sampleCatalog.divisions, 'the division table came with the catalog');

    const requeueAgain = await t.call(t.tokens.operator, 'sync.requeue', { seq: item.seq });
    assert.equal(requeueAgain.ok, false);
    if (!requeueAgain.ok) assert.equal(requeueAgain.error.code, 'NOT_FOUND');
  });

  test('a rejection reason that quotes a personal value reaches the operator with the value masked', async () => {
    // An exchange whose catalog turned 联系电话 into a code table quotes the refused number.
    const quoting = structuredClone(sampleCatalog) as Catalog;
    quoting.version = '2026.12-phone-codes';
    const phone = quoting.resources.find((r) => r.code === RESOURCE_POVERTY_HOUSEHOLD)!.items.find((i) => i.code === 'phone')!;
    Object.assign(phone, { type: 'code', codeTable: [{ code: '0', label: '无' }] });
    exchange.setCatalog(quoting);
    const record = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(201), phone: '13912345678' }) });
    await syncNow(t);
    const rejected = await t.ok('operator', 'sync.rejected', { page: 1, pageSize: 20 });
    const item = rejected.items.find((i) => i.recordId === record.id);
    assert.ok(item, 'the record was not rejected by the quoting exchange');
    assert.match(item.reason, /联系电话/);
    assert.ok(!item.reason.includes('13912345678'), `the operator saw the phone number: ${item.reason}`);
    assert.match(item.reason, /\*\*\*/);
    exchange.setCatalog({ ...structuredClone(sampleCatalog), version: '2026.12-relaxed-again' } as Catalog);
    await t.ok('operator', 'sync.requeue', { seq: item.seq });
    assert.equal((await syncNow(t)).rejected, 0);
  });

  test('new data triggers a run by itself; pause holds the queue and resume releases it', async () => {
    await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(300), household_size: '2' }) });
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.queueDepth === 0 && !s.running, 60_000, 'the new-data trigger');

    const paused = await t.ok('operator', 'sync.pause', {});
    assert.equal(paused.paused, true);
    assert.equal(paused.link, 'paused');
    const held = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(301), household_size: '2' }) });
    await t.ok('operator', 'sync.now', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    const still = await t.ok('operator', 'sync.status', {});
    assert.equal(still.queueDepth, 1, 'paused: nothing is sent, not even on sync now');
    assert.equal(exchange.appliedVersions(nodeId).some((v) => v.recordId === held.id), false);

    // Pause survives a restart.
    await t.reopen();
    assert.equal((await t.ok('operator', 'sync.status', {})).paused, true);

    const resumed = await t.ok('operator', 'sync.resume', {});
    assert.equal(resumed.paused, false);
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => s.queueDepth === 0 && !s.running, 60_000, 'resume to drain the queue');
    assert.equal(exchange.appliedVersions(nodeId).filter((v) => v.recordId === held.id).length, 1);
  });

  test('operator actions and certificate steps are in the audit log', async () => {
    const audit = await t.ok('auditor', 'audit.list', { pageSize: 200 });
    const actions = new Set(audit.items.map((e) => e.action));
    for (const action of ['cert.root', 'cert.csr', 'cert.import', 'sync.settings', 'sync.now', 'sync.pause', 'sync.resume', 'sync.requeue', 'catalog.update']) {
      assert.ok(actions.has(action), `audit has ${action}`);
    }
    assert.ok(!JSON.stringify(audit).includes('PRIVATE KEY'));
  });
});
