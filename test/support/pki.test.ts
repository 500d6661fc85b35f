// The test PKI is itself checked with openssl: if it produced subtly wrong certificates,
// every certificate and TLS test built on it would prove nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, ROOT_CN } from './pki';

const pki = createTestPki();
after(() => pki.cleanup());

function file(name: string, text: string): string {
  const path = join(pki.dir, name);
  writeFileSync(path, text);
  return path;
}

/** `openssl verify` with only the given CA trusted (never the system store). */
function verify(caPem: string, certPem: string, extra: string[] = []) {
  return pki.openssl(['verify', '-no-CAfile', '-no-CApath', '-CAfile', file('ca-under-test.pem', caPem), ...extra, file('cert-under-test.pem', certPem)]);
}

test('the root is a self-signed CA with the provincial name', () => {
  const root = new X509Certificate(pki.root.certPem);
  assert.equal(root.ca, true);
  assert.ok(root.checkIssued(root));
  assert.ok(root.verify(root.publicKey));
  assert.match(root.subject, new RegExp(`CN=${ROOT_CN}`));
  const text = pki.openssl(['x509', '-noout', '-subject', '-nameopt', 'utf8'], { input: pki.root.certPem }).stdout;
  assert.match(text, /CN ?= ?海南省电子政务外网测试根CA/);
});

test('openssl verifies each chain against its own CA only', () => {
  for (const leaf of [pki.server, pki.serverWrongHost, pki.exchangeSigning]) {
    assert.equal(verify(pki.root.certPem, leaf.certPem).status, 0);
    assert.notEqual(verify(pki.otherRoot.certPem, leaf.certPem).status, 0);
  }
  assert.equal(verify(pki.otherRoot.certPem, pki.serverOtherCa.certPem).status, 0);
  assert.notEqual(verify(pki.root.certPem, pki.serverOtherCa.certPem).status, 0);
});

test('server certificates carry serverAuth and the expected names', () => {
  const server = new X509Certificate(pki.server.certPem);
  assert.ok(server.checkHost('localhost'));
  assert.ok(server.checkIP('127.0.0.1'));
  assert.ok(server.checkIP('::1'));
  assert.equal(verify(pki.root.certPem, pki.server.certPem, ['-purpose', 'sslserver']).status, 0);
  assert.notEqual(verify(pki.root.certPem, pki.server.certPem, ['-purpose', 'sslclient']).status, 0);

  const wrong = new X509Certificate(pki.serverWrongHost.certPem);
  assert.equal(wrong.checkHost('localhost'), undefined);
  assert.equal(wrong.checkIP('127.0.0.1'), undefined);
  assert.ok(wrong.checkHost('exchange.invalid'));

  assert.ok(new X509Certificate(pki.serverOtherCa.certPem).checkHost('localhost'));
  assert.match(pki.openssl(['x509', '-noout', '-ext', 'keyUsage'], { input: pki.exchangeSigning.certPem }).stdout, /Digital Signature/);
});

test('certificates made now are valid now: the CAs start a day back, leaves an hour back', () => {
  const now = Date.now();
  for (const pem of [pki.root.certPem, pki.otherRoot.certPem]) {
    assert.ok(new Date(new X509Certificate(pem).validFrom).getTime() <= now - 86_000_000);
  }
  const leaf = new X509Certificate(pki.issueClient('now').certPem);
  assert.ok(new Date(leaf.validFrom).getTime() <= now - 3_500_000);
});

