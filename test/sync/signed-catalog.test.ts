// The catalog decides what is shared, so only a catalog signed by the exchange's
// receipt-signing certificate is believed (docs/protocol.md "Catalog"). A forgery (unsigned,
// signed by another key, or altered after signing to open a 不予共享 resource) and a replay
// of an older publication are refused: the node keeps its catalog, keeps uploading, keeps
// not sending the negative-list resource, and tells the operator in Chinese.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { makeIdNumber, populationFields, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import type { Catalog } from '../../common/catalog/types';
import { sign } from '../../sync/protocol/signing';

const RESTRICTED = '2026.12-population-restricted';

function restricted(): Catalog {
  const catalog = structuredClone(sampleCatalog) as Catalog;
  catalog.version = RESTRICTED;
  catalog.resources.find((r) => r.code === RESOURCE_POPULATION)!.sharingType = 'none';
  return catalog;
}

/** The forger's aim: population shareable again, under a new version name. */
function opened(body: unknown): { version: string; serial: number; issuedAt: string; catalog: Catalog } {
  const b = structuredClone(body) as { version: string; serial: number; issuedAt: string; catalog: Catalog };
  b.catalog.version = b.version = '2026.12-forged';
  b.serial += 10;
  b.catalog.resources.find((r) => r.code === RESOURCE_POPULATION)!.sharingType = 'unconditional';
  return b;
}

describe('sync: the catalog is believed only when signed, and never goes backwards', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode({ automatic: false, engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000 } });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url);
    exchange.setCatalog(restricted());
    const status = await syncNow(t);
    assert.equal(status.link, 'online', JSON.stringify(status));
    assert.equal((await t.ok('operator', 'catalog.get', {})).version, RESTRICTED);
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  const forgeries: Array<[string, (signed: { body: unknown; signature: unknown }) => unknown]> = [
    ['unsigned (the old envelope)', (signed) => ({ version: '2026.12-forged', catalog: opened(signed.body).catalog })],
    ['signed by another key', (signed) => sign(opened(signed.body), pki.serverOtherCa.keyPem, pki.serverOtherCa.certPem)],
    ['altered after a valid signature', (signed) => ({ ...signed, body: opened(signed.body) })],
  ];
  for (const [i, [name, tamper]] of forgeries.entries()) {
    test(`a forged catalog (${name}) is refused; population stays unsent`, async () => {
      exchange.setCatalogTamper(tamper);
      exchange.setCatalog({ ...restricted(), version: `${RESTRICTED}-${i}` });
      const sentBefore = exchange.appliedCount(nodeId);
      const person = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ id_number: makeIdNumber(100 + i) }) });
      // A shareable record still goes up: a refused catalog must not stop uploads.
      const household = await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(200 + i) }) });
      const status = await syncNow(t);
      exchange.setCatalogTamper(null);
      assert.equal(status.link, 'online', 'a bad catalog does not stop the link');
      assert.equal(status.problem, `交换平台下发的资源目录未签名或签名无效，已拒绝，仍使用现有目录 ${RESTRICTED} 版`);
      assert.equal((await t.ok('operator', 'catalog.get', {})).version, RESTRICTED);
      assert.equal(exchange.appliedCount(nodeId), sentBefore + 1, 'only the shareable record went up');
      const applied = exchange.appliedVersions(nodeId).map((v) => v.recordId);
      assert.ok(applied.includes(household.id));
      assert.ok(!applied.includes(person.id), 'the negative-list record never left');
    });
  }

  test('a validly signed catalog older than the one in force (a replay) is refused', async () => {
    let replay: unknown = null;
    exchange.setCatalogTamper((signed) => (replay ??= signed));
    exchange.setCatalog({ ...structuredClone(sampleCatalog), version: '2026.12-relaxed' } as Catalog);
    await syncNow(t); // captures the honest, relaxed publication; the node takes it
    exchange.setCatalog(restricted());
    exchange.setCatalogTamper(null);
    await syncNow(t);
    assert.equal((await t.ok('operator', 'catalog.get', {})).version, RESTRICTED);
    // Now the captured older (relaxed) publication is replayed.
    exchange.setCatalogTamper(() => replay);
    exchange.setCatalog({ ...restricted(), version: `${RESTRICTED}-again` });
    const status = await syncNow(t);
    exchange.setCatalogTamper(null);
    assert.equal((await t.ok('operator', 'catalog.get', {})).version, RESTRICTED);
    assert.match(status.problem ?? '', /早于现有目录.*已拒绝，仍使用现有目录 2026\.12-population-restricted 版/);
  });
});
