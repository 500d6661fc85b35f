// The exchange's other endpoints and its input bounds: catalog with ETag, heartbeat log,
// CRL, signing certificate, malformed and oversized requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { X509Certificate } from 'node:crypto';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { catalogEnvelopeSchema, exchangeErrorSchema, MAX_BATCH_BYTES, PATHS, signedSchema, type Heartbeat } from '../protocol/messages';
import { sign, verify } from '../protocol/signing';
import { SIGNING_CERT_PATH } from './routes';
import { makeBatch, makeItem, signBatch, type Answer } from './test-client';
import { NODE_ID, startFixture, type Fixture } from './test-fixture';

let f: Fixture;

before(async () => {
  f = await startFixture();
});
after(() => f.cleanup());

function errorCode(answer: Answer, status: number): string {
  assert.equal(answer.status, status, answer.body.toString());
  const { error } = exchangeErrorSchema.parse(answer.json());
  assert.match(error.message, /[\u4e00-\u9fff]/);
  return error.code;
}

function heartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    protocol: 1,
    nodeId: NODE_ID,
    sentAt: new Date().toISOString(),
    appVersion: '0.1.0',
    catalogVersion: sampleCatalog.version,
    status: { queueDepth: 3, link: 'online', lastSuccessAt: null },
    auditHead: { seq: 42, hash: 'a'.repeat(64) },
    ...overrides,
  };
}

