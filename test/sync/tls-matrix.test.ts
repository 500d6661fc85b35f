// The TLS matrix with certificates made by the openssl command line: every way the mutual
// TLS link can be wrong is refused with its own clear Chinese sentence in sync.status, the
// link goes to 'certificate' (stopped, no retry storm), and nothing is marked as sent: the
// outbox rows stay pending and the exchange holds nothing. Then the good configuration
// delivers everything.
//
// Two layers are proven: the node's own check before connecting (no certificate, expired,
// not yet valid, wrong CA), and what the far end says on the wire when a node connects with
// such a certificate anyway (the exchange's TLS alerts, classified by failures.ts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { countRows, openRawDatabase } from '../support/raw-database';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { Db } from '../../main/store/database';
import { ExchangeTransport } from '../../sync/client/transport';
import { PROBLEMS } from '../../sync/client/failures';
import { classifyFailure } from '../../sync/client/diagnose';
import { PATHS } from '../../sync/protocol/messages';

const DAY = 86_400_000;

describe('sync: TLS matrix (openssl PKI)', () => {
  let pki: TestPki;
  let good: TestExchange;
  let otherCa: TestExchange;
  let wrongHost: TestExchange;
  let t: SyncNode;
  let raw: Db;
  let nodeId: string;
  let issued: string;
  const problems = new Map<string, string>();

  const exchangesHoldNothing = () => {
    for (const x of [good, otherCa, wrongHost]) assert.equal(x.appliedCount(), 0, 'an exchange received data');
  };
  const nothingSent = () => {
    assert.equal(countRows(raw, 'outbox', `state = 'pending'`), 3, 'every row is still pending');
    assert.equal(countRows(raw, 'outbox'), 3);
    assert.equal(countRows(raw, 'receipts'), 0);
    exchangesHoldNothing();
  };
  const setCredentials = (kc: KeyAndCert | null) => {
    raw.prepare('UPDATE node_credentials SET private_key_pem = ?, certificate_pem = ?, chain_pem = ? WHERE id = 1').run(kc?.keyPem ?? null, kc?.certPem ?? null, '');
  };
  const setUrl = async (url: string) => {
    const s = await t.ok('admin', 'sync.getSettings', {});
    await t.ok('admin', 'sync.setSettings', { ...s, exchangeUrl: url });
  };
  /** Runs sync now and expects a certificate stop; returns the problem sentence. */
  const refused = async (name: string, expected: string) => {
    const status = await syncNow(t);
    assert.equal(status.link, 'certificate', `${name}: ${JSON.stringify(status)}`);
    assert.equal(status.running, false);
    assert.equal(status.nextAttemptAt, null, `${name}: a certificate problem schedules no retry`);
    assert.equal(status.problem, expected, name);
    assert.match(status.problem!, /[\u4e00-\u9fff]/);
    problems.set(name, status.problem!);
    nothingSent();
  };

  before(async () => {
    pki = createTestPki();
    [good, otherCa, wrongHost] = await Promise.all([
      startTestExchange(pki),
      startTestExchange(pki, { serverCert: 'serverOtherCa' }),
      startTestExchange(pki, { serverCert: 'serverWrongHost' }),
    ]);
    t = await startSyncNode();
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    raw = await openRawDatabase(t.dataDir, t.keyFile);
    for (let i = 0; i < 3; i++) {
      await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(10 + i) }) });
    }
  });
  after(async () => {
    raw?.close();
    t?.cleanup();
    await Promise.all([good?.close(), otherCa?.close(), wrongHost?.close()]);
    pki?.cleanup();
  });

  test('no client certificate configured', async () => {
    await t.ok('admin', 'cert.setRoot', { rootPem: pki.root.certPem });
    await setUrl(good.url);
    await refused('no client certificate', PROBLEMS.noCertificate);
  });

  test('the app-made certificate, but the server presents a certificate from another CA', async () => {
    // The address first: importing the certificate starts a run by itself.
    await setUrl(otherCa.url);
    issued = await connectNode(t, pki, otherCa.url);
    await refused('server from another CA', PROBLEMS.serverNotFromRoot);
  });

  test('hostname mismatch: the server certificate is for another host', async () => {
    await setUrl(wrongHost.url);
    await refused('hostname mismatch', PROBLEMS.serverWrongHost);
  });

  test('revoked client certificate: the exchange enforces its CRL', async () => {
    pki.revoke(issued);
    good.setCrl(pki.crlPem());
    await setUrl(good.url);
    // A Node-based exchange hangs up without a TLS alert, so the node cannot know which of
    // its certificate's problems the far end saw; it says so in one sentence.
    await refused('revoked (exchange CRL)', PROBLEMS.refusedOther);
    // Once the node holds a CRL that lists it (downloaded before, or set by the admin), it
    // knows exactly what is wrong and does not even try.
    raw.prepare('UPDATE node_credentials SET crl_pem = ?, crl_updated_at = ? WHERE id = 1').run(pki.crlPem(), new Date().toISOString());
    await refused('revoked (own CRL)', PROBLEMS.ownRevoked);
    raw.prepare('UPDATE node_credentials SET crl_pem = NULL WHERE id = 1').run();
  });

  test('expired client certificate', async () => {
    setCredentials(pki.issueClient(nodeId, { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) }));
    await refused('expired', PROBLEMS.ownExpired);
  });

  test('not-yet-valid client certificate', async () => {
    setCredentials(pki.issueClient(nodeId, { notBefore: new Date(Date.now() + DAY), days: 365 }));
    await refused('not yet valid', PROBLEMS.ownNotYetValid);
  });

  test('client certificate from another CA', async () => {
    setCredentials(pki.issueClient(nodeId, { issuer: 'other' }));
    await refused('client from another CA', PROBLEMS.ownNotFromRoot);
  });

  test('on the wire, the exchange itself refuses such certificates, each with its own alert and sentence', async () => {
    // The reference exchange (Node's TLS) hangs up without an alert: the sentence is the
    // general refusal. An OpenSSL-based exchange's alerts map to the specific sentences
    // (failures.ts: refusedRevoked, refusedExpired, refusedUnknownCa).
    const cases: [string, KeyAndCert, string][] = [
      ['expired', pki.issueClient(nodeId, { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) }), PROBLEMS.refusedOther],
      ['another CA', pki.issueClient(nodeId, { issuer: 'other' }), PROBLEMS.refusedOther],
      ['not yet valid', pki.issueClient(nodeId, { notBefore: new Date(Date.now() + DAY) }), PROBLEMS.refusedOther],
    ];
    for (const [name, kc, expected] of cases) {
      const transport = new ExchangeTransport({ baseUrl: good.url, rootPem: pki.root.certPem, certificatePem: kc.certPem, chainPems: [], privateKeyPem: kc.keyPem, timeoutMs: 5_000 });
      try {
        const error = await transport.get(PATHS.catalog, { signal: AbortSignal.timeout(10_000) }).then(
          () => assert.fail(`${name}: the exchange accepted the connection`),
          (e: unknown) => e,
        );
        const failure = await classifyFailure(error, transport, 5_000);
        assert.equal(failure.kind, 'certificate', `${name}: ${String(error)}`);
        assert.equal(failure.problem, expected, `${name}: ${String((error as { code?: string }).code)}`);
      } finally {
        transport.close();
      }
    }
    exchangesHoldNothing();
  });

  test('every refusal says something different', () => {
    assert.equal(problems.size, 8);
    assert.equal(new Set(problems.values()).size, problems.size, JSON.stringify([...problems], null, 1));
  });

  test('the good configuration then delivers everything, exactly once', async () => {
    good.setCrl(undefined);
    await connectNode(t, pki, good.url);
    const status = await syncNow(t);
    assert.equal(status.link, 'online', JSON.stringify(status));
    assert.equal(status.queueDepth, 0);
    const applied = good.appliedVersions(nodeId);
    assert.equal(applied.length, 3);
    assert.ok(applied.every((v) => v.count === 1));
    assert.equal(otherCa.appliedCount() + wrongHost.appliedCount(), 0);
  });
});
