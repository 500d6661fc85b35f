// The negative list (不予共享) never leaves the node: not a record registered under it (no
// outbox row is even written), not a row forced into the outbox by SQL, and not a record of
// a resource the exchange moved onto the negative list after it was registered. Such rows
// are marked rejected locally with 负面清单资源不上报, shown to the operator, and cannot be
// requeued; the exchange holds no trace of them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { countRows, openRawDatabase } from '../support/raw-database';
import { hardshipVisitFields, makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import { payloadHash } from '../../sync/client/batch';

describe('sync: negative-list resources never leave the node', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;
  const ids = { visit: '', person: '', household: '' };

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode({ automatic: false, engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000 } });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url);
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('a 不予共享 record gets no outbox row; one forced in by SQL is refused locally, never sent', async () => {
    const visit = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_HARDSHIP_VISIT, fields: hardshipVisitFields() });
    ids.visit = visit.id;
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      assert.equal(countRows(raw, 'outbox', 'record_id = ?', visit.id), 0, 'no outbox row for a negative-list record');
      // A bug (or someone with the database key) forces a row in, with a correct hash.
      const v = raw.prepare('SELECT * FROM record_versions WHERE record_id = ?').get(visit.id) as { version: number; resource_code: string; status: string; fields: string; created_at: string };
      const hash = payloadHash({ recordId: visit.id, version: v.version, resourceCode: v.resource_code, status: v.status, fields: JSON.parse(v.fields), registeredAt: v.created_at });
      raw.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, ?, ?, ?)`).run(visit.id, v.version, hash, v.created_at);
    } finally {
      raw.close();
    }
  });

  test('a resource moved onto the negative list after registration is not sent either', async () => {
    ids.person = (await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ id_number: makeIdNumber(77) }) })).id;
    ids.household = (await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() })).id;
    const catalog = structuredClone(sampleCatalog) as Catalog;
    catalog.version = '2026.12-population-restricted';
    catalog.resources.find((r) => r.code === RESOURCE_POPULATION)!.sharingType = 'none';
    exchange.setCatalog(catalog);

    const status = await syncNow(t);
    assert.equal(status.link, 'online', JSON.stringify(status));
    assert.equal(status.queueDepth, 0);
    assert.equal(status.rejected, 2);

    // Only the shareable record arrived.
    assert.deepEqual(exchange.appliedVersions(nodeId).map((v) => v.recordId), [ids.household]);
    const store = new Database(join(exchange.dataDir, 'exchange.db'), { readonly: true });
    try {
      for (const id of [ids.visit, ids.person]) {
        assert.equal((store.prepare('SELECT count(*) AS n FROM items WHERE record_id = ?').get(id) as { n: number }).n, 0, 'the exchange never saw it');
        assert.equal((store.prepare('SELECT count(*) AS n FROM record_versions WHERE record_id = ?').get(id) as { n: number }).n, 0);
      }
    } finally {
      store.close();
    }
  });

  test('the operator sees both as rejected locally, with the reason, and cannot requeue them', async () => {
    const rejected = await t.ok('operator', 'sync.rejected', { page: 1, pageSize: 20 });
    assert.equal(rejected.total, 2);
    const byRecord = new Map(rejected.items.map((i) => [i.recordId, i]));
    for (const [id, resource] of [[ids.visit, RESOURCE_HARDSHIP_VISIT], [ids.person, RESOURCE_POPULATION]] as const) {
      const item = byRecord.get(id)!;
      assert.equal(item.resourceCode, resource);
      assert.equal(item.code, 'NOT_SHAREABLE');
      assert.equal(item.reason, '负面清单资源不上报');
      const again = await t.call(t.tokens.operator, 'sync.requeue', { seq: item.seq });
      assert.equal(again.ok, false);
      if (!again.ok) {
        assert.equal(again.error.code, 'CONFLICT');
        assert.match(again.error.message, /不予共享/);
      }
    }
    assert.ok(!JSON.stringify(rejected).includes('赵五'), 'no field values');
    assert.equal(exchange.appliedCount(nodeId), 1);
  });
});
