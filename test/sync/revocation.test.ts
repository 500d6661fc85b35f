// The node applies the CRL it downloaded and verified (against the pinned root) to the
// exchange too: a revoked server certificate gets no data (checked inside the handshake, and
// at once when a CRL arriving mid-pass revokes the server it is talking to), and a revoked
// receipt-signing certificate is believed for nothing — no receipt, no catalog.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { PROBLEMS } from '../../sync/client/failures';

describe('sync: the stored CRL applies to the exchange’s certificates', () => {
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function setUp(revoke: (pki: TestPki) => string): Promise<{ t: SyncNode; exchange: TestExchange; nodeId: string }> {
    const pki = createTestPki();
    cleanups.push(() => pki.cleanup());
    pki.revoke(revoke(pki));
    const exchange = await startTestExchange(pki, { crlPem: pki.crlPem() });
    cleanups.push(() => exchange.close());
    const t = await startSyncNode({ automatic: false, engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000 } });
    cleanups.push(() => t.cleanup());
    const nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url);
    await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() });
    return { t, exchange, nodeId };
  }

  test('a revoked server certificate: link certificate, nothing applied, also on the next handshake', async () => {
    const { t, exchange, nodeId } = await setUp((pki) => pki.server.certPem);
    for (const pass of ['CRL arrives mid-pass', 'CRL already stored']) {
      const status = await syncNow(t);
      assert.equal(status.link, 'certificate', `${pass}: ${JSON.stringify(status)}`);
      assert.equal(status.problem, PROBLEMS.serverRevoked, pass);
      assert.equal(status.queueDepth, 1, `${pass}: the row stays pending`);
      assert.equal(exchange.appliedCount(nodeId), 0, pass);
    }
  });

  test('a revoked signing certificate: nothing it signs is believed, rows stay pending', async () => {
    const { t, exchange, nodeId } = await setUp((pki) => pki.exchangeSigning.certPem);
    for (const pass of ['CRL arrives mid-pass', 'CRL already stored']) {
      const status = await syncNow(t);
      assert.equal(status.link, 'certificate', `${pass}: ${JSON.stringify(status)}`);
      assert.equal(status.problem, PROBLEMS.signingRevoked, pass);
      assert.equal(status.queueDepth, 1, `${pass}: the row stays pending`);
      assert.equal(exchange.appliedCount(nodeId), 0, pass);
    }
  });
});
