// Signatures over canonical JSON: what verifies and, above all, what must not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createTestPki, type KeyAndCert, type TestPki } from '../../test/support/pki';
import { certFingerprint, sign, verify } from './signing';

let pki: TestPki;
let signer: KeyAndCert;
let other: KeyAndCert;
const body = { nodeId: 'node-1', epoch: 1, items: [{ seq: 1, fields: { 姓名: '张三' } }] };

before(() => {
  pki = createTestPki();
  signer = pki.issueClient('node-1');
  other = pki.issueClient('node-1'); // same subject, different key
});
after(() => pki.cleanup());

test('a signature verifies with the signing certificate, whatever the key order of the body', () => {
  const signed = sign(body, signer.keyPem, signer.certPem);
  assert.equal(signed.signature.alg, 'RSA-SHA256');
  assert.equal(signed.signature.certFingerprint, certFingerprint(signer.certPem));
  assert.equal(certFingerprint(signer.certPem), new X509Certificate(signer.certPem).fingerprint256.replace(/:/g, '').toLowerCase());
  assert.ok(verify(signed, signer.certPem));
  const reordered = { items: body.items, epoch: 1, nodeId: 'node-1' };
  assert.ok(verify({ body: reordered, signature: signed.signature }, signer.certPem));
  // It survives the trip through JSON text.
  assert.ok(verify(JSON.parse(JSON.stringify(signed)), signer.certPem));
});

test('a tampered body fails verification', () => {
  const signed = sign(body, signer.keyPem, signer.certPem);
  assert.equal(verify({ ...signed, body: { ...body, epoch: 2 } }, signer.certPem), false);
  const deep = structuredClone(signed);
  deep.body.items[0]!.fields.姓名 = '李四';
  assert.equal(verify(deep, signer.certPem), false);
  assert.equal(verify({ ...signed, body: { ...body, extra: true } }, signer.certPem), false);
});

test('the wrong certificate fails verification, even one with the same subject', () => {
  const signed = sign(body, signer.keyPem, signer.certPem);
  assert.equal(verify(signed, other.certPem), false);
  assert.equal(verify(signed, pki.root.certPem), false);
});

test('a signature naming one certificate but made by another key fails', () => {
  // Signed with other's key while claiming signer's certificate: the fingerprint matches, the key does not.
  const forged = sign(body, other.keyPem, signer.certPem);
  assert.equal(forged.signature.certFingerprint, certFingerprint(signer.certPem));
  assert.equal(verify(forged, signer.certPem), false);
  // A correct signature with a fingerprint that names another certificate is refused too.
  const signed = sign(body, signer.keyPem, signer.certPem);
  assert.equal(verify({ ...signed, signature: { ...signed.signature, certFingerprint: certFingerprint(other.certPem) } }, signer.certPem), false);
});

test('a corrupted signature value fails verification', () => {
  const signed = sign(body, signer.keyPem, signer.certPem);
  const bytes = Buffer.from(signed.signature.value, 'base64');
  bytes[10] = bytes[10]! ^ 0xff;
  assert.equal(verify({ ...signed, signature: { ...signed.signature, value: bytes.toString('base64') } }, signer.certPem), false);
  assert.equal(verify({ ...signed, signature: { ...signed.signature, value: 'AAAA' } }, signer.certPem), false);
});