test('the catalog is published signed, with serial and version as ETag, and answers 304 when unchanged', async () => {
  const first = await f.call({ path: PATHS.catalog });
  assert.equal(first.status, 200);
  const signed = signedSchema(catalogEnvelopeSchema).parse(first.json());
  assert.ok(verify(signed, f.pki.exchangeSigning.certPem), 'signed by the receipt-signing certificate');
  const envelope = signed.body;
  assert.equal(envelope.version, sampleCatalog.version);
  assert.deepEqual(envelope.catalog, sampleCatalog);
  const etag = first.headers.etag!;
  assert.equal(etag, `"${envelope.serial}-${sampleCatalog.version}"`);
  const unchanged = await f.call({ path: PATHS.catalog, headers: { 'if-none-match': etag } });
  assert.equal(unchanged.status, 304);
  assert.equal(unchanged.body.length, 0);

  f.exchange.setCatalog({ ...sampleCatalog, version: 'v-next' });
  try {
    const changed = await f.call({ path: PATHS.catalog, headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    const next = signedSchema(catalogEnvelopeSchema).parse(changed.json()).body;
    assert.equal(changed.headers.etag, `"${next.serial}-v-next"`);
    assert.equal(next.version, 'v-next');
    assert.ok(next.serial > envelope.serial, 'each publication raises the serial');
  } finally {
    f.exchange.setCatalog(sampleCatalog);
  }
});

test('a signed heartbeat is stored (newest first) and answered with the server time', async () => {
  const older = heartbeat({ sentAt: '2026-11-01T00:00:00.000Z' });
  const newer = heartbeat({ sentAt: '2026-11-01T00:05:00.000Z' });
  for (const h of [older, newer]) {
    const answer = await f.call({ path: PATHS.heartbeat, body: sign(h, f.node.keyPem, f.node.certPem), gzip: true });
    assert.equal(answer.status, 200, answer.body.toString());
    const { serverTime } = answer.json<{ serverTime: string }>();
    assert.ok(Math.abs(Date.parse(serverTime) - Date.now()) < 60_000);
  }
  assert.deepEqual(f.exchange.heartbeats(NODE_ID), [newer, older]);
  assert.deepEqual(f.exchange.heartbeats(), [newer, older]);
  assert.deepEqual(f.exchange.heartbeats('nobody'), []);
});

test('a heartbeat for another node or of the wrong shape is refused', async () => {
  const other = sign(heartbeat({ nodeId: 'node-other' }), f.node.keyPem, f.node.certPem);
  assert.equal(errorCode(await f.call({ path: PATHS.heartbeat, body: other }), 403), 'NODE_MISMATCH');
  const personal = sign({ ...heartbeat(), status: { name: { nested: '张三' } } }, f.node.keyPem, f.node.certPem);
  assert.equal(errorCode(await f.call({ path: PATHS.heartbeat, body: personal }), 400), 'MALFORMED');
});

test('the CRL is served while one is set, 404 otherwise', async () => {
  const crl = await f.call({ path: PATHS.crl });
  assert.equal(crl.status, 200);
  assert.match(crl.body.toString(), /^-----BEGIN X509 CRL-----/);
  f.exchange.setCrl(undefined);
  try {
    assert.equal(errorCode(await f.call({ path: PATHS.crl }), 404), 'NO_CRL');
  } finally {
    f.exchange.setCrl(f.pki.crlPem());
  }
});

test('the receipt-signing certificate can be fetched', async () => {
  const answer = await f.call({ path: SIGNING_CERT_PATH });
  assert.equal(answer.status, 200);
  assert.equal(new X509Certificate(answer.body).fingerprint256, new X509Certificate(f.pki.exchangeSigning.certPem).fingerprint256);
});

test('unknown paths answer 404, wrong methods 405', async () => {
  assert.equal(errorCode(await f.call({ path: '/v1/nothing' }), 404), 'NOT_FOUND');
  const wrong = await f.call({ path: PATHS.batches, method: 'GET' });
  assert.equal(errorCode(wrong, 405), 'METHOD_NOT_ALLOWED');
  assert.equal(wrong.headers.allow, 'POST');
});

test('bodies that are not JSON, not gzip, or not a batch answer 400', async () => {
  assert.equal(errorCode(await f.call({ path: PATHS.batches, body: Buffer.from('{not json') }), 400), 'MALFORMED');
  assert.equal(errorCode(await f.call({ path: PATHS.batches, body: Buffer.from('plain'), headers: { 'content-encoding': 'gzip' } }), 400), 'MALFORMED');
  const bad = signBatch({ ...makeBatch(NODE_ID, 1, [makeItem(1)]), epoch: 0 }, f.node.keyPem, f.node.certPem);
  const answer = await f.call({ path: PATHS.batches, body: bad, gzip: true });
  assert.equal(errorCode(answer, 400), 'MALFORMED');
  assert.match(exchangeErrorSchema.parse(answer.json()).error.message, /epoch/);
  assert.equal(f.exchange.appliedCount(), 0);
});

test('other content encodings answer 415', async () => {
  const answer = await f.call({ path: PATHS.batches, body: Buffer.from('x'), headers: { 'content-encoding': 'br' } });
  assert.equal(errorCode(answer, 415), 'UNSUPPORTED_ENCODING');
});

test('oversized bodies answer 413, also when only the decompressed size is too big (gzip bomb)', async () => {
  const bomb = gzipSync(Buffer.alloc(MAX_BATCH_BYTES * 4, 0x20));
  assert.ok(bomb.length < 100_000);
  assert.equal(errorCode(await f.call({ path: PATHS.batches, body: bomb, headers: { 'content-encoding': 'gzip' } }), 413), 'TOO_LARGE');
  const plain = Buffer.alloc(MAX_BATCH_BYTES + 128 * 1024, 0x20);
  assert.equal(errorCode(await f.call({ path: PATHS.batches, body: plain }), 413), 'TOO_LARGE');
  // A valid, signed batch whose canonical JSON exceeds the cap, within the envelope allowance.
  const fat = makeItem(1, { fields: { ...makeItem(1).fields, reporting_unit: 'x'.repeat(MAX_BATCH_BYTES - 10) } });
  const signed = signBatch(makeBatch(NODE_ID, 1, [fat]), f.node.keyPem, f.node.certPem);
  assert.equal(errorCode(await f.call({ path: PATHS.batches, body: signed, gzip: true }), 413), 'TOO_LARGE');
  assert.equal(f.exchange.appliedCount(), 0);
});
