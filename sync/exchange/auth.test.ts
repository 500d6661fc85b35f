// Who may talk to the exchange: mutual TLS against the provincial root, the CRL, clientAuth,
// the certificate's CN as the node id, and batch signatures by that same certificate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { PATHS, exchangeErrorSchema } from '../protocol/messages';
import { sign } from '../protocol/signing';
import { makeBatch, makeItem, signBatch, type Answer } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';

let f: Fixture;
let seq = 1;

before(async () => {
  f = await startFixture();
});
after(() => f.cleanup());

function errorOf(answer: Answer, status: number, code: string): string {
  assert.equal(answer.status, status, answer.body.toString());
  const { error } = exchangeErrorSchema.parse(answer.json());
  assert.equal(error.code, code);
  assert.match(error.message, /[\u4e00-\u9fff]/, 'the message is Chinese');
  return error.message;
}

/** A TLS-level refusal: the request never reaches HTTP. */
async function assertRefused(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: NodeJS.ErrnoException) => {
    assert.match(`${error.code} ${error.message}`, /ECONNRESET|EPIPE|socket hang up|alert|certificate|SSL/i);
    return true;
  });
}

test('the enrolled node gets through', async () => {
  assert.equal((await f.call({ path: PATHS.catalog })).status, 200);
});

test('a client certificate from another CA is refused in the handshake, nothing applied', async () => {
  const stranger = f.pki.issueClient(NODE_ID, { issuer: 'other' });
  const count = f.exchange.appliedCount();
  await assertRefused(f.postItems([makeItem(seq++)], 1, stranger));
  assert.equal(f.exchange.appliedCount(), count);
});

test('a connection without a client certificate is refused', async () => {
  await assertRefused(f.call({ path: PATHS.catalog }, { keyPem: undefined, certPem: undefined } as never));
});

test('an expired client certificate is refused', async () => {
  const old = f.pki.issueClient(NODE_ID, { notBefore: new Date(Date.now() - 400 * 86_400_000), days: 365 });
  await assertRefused(f.call({ path: PATHS.catalog }, old));
});

test('a revoked client certificate is refused once the CRL lists it, even on a kept-alive agent', async () => {
  const doomed = f.pki.issueClient('node-revoked');
  const agent = new Agent({ keepAlive: true, key: doomed.keyPem, cert: doomed.certPem, ca: f.pki.root.certPem });
  try {
    assert.equal((await f.call({ path: PATHS.catalog, agent }, doomed)).status, 200);
    f.pki.revoke(doomed.certPem);
    f.exchange.setCrl(f.pki.crlPem());
    await assertRefused(f.call({ path: PATHS.catalog, agent }, doomed));
    await assertRefused(f.call({ path: PATHS.catalog }, doomed));
    // Others are unaffected.
    assert.equal((await f.call({ path: PATHS.catalog })).status, 200);
  } finally {
    agent.destroy();
  }
});

test('a client certificate without the clientAuth extended key usage is refused', async () => {
  const noEku = f.pki.issueClient(NODE_ID, { extendedKeyUsage: null });
  errorOf(await f.call({ path: PATHS.catalog }, noEku), 403, 'CERT_NOT_CLIENT_AUTH');
  // serverAuth only: OpenSSL's purpose check already refuses it in the handshake.
  const serverOnly = f.pki.issueClient(NODE_ID, { clientAuth: false });
  await assertRefused(f.call({ path: PATHS.catalog }, serverOnly));
});

test('a batch for another node id than the certificate CN is refused with 403', async () => {
  const other = f.pki.issueClient('node-469030-002');
  const count = f.exchange.appliedCount();
  const message = errorOf(await f.postItems([makeItem(seq++)], 1, other), 403, 'NODE_MISMATCH');
  assert.match(message, /node-469030-002/);
  assert.equal(f.exchange.appliedCount(), count);
});

test('a batch signed by another key, tampered after signing, or unsigned is refused with 401', async () => {
  const count = f.exchange.appliedCount();
  const batch = makeBatch(NODE_ID, 1, [makeItem(seq++)]);
  const stranger = f.pki.issueClient(NODE_ID);
  // Signed with a different key while the TLS certificate is the enrolled one.
  const foreign = signBatch(batch, stranger.keyPem, stranger.certPem);
  errorOf(await f.call({ path: PATHS.batches, body: foreign, gzip: true }), 401, 'BAD_SIGNATURE');
  // The right key, but the body changed afterwards.
  const signed = signBatch(batch, f.node.keyPem, f.node.certPem);
  const tampered = { ...signed, body: { ...batch, epoch: 2 } };
  errorOf(await f.call({ path: PATHS.batches, body: tampered, gzip: true }), 401, 'BAD_SIGNATURE');
  // No signature at all.
  errorOf(await f.call({ path: PATHS.batches, body: { body: batch }, gzip: true }), 401, 'BAD_SIGNATURE');
  // A garbled signature value.
  const garbled = { ...signed, signature: { ...signed.signature, value: 'not base64 at all ***' } };
  errorOf(await f.call({ path: PATHS.batches, body: garbled }), 401, 'BAD_SIGNATURE');
  assert.equal(f.exchange.appliedCount(), count);
});

test('a heartbeat signed by another certificate is refused with 401', async () => {
  const stranger = f.pki.issueClient(NODE_ID);
  const heartbeat = {
    protocol: 1 as const,
    nodeId: NODE_ID,
    sentAt: new Date().toISOString(),
    appVersion: '0.1.0',
    catalogVersion: 'x',
    status: {},
    auditHead: { seq: 0, hash: '0'.repeat(64) },
  };
  errorOf(await f.call({ path: PATHS.heartbeat, body: sign(heartbeat, stranger.keyPem, stranger.certPem) }), 401, 'BAD_SIGNATURE');
  assert.equal(f.exchange.heartbeats(NODE_ID).length, 0);
});
