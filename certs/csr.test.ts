// The node's CSR must satisfy an independent implementation: `openssl req -verify` accepts
// it, `openssl ca` / `x509 -req` sign it, the Chinese subject survives, and the signed
// certificate then imports through the full check.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki } from '../test/support/pki';
import { checkClientCertificate } from './client-certificate';
import { createCsr, readCsrSubject, type CsrSubject } from './csr';
import { CertificateError } from './errors';
import { generateNodeKeyPair } from './node-key';
import { readCertificate } from './x509';

const pki = createTestPki();
after(() => pki.cleanup());

const SUBJECT: CsrSubject = {
  province: '海南省',
  county: '琼中黎族苗族自治县',
  unitName: '琼中县湾岭镇人民政府',
  nodeId: '0190f3a0-5b2c-7a11-8e00-1234567890ab',
  creditCode: '11469030MB1234567A',
};

const key = await generateNodeKeyPair(2048);
const csrPem = createCsr({ privateKeyPem: key.privateKeyPem, subject: SUBJECT });

test('openssl req -verify accepts the CSR and shows the Chinese subject correctly', () => {
  assert.match(csrPem, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
  const r = pki.openssl(['req', '-verify', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus,sname'], { input: csrPem });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr + r.stdout, /verify OK/);
  assert.match(
    r.stdout,
    /subject=C=CN,ST=海南省,L=琼中黎族苗族自治县,O=琼中县湾岭镇人民政府,serialNumber=11469030MB1234567A,CN=0190f3a0-5b2c-7a11-8e00-1234567890ab/,
  );
});

test('the CSR carries sha256WithRSA, the key usages and clientAuth, with UTF8String for Chinese', () => {
  const text = pki.openssl(['req', '-noout', '-text'], { input: csrPem }).stdout;
  assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
  assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
  assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Client Authentication/);
  const asn1 = pki.openssl(['asn1parse'], { input: csrPem }).stdout;
  assert.match(asn1, /PRINTABLESTRING\s+:CN\n/);
  assert.match(asn1, /UTF8STRING\s+:海南省/);
  assert.match(asn1, /UTF8STRING\s+:琼中县湾岭镇人民政府/);
  assert.match(asn1, /:serialNumber\n.*PRINTABLESTRING\s+:11469030MB1234567A/);
});

test('subject fields round-trip through our reader', () => {
  assert.deepEqual(
    readCsrSubject(csrPem).map((a) => [a.name, a.value]),
    [
      ['C', 'CN'],
      ['ST', SUBJECT.province],
      ['L', SUBJECT.county],
      ['O', SUBJECT.unitName],
      ['serialNumber', SUBJECT.creditCode],
      ['CN', SUBJECT.nodeId],
    ],
  );
});

test('signed by openssl (ca and x509 -req), the certificate imports with the node key', () => {
  const signed = pki.signCsr(csrPem, { days: 365 });
  const checked = checkClientCertificate({ certificatePem: signed, privateKeyPem: key.privateKeyPem, rootPem: pki.root.certPem, now: new Date() });
  assert.equal(checked.chainPems.length, 0);
  assert.match(checked.view.subject, /O=琼中县湾岭镇人民政府/);
  assert.match(checked.view.subject, /serialNumber=11469030MB1234567A/);
  assert.match(checked.view.subject, /CN=0190f3a0-5b2c-7a11-8e00-1234567890ab$/);
  assert.equal(readCertificate(signed).subjectAttributes.find((a) => a.name === 'L')?.value, SUBJECT.county);

  // The issue names `openssl x509 -req` explicitly: sign with it too.
  const file = (name: string, text: string) => {
    const path = join(pki.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const out = join(pki.dir, 'x509-req-leaf.pem');
  const r = pki.openssl([
    'x509', '-req', '-in', file('node.csr', csrPem), '-CA', file('ca.pem', pki.root.certPem), '-CAkey', file('ca.key', pki.root.keyPem),
    '-set_serial', '0x4242', '-days', '30', '-sha256',
    '-extfile', file('client.ext', 'extendedKeyUsage = clientAuth\nkeyUsage = critical, digitalSignature, keyEncipherment\n'), '-out', out,
  ]);
  assert.equal(r.status, 0, r.stderr);
  const again = checkClientCertificate({ certificatePem: readFileSync(out, 'utf8'), privateKeyPem: key.privateKeyPem, rootPem: pki.root.certPem, now: new Date() });
  assert.equal(again.view.serialNumber, '4242');
  assert.match(again.view.subject, /serialNumber=11469030MB1234567A/);
});

test('a 3072-bit key makes a valid CSR too', async () => {
  const big = await generateNodeKeyPair(3072);
  const csr = createCsr({ privateKeyPem: big.privateKeyPem, subject: SUBJECT });
  const r = pki.openssl(['req', '-verify', '-noout', '-text'], { input: csr });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Public-Key: \(3072 bit\)/);
});

test('bad subject input is refused with a Chinese reason (INVALID_SUBJECT)', () => {
  const invalid = (subject: Partial<CsrSubject>, reason: RegExp, privateKeyPem = key.privateKeyPem) =>
    assert.throws(
      () => createCsr({ privateKeyPem, subject: { ...SUBJECT, ...subject } }),
      (e: unknown) => e instanceof CertificateError && e.code === 'INVALID_SUBJECT' && reason.test(e.message),
    );
  invalid({ creditCode: '11469030MB1234567B' }, /统一社会信用代码校验码不正确/);
  invalid({ unitName: '   ' }, /单位名称不能为空/);
  invalid({ unitName: '单'.repeat(65) }, /单位名称过长/);
  invalid({ county: '琼中\n县' }, /控制字符/);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  invalid({}, /RSA/, ec);
});

test('the credit code is normalised (full-width, lower case, spaces) before it is written', () => {
  const csr = createCsr({ privateKeyPem: key.privateKeyPem, subject: { ...SUBJECT, creditCode: ' １１469030mb1234567a ' } });
  assert.equal(readCsrSubject(csr).find((a) => a.name === 'serialNumber')?.value, '11469030MB1234567A');
});
