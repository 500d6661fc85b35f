import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { generateNodeKeyPair, loadPrivateKey, publicKeyPemOf, rsaKeyBits, type NodeKeyBits } from './node-key';
import { CertificateError } from './errors';

test('generates an RSA key pair as PKCS#8 / SPKI PEM, 2048 and 3072 bits', async () => {
  for (const bits of [2048, 3072] as const) {
    const pair = await generateNodeKeyPair(bits);
    assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.equal(pair.bits, bits);
    assert.equal(rsaKeyBits(pair.privateKeyPem), bits);
    const key = createPrivateKey(pair.privateKeyPem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(publicKeyPemOf(pair.privateKeyPem), pair.publicKeyPem);
    const signature = sign('sha256', Buffer.from('回执'), key);
    assert.ok(verify('sha256', Buffer.from('回执'), createPublicKey(pair.publicKeyPem), signature));
  }
});

test('generation does not block the event loop', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = Date.now();
  await generateNodeKeyPair(3072);
  clearInterval(timer);
  // A blocking generation would let no timer run at all while it worked.
  if (Date.now() - started > 50) assert.ok(ticks > 0, `no timer ran during ${Date.now() - started} ms of key generation`);
});

test('refuses other key sizes, and reports an unreadable key as a damaged file', async () => {
  await assert.rejects(generateNodeKeyPair(1024 as NodeKeyBits), RangeError);
  assert.throws(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), (e: unknown) => e instanceof CertificateError && e.code === 'DAMAGED_FILE');
});
