// The fields we read from the DER ourselves, checked against certificates openssl made.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki } from '../test/support/pki';
import { CertificateError } from './errors';
import { OID_CLIENT_AUTH, OID_SERVER_AUTH, readCertificate } from './x509';

const pki = createTestPki();
after(() => pki.cleanup());

test('key usage, extended key usage and basic constraints', () => {
  const root = readCertificate(pki.root.certPem);
  assert.equal(root.isCa, true);
  assert.deepEqual([...root.keyUsage!].sort(), ['cRLSign', 'keyCertSign']);
  assert.equal(root.extendedKeyUsage, null);
  assert.equal(root.displayName, '海南省电子政务外网测试根CA');

  const server = readCertificate(pki.server.certPem);
  assert.equal(server.isCa, false);
  assert.deepEqual([...server.keyUsage!].sort(), ['digitalSignature', 'keyEncipherment']);
  assert.deepEqual(server.extendedKeyUsage, [OID_SERVER_AUTH]);

  const client = readCertificate(pki.issueClient('节点-x509').certPem);
  assert.deepEqual(client.extendedKeyUsage, [OID_CLIENT_AUTH]);
  const both = readCertificate(pki.issueClient('both', { extendedKeyUsage: ['serverAuth', 'clientAuth'] }).certPem);
  assert.deepEqual(both.extendedKeyUsage, [OID_SERVER_AUTH, OID_CLIENT_AUTH]);

  const signing = readCertificate(pki.exchangeSigning.certPem);
  assert.deepEqual([...signing.keyUsage!].sort(), ['digitalSignature', 'nonRepudiation']);
  assert.equal(signing.extendedKeyUsage, null);
});

test('dates, including GeneralizedTime after 2049', () => {
  const notBefore = new Date('2049-06-01T12:00:00Z');
  const notAfter = new Date('2051-06-01T12:00:00Z');
  const c = readCertificate(pki.issueClient('long', { notBefore, notAfter }).certPem);
  assert.equal(c.notBefore.toISOString(), notBefore.toISOString());
  assert.equal(c.notAfter.toISOString(), notAfter.toISOString());
  assert.match(pki.openssl(['x509', '-noout', '-enddate'], { input: c.pem }).stdout, /2051/);
});

test('names: UTF8String, BMPString and escaped separators read as typed', () => {
  const config = join(pki.dir, 'bmp.cnf');
  // string_mask = default makes openssl pick BMPString for Chinese text.
  writeFileSync(config, '[ req ]\ndistinguished_name = dn\nstring_mask = default\n[ dn ]\n');
  const made = pki.openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(pki.dir, 'bmp.key'), '-config', config, '-utf8', '-days', '1', '-subj', '/O=琼中县\\,湾岭镇/CN=节点\\+1']);
  assert.equal(made.status, 0, made.stderr);
  assert.match(pki.openssl(['asn1parse'], { input: made.stdout }).stdout, /BMPSTRING/);
  const c = readCertificate(made.stdout);
  assert.deepEqual(c.subjectAttributes.map((a) => [a.name, a.value, a.stringType]), [['O', '琼中县,湾岭镇', 30], ['CN', '节点+1', 30]]);
  assert.equal(c.subject, 'O=琼中县\\,湾岭镇, CN=节点\\+1');
});

test('serial numbers are upper-case hex without leading zeros; garbage is DAMAGED_FILE', () => {
  const c = readCertificate(pki.issueClient('serial').certPem);
  assert.match(c.serialNumber, /^[1-9A-F][0-9A-F]*$/);
  assert.equal(c.serialNumber, c.x509.serialNumber.replace(/^0+/, '').toUpperCase());
  assert.throws(() => readCertificate('nonsense'), (e: unknown) => e instanceof CertificateError && e.code === 'DAMAGED_FILE');
});
