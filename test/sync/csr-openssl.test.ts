// The node's CSR, made by the app through the API, is a real PKCS#10 request to OpenSSL:
// `openssl req -verify` accepts its self-signature and reads the subject the design asks
// for; `openssl x509 -req` (and the CA's `openssl ca`) sign it; the signed certificate
// imports. A PKCS#12 file made by `openssl pkcs12 -export` imports too, and a wrong
// password is named as such. The private key never appears in any answer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../support/pki';
import { startSyncNode, type SyncNode } from '../support/sync-node';
import { NODE_IDENTITY } from '../support/test-node';

describe('certificates: app CSR → openssl → import', () => {
  let pki: TestPki;
  let t: SyncNode;
  let nodeId: string;
  let csrPem: string;

  before(async () => {
    pki = createTestPki();
    t = await startSyncNode({ automatic: false });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
  });
  after(() => {
    t?.cleanup();
    pki?.cleanup();
  });

  test('an operator may look at certificate status but not create a CSR', async () => {
    const status = await t.ok('operator', 'cert.status', {});
    assert.equal(status.keyPresent, false);
    const denied = await t.call(t.tokens.operator, 'cert.createCsr', { keyBits: 2048, province: '海南省', county: '琼中黎族苗族自治县' });
    assert.equal(denied.ok, false);
  });

  test('the app CSR passes `openssl req -verify` and carries the node identity in its subject', async () => {
    csrPem = (await t.ok('admin', 'cert.createCsr', { keyBits: 2048, province: '海南省', county: '琼中黎族苗族自治县' })).csrPem;
    assert.match(csrPem, /^-----BEGIN CERTIFICATE REQUEST-----/);
    const verified = pki.openssl(['req', '-verify', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { input: csrPem });
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout + verified.stderr, /verify OK/i);
    for (const part of ['C=CN', 'ST=海南省', 'L=琼中黎族苗族自治县', `O=${NODE_IDENTITY.unitName}`, NODE_IDENTITY.creditCode, `CN=${nodeId}`]) {
      assert.ok(verified.stdout.includes(part), `subject has ${part}: ${verified.stdout}`);
    }
    const status = await t.ok('admin', 'cert.status', {});
    assert.equal(status.pendingCsrPem, csrPem);
    assert.equal(status.keyBits, 2048);
    assert.equal(status.certificate, null);
  });

  test('importing before the root is pinned is refused with a plain sentence', async () => {
    const early = await t.call(t.tokens.admin, 'cert.import', { kind: 'pem', certificatePem: pki.signCsr(csrPem) });
    assert.equal(early.ok, false);
    if (!early.ok) {
      assert.equal(early.error.code, 'CERTIFICATE');
      assert.match(early.error.message, /省级根证书/);
    }
  });

  test('`openssl x509 -req` signs it, and the signed certificate imports', async () => {
    await t.ok('admin', 'cert.setRoot', { rootPem: pki.root.certPem });
    const dir = pki.dir;
    writeFileSync(join(dir, 'app.csr'), csrPem);
    writeFileSync(join(dir, 'x509-root.key'), pki.root.keyPem);
    writeFileSync(join(dir, 'x509-root.crt'), pki.root.certPem);
    writeFileSync(join(dir, 'client.ext'), 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = clientAuth\n');
    const signed = pki.openssl(['x509', '-req', '-in', 'app.csr', '-CA', 'x509-root.crt', '-CAkey', 'x509-root.key', '-CAcreateserial', '-days', '30', '-sha256', '-extfile', 'client.ext', '-out', 'app.crt']);
    assert.equal(signed.status, 0, signed.stderr);
    const certificatePem = readFileSync(join(dir, 'app.crt'), 'utf8');
    const status = await t.ok('admin', 'cert.import', { kind: 'pem', certificatePem });
    assert.ok(status.certificate, 'a certificate is installed');
    assert.match(status.certificate.subject, new RegExp(nodeId));
    assert.equal(status.certificate.warning, 'soon', '30 days left: the expiry warning is on');
    assert.match(status.certificate.warningMessage ?? '', /到期/);
    assert.equal(status.pendingCsrPem, null);
    assert.equal(status.keyPresent, true);
    assert.ok(!JSON.stringify(status).includes('PRIVATE KEY'));
  });

  test('the CA (`openssl ca`) signature of the same CSR imports as a renewal of the current key', async () => {
    const status = await t.ok('admin', 'cert.import', { kind: 'pem', certificatePem: pki.signCsr(csrPem, { days: 365 }) });
    assert.equal(status.certificate!.warning, 'none');
  });

  test('a certificate for another key is refused as a key mismatch', async () => {
    const other = pki.issueClient(nodeId);
    const refused = await t.call(t.tokens.admin, 'cert.import', { kind: 'pem', certificatePem: other.certPem });
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.code, 'CERTIFICATE');
      assert.match(refused.error.message, /不匹配/);
    }
  });

  test('a PKCS#12 file from openssl imports with its password; a wrong password says so', async () => {
    const issued = pki.issueClient(nodeId);
    const p12 = pki.pkcs12(issued.keyPem, issued.certPem, 'P12-secret!', pki.root.certPem);
    const wrong = await t.call(t.tokens.admin, 'cert.import', { kind: 'pkcs12', fileBase64: p12.toString('base64'), password: 'nope' });
    assert.equal(wrong.ok, false);
    if (!wrong.ok) assert.match(wrong.error.message, /密码不正确/);
    const status = await t.ok('admin', 'cert.import', { kind: 'pkcs12', fileBase64: p12.toString('base64'), password: 'P12-secret!' });
    assert.equal(status.certificate!.fingerprintSha256.replace(/:/g, '').toLowerCase().length, 64);
    const audit = await t.ok('auditor', 'audit.list', { pageSize: 50 });
    const imports = audit.items.filter((e) => e.action === 'cert.import');
    assert.ok(imports.some((e) => e.outcome === 'failure') && imports.some((e) => e.outcome === 'success'));
    assert.ok(!JSON.stringify(audit).includes('P12-secret!'));
  });
});
