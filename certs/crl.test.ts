// CRLs made by `openssl ca -gencrl`, read without any CRL support from forge or Node.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki } from '../test/support/pki';
import { isCrlStale, isRevoked, parseCrl } from './crl';
import { CertificateError } from './errors';
import { readCertificate } from './x509';

const pki = createTestPki();
after(() => pki.cleanup());

const revokedCert = pki.issueClient('被吊销节点');
const keptCert = pki.issueClient('正常节点');
const emptyCrlPem = pki.crlPem();
pki.revoke(revokedCert.certPem);
const crlPem = pki.crlPem();

function invalid(run: () => unknown, reason?: RegExp) {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof CertificateError, String(e));
    assert.equal(e.code, 'INVALID_CRL');
    assert.match(e.message, /^证书吊销列表无效：/);
    if (reason) assert.match(e.message, reason);
    return true;
  });
}

test('parses the root CRL: issuer, dates, number and the revoked serial', () => {
  const crl = parseCrl(crlPem, pki.root.certPem);
  const serial = readCertificate(revokedCert.certPem).serialNumber;
  assert.deepEqual([...crl.revokedSerials], [serial]);
  assert.ok(isRevoked(crl, revokedCert.certPem));
  assert.equal(isRevoked(crl, keptCert.certPem), false);
  assert.match(crl.issuer, /CN=海南省电子政务外网测试根CA$/);
  assert.equal(crl.issuerFingerprintSha256, readCertificate(pki.root.certPem).fingerprintSha256);
  assert.equal(crl.crlNumber, '2');

  const text = pki.openssl(['crl', '-noout', '-lastupdate', '-nextupdate', '-dateopt', 'iso_8601'], { input: crlPem }).stdout;
  const [, last] = /lastUpdate=(.*)/.exec(text)!;
  const [, next] = /nextUpdate=(.*)/.exec(text)!;
  assert.equal(crl.thisUpdate.getTime(), new Date(last!.replace(' ', 'T')).getTime());
  assert.equal(crl.nextUpdate?.getTime(), new Date(next!.replace(' ', 'T')).getTime());
  assert.equal(crl.nextUpdate!.getTime() - crl.thisUpdate.getTime(), 7 * 86_400_000);
  assert.equal(isCrlStale(crl, crl.thisUpdate), false);
  assert.equal(isCrlStale(crl, new Date(crl.nextUpdate!.getTime() + 1)), true);
});

test('DER input works as well as PEM, and an empty CRL lists nothing', () => {
  const derFile = join(pki.dir, 'crl.der');
  assert.equal(pki.openssl(['crl', '-outform', 'DER', '-out', derFile], { input: crlPem }).status, 0);
  const fromDer = parseCrl(readFileSync(derFile), pki.root.certPem);
  assert.deepEqual(fromDer.revokedSerials, parseCrl(crlPem, pki.root.certPem).revokedSerials);
  assert.equal(parseCrl(Buffer.from(crlPem.replace(/\n/g, '\r\n')), pki.root.certPem).revokedSerials.size, 1);
  assert.equal(parseCrl(emptyCrlPem, pki.root.certPem).revokedSerials.size, 0);
});

test('serial numbers compare without leading zeros, colons or case', () => {
  const crl = parseCrl(crlPem, pki.root.certPem);
  const serial = readCertificate(revokedCert.certPem).serialNumber;
  assert.ok(isRevoked(crl, `00${serial}`.toLowerCase()));
  assert.ok(isRevoked(crl, (`00${serial}`.match(/../g) ?? []).join(':')));
});

test('SHA-512 signatures verify too', () => {
  const out = join(pki.dir, 'crl512.pem');
  const r = pki.openssl(['ca', '-batch', '-gencrl', '-md', 'sha512', '-config', join(pki.dir, 'root', 'ca.cnf'), '-out', out]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  assert.match(pki.openssl(['crl', '-noout', '-text'], { input: text }).stdout, /sha512WithRSAEncryption/);
  assert.equal(parseCrl(text, pki.root.certPem).revokedSerials.size, 1);
});

test('an ECDSA P-256 CA’s CRL (ecdsa-with-SHA256) verifies', () => {
  const dir = join(pki.dir, 'ec-ca');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '10\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = ${dir}/index.txt\ncrlnumber = ${dir}/crlnumber\ncertificate = ${dir}/cert.pem\nprivate_key = ${dir}/key.pem\ndefault_md = sha256\ndefault_crl_days = 1\n[ req ]\ndistinguished_name = dn\n[ dn ]\n[ v3 ]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n`,
  );
  const made = pki.openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-config', join(dir, 'ca.cnf'), '-extensions', 'v3', '-subj', '/CN=EC 测试CA', '-utf8', '-days', '30', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  assert.equal(made.status, 0, made.stderr);
  const gen = pki.openssl(['ca', '-batch', '-gencrl', '-config', join(dir, 'ca.cnf'), '-out', join(dir, 'crl.pem')]);
  assert.equal(gen.status, 0, gen.stderr);
  const ecCert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const ecCrl = readFileSync(join(dir, 'crl.pem'), 'utf8');
  assert.match(pki.openssl(['crl', '-noout', '-text'], { input: ecCrl }).stdout, /ecdsa-with-SHA256/);
  const crl = parseCrl(ecCrl, ecCert);
  assert.equal(crl.crlNumber, '10');
  invalid(() => parseCrl(ecCrl, pki.root.certPem), /签名验证失败/);
});

test('a CRL not signed by the given issuer is refused', () => {
  invalid(() => parseCrl(crlPem, pki.otherRoot.certPem), /不是由「无关机构测试根CA」签发的/);
  // Same name, different key: a forged "root".
  const forgedDir = join(pki.dir, 'forged');
  mkdirSync(forgedDir, { recursive: true });
  const forged = pki.openssl([
    'req', '-x509', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-days', '1', '-keyout', join(forgedDir, 'k.pem'),
    '-subj', '/C=CN/ST=海南省/O=海南省电子政务外网测试/CN=海南省电子政务外网测试根CA',
  ]).stdout;
  invalid(() => parseCrl(crlPem, forged), /签名验证失败/);
});

test('a tampered, truncated or foreign file is INVALID_CRL', () => {
  const derFile = join(pki.dir, 'tamper.der');
  pki.openssl(['crl', '-outform', 'DER', '-out', derFile], { input: crlPem });
  const der = readFileSync(derFile);
  // Flip one byte inside the signed part (the revoked serial sits there).
  const serialHex = readCertificate(revokedCert.certPem).serialNumber;
  const at = der.indexOf(Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex'));
  assert.ok(at > 0);
  const tampered = Buffer.from(der);
  tampered[at] = tampered[at]! ^ 0x01;
  invalid(() => parseCrl(tampered, pki.root.certPem), /签名验证失败/);
  invalid(() => parseCrl(der.subarray(0, der.length - 20), pki.root.certPem));
  invalid(() => parseCrl(Buffer.from('not a crl at all'), pki.root.certPem));
  invalid(() => parseCrl(crlPem.slice(0, 200), pki.root.certPem));
  invalid(() => parseCrl(pki.root.certPem, pki.root.certPem), /没有吊销列表/);
});