test('issueClient: clientAuth by default, explicit dates, the other issuer, no EKU', () => {
  const client = pki.issueClient('节点-0001');
  assert.equal(verify(pki.root.certPem, client.certPem, ['-purpose', 'sslclient']).status, 0);
  assert.match(pki.openssl(['x509', '-noout', '-subject', '-nameopt', 'utf8'], { input: client.certPem }).stdout, /CN ?= ?节点-0001/);
  // The key really belongs to the certificate.
  const x = new X509Certificate(client.certPem);
  assert.ok(x.checkPrivateKey(createPrivateKey(client.keyPem)));

  const notBefore = new Date('2031-02-03T04:05:06Z');
  const notAfter = new Date('2032-02-03T04:05:06Z');
  const future = new X509Certificate(pki.issueClient('future', { notBefore, notAfter }).certPem);
  assert.equal(new Date(future.validFrom).toISOString(), notBefore.toISOString());
  assert.equal(new Date(future.validTo).toISOString(), notAfter.toISOString());
  const expired = pki.issueClient('expired', { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
  assert.match(verify(pki.root.certPem, expired.certPem).stdout + verify(pki.root.certPem, expired.certPem).stderr, /expired/);

  const days = new X509Certificate(pki.issueClient('days', { days: 10 }).certPem);
  const length = new Date(days.validTo).getTime() - new Date(days.validFrom).getTime();
  assert.equal(length, 10 * 86_400_000);

  const other = pki.issueClient('other', { issuer: 'other' });
  assert.equal(verify(pki.otherRoot.certPem, other.certPem).status, 0);

  const noClient = pki.issueClient('server-like', { clientAuth: false });
  assert.doesNotMatch(pki.openssl(['x509', '-noout', '-ext', 'extendedKeyUsage'], { input: noClient.certPem }).stdout, /Client/);
  const noEku = pki.issueClient('no-eku', { extendedKeyUsage: null });
  assert.doesNotMatch(pki.openssl(['x509', '-noout', '-text'], { input: noEku.certPem }).stdout, /Extended Key Usage/);
});

test('intermediates: issueClient({ ca: true }) and issueUnder build a three-level chain', () => {
  const intermediate = pki.issueClient('海南省测试中间CA', { ca: true });
  const x = new X509Certificate(intermediate.certPem);
  assert.equal(x.ca, true);
  const leaf = pki.issueUnder(intermediate, '节点-中间');
  const untrusted = file('untrusted.pem', intermediate.certPem);
  const ok = verify(pki.root.certPem, leaf.certPem, ['-untrusted', untrusted, '-purpose', 'sslclient']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.notEqual(verify(pki.root.certPem, leaf.certPem).status, 0); // not without the intermediate
});

test('signCsr signs an openssl CSR and keeps the subject as requested (serialNumber, UTF-8)', () => {
  const keyFile = join(pki.dir, 'csr-test.key');
  const csrFile = join(pki.dir, 'csr-test.csr');
  const made = pki.openssl([
    'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', keyFile, '-out', csrFile,
    '-subj', '/C=CN/ST=海南省/L=琼中黎族苗族自治县/O=琼中县湾岭镇人民政府/serialNumber=11469030MB1234567A/CN=node-1',
  ]);
  assert.equal(made.status, 0, made.stderr);
  const csrPem = pki.openssl(['req', '-in', csrFile]).stdout;
  const certPem = pki.signCsr(csrPem, { days: 30 });
  const subject = pki.openssl(['x509', '-noout', '-subject', '-nameopt', 'utf8,sep_multiline'], { input: certPem }).stdout;
  assert.match(subject, /O ?= ?琼中县湾岭镇人民政府/);
  assert.match(subject, /serialNumber ?= ?11469030MB1234567A/);
  assert.match(subject, /L ?= ?琼中黎族苗族自治县/);
  assert.equal(verify(pki.root.certPem, certPem, ['-purpose', 'sslclient']).status, 0);
});

test('revoke + crlPem: the CRL is signed by the root and lists the revoked serial', () => {
  const victim = pki.issueClient('revoked-node');
  const kept = pki.issueClient('kept-node');
  pki.revoke(victim.certPem);
  const crl = pki.crlPem();
  assert.match(crl, /-----BEGIN X509 CRL-----/);
  const check = pki.openssl(['crl', '-noout', '-CAfile', file('crl-ca.pem', pki.root.certPem)], { input: crl });
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stderr + check.stdout, /verify OK/);
  const text = pki.openssl(['crl', '-noout', '-text'], { input: crl }).stdout;
  const serial = new X509Certificate(victim.certPem).serialNumber.toUpperCase();
  assert.match(text, new RegExp(`Serial Number: 0*${serial.replace(/^0+/, '')}`));
  assert.doesNotMatch(text, new RegExp(new X509Certificate(kept.certPem).serialNumber.replace(/^0+/, '')));

  // openssl itself then refuses the revoked certificate and accepts the other one.
  const both = file('ca-and-crl.pem', pki.root.certPem + crl);
  assert.notEqual(pki.openssl(['verify', '-no-CAfile', '-no-CApath', '-crl_check', '-CAfile', both, file('victim.pem', victim.certPem)]).status, 0);
  assert.equal(pki.openssl(['verify', '-no-CAfile', '-no-CApath', '-crl_check', '-CAfile', both, file('kept.pem', kept.certPem)]).status, 0);
});

test('pkcs12: AES-256 (OpenSSL 3 default) and legacy variants read back with the password', () => {
  const client = pki.issueClient('p12-node');
  for (const legacy of [false, true]) {
    const p12 = pki.pkcs12(client.keyPem, client.certPem, 'Pass-词 2026', pki.root.certPem, { legacy });
    const path = join(pki.dir, `read-${legacy}.p12`);
    writeFileSync(path, p12);
    // Reading RC2-40 needs OpenSSL 3's legacy provider as well.
    const readFlags = legacy ? ['-legacy'] : [];
    const info = pki.openssl(['pkcs12', '-info', '-noout', ...readFlags, '-in', path, '-passin', 'env:P'], { env: { P: 'Pass-词 2026' } });
    assert.equal(info.status, 0, info.stderr);
    if (legacy) assert.match(info.stderr, /RC2|3DES|pbeWithSHA1And/i);
    else assert.match(info.stderr, /AES-256-CBC/);
    const wrong = pki.openssl(['pkcs12', '-info', '-noout', ...readFlags, '-in', path, '-passin', 'pass:wrong']);
    assert.notEqual(wrong.status, 0);
  }
});
