// PKCS#12 files made by `openssl pkcs12 -export`: OpenSSL 3's defaults (PBES2/AES-256) and
// the legacy algorithms, Chinese and empty passwords, wrong passwords, damaged files and the
// algorithms we do not read.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki } from '../test/support/pki';
import { checkClientCertificate } from './client-certificate';
import { CertificateError, type CertificateErrorCode } from './errors';
import { MAX_PKCS12_ITERATIONS, readPkcs12 } from './pkcs12';

const pki = createTestPki();
after(() => pki.cleanup());
const client = pki.issueClient('节点-p12');
const fp = (pem: string) => new X509Certificate(pem).fingerprint256;

function refused(run: () => unknown, code: CertificateErrorCode, message: RegExp) {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof CertificateError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

/** openssl pkcs12 -export with arbitrary flags (password in the environment). */
function exportP12(args: string[], password: string, certPem = client.certPem, keyPem = client.keyPem): Buffer {
  const name = `x${Math.random().toString(36).slice(2)}`;
  const key = join(pki.dir, `${name}.key`);
  const cert = join(pki.dir, `${name}.pem`);
  const out = join(pki.dir, `${name}.p12`);
  writeFileSync(key, keyPem);
  writeFileSync(cert, certPem);
  const r = pki.openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', 'env:PW', ...args], { env: { PW: password } });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out);
}

test('OpenSSL 3 default p12 (PBES2, AES-256-CBC, HMAC-SHA-256) with its chain imports', () => {
  const file = pki.pkcs12(client.keyPem, client.certPem, 'Secret-2026', pki.root.certPem);
  // It really is the OpenSSL 3 default layout.
  writeFileSync(join(pki.dir, 'default.p12'), file);
  const info = pki.openssl(['pkcs12', '-info', '-noout', '-in', join(pki.dir, 'default.p12'), '-passin', 'pass:Secret-2026']);
  assert.match(info.stderr, /MAC: sha256/);
  assert.match(info.stderr, /PBES2, PBKDF2, AES-256-CBC/);

  const p12 = readPkcs12(file, 'Secret-2026');
  assert.match(p12.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.deepEqual(
    createPrivateKey(p12.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
    createPrivateKey(client.keyPem).export({ type: 'pkcs8', format: 'der' }),
  );
  assert.equal(fp(p12.certificatePem), fp(client.certPem)); // byte-identical certificate
  assert.deepEqual(p12.chainPems.map(fp), [fp(pki.root.certPem)]);

  const checked = checkClientCertificate({
    certificatePem: [p12.certificatePem, ...p12.chainPems].join(''),
    privateKeyPem: p12.privateKeyPem,
    rootPem: pki.root.certPem,
    now: new Date(),
  });
  assert.match(checked.view.subject, /CN=节点-p12/);
});

test('legacy p12 (RC2-40 certificates, 3DES key, SHA-1 MAC) and a 3DES/PBES2 mix import', () => {
  const legacy = readPkcs12(pki.pkcs12(client.keyPem, client.certPem, 'old-pass', undefined, { legacy: true }), 'old-pass');
  assert.equal(fp(legacy.certificatePem), fp(client.certPem));
  assert.deepEqual(legacy.chainPems, []);
  const tripleDes = readPkcs12(exportP12(['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], 'x'), 'x');
  assert.equal(fp(tripleDes.certificatePem), fp(client.certPem));
  const aes128 = readPkcs12(exportP12(['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC', '-macalg', 'sha512'], 'x'), 'x');
  assert.equal(fp(aes128.certificatePem), fp(client.certPem));
  const noCertEncryption = readPkcs12(exportP12(['-certpbe', 'NONE'], 'x'), 'x');
  assert.equal(fp(noCertEncryption.certificatePem), fp(client.certPem));
});

test('Chinese and empty passwords work with both the AES and the legacy files', () => {
  for (const legacy of [false, true]) {
    for (const password of ['证书密码2026', '']) {
      const p12 = readPkcs12(pki.pkcs12(client.keyPem, client.certPem, password, pki.root.certPem, { legacy }), password);
      assert.equal(fp(p12.certificatePem), fp(client.certPem), `legacy=${legacy} password=${JSON.stringify(password)}`);
    }
  }
});

test('a wrong password is WRONG_PASSWORD', () => {
  for (const legacy of [false, true]) {
    const file = pki.pkcs12(client.keyPem, client.certPem, '正确的密码', undefined, { legacy });
    refused(() => readPkcs12(file, '错误的密码'), 'WRONG_PASSWORD', /^证书文件密码不正确$/);
    refused(() => readPkcs12(file, ''), 'WRONG_PASSWORD', /密码不正确/);
  }
});

test('damaged and foreign files are DAMAGED_FILE', () => {
  const file = pki.pkcs12(client.keyPem, client.certPem, 'pw');
  refused(() => readPkcs12(Buffer.alloc(0), 'pw'), 'DAMAGED_FILE', /空/);
  refused(() => readPkcs12(Buffer.from('8f3a91c2d4e5f60718293a4b5c6d7e8f00112233', 'hex'), 'pw'), 'DAMAGED_FILE', /^文件已损坏或不是证书文件（不是有效的 PKCS#12/);
  refused(() => readPkcs12(file.subarray(0, file.length / 2), 'pw'), 'DAMAGED_FILE', /PKCS#12/);
  refused(() => readPkcs12(Buffer.from(client.certPem), 'pw'), 'DAMAGED_FILE', /PEM 文本格式/);
  refused(() => readPkcs12(new X509Certificate(client.certPem).raw, 'pw'), 'DAMAGED_FILE', /PKCS#12/);
  refused(() => readPkcs12(exportP12(['-nokeys'], 'pw'), 'pw'), 'DAMAGED_FILE', /没有私钥/);
});

test('algorithms forge cannot read are named, with how to re-export', () => {
  const rc2128 = exportP12(['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], 'pw');
  refused(() => readPkcs12(rc2128, 'pw'), 'UNSUPPORTED_ALGORITHM', /^文件使用了本程序不支持的算法（pbeWithSHAAnd128BitRC2-CBC），请用 OpenSSL 3 重新导出：openssl pkcs12 -export -keypbe AES-256-CBC/);
});

test('an ECDSA P-256 key and certificate come out as PKCS#8 and DER-identical', () => {
  const key = join(pki.dir, 'ec.key');
  const made = pki.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', '/CN=ec-node', '-days', '10']);
  assert.equal(made.status, 0, made.stderr);
  const p12 = readPkcs12(exportP12([], 'pw', made.stdout, readFileSync(key, 'utf8')), 'pw');
  assert.equal(createPrivateKey(p12.privateKeyPem).asymmetricKeyType, 'ec');
  assert.equal(fp(p12.certificatePem), fp(made.stdout));
});

test('the leaf is the certificate of the key, whatever order the file keeps', () => {
  // The root first and the leaf second in the input: only key matching finds the leaf.
  const p12 = readPkcs12(exportP12([], 'pw', pki.root.certPem + client.certPem), 'pw');
  assert.equal(fp(p12.certificatePem), fp(client.certPem));
  assert.deepEqual(p12.chainPems.map(fp), [fp(pki.root.certPem)]);
});

test('a file asking for more key-derivation rounds than any real export is refused at once, before deriving', () => {
  // openssl derives 2,000,001 rounds in well under a second; forge in JavaScript would take
  // many seconds per bag (and a hostile 2^31 would take hours): the bound refuses it first.
  const rounds = String(MAX_PKCS12_ITERATIONS * 2 + 1);
  for (const flags of [['-iter', rounds], ['-maciter', '-macsaltlen', '16', '-iter', '2048'], ['-legacy', '-iter', rounds]]) {
    const file = exportP12(flags[0] === '-maciter' ? ['-iter', '2048', '-macalg', 'sha256', '-maciter'] : flags, 'pw');
    if (flags[0] === '-maciter') {
      // -maciter alone uses the same count as -iter (2,048): within the bound, imports.
      assert.equal(readPkcs12(file, 'pw').certificatePem.length > 0, true);
      continue;
    }
    refused(() => readPkcs12(file, 'pw'), 'DAMAGED_FILE', /迭代 2000001 次，超过上限/);
  }
});

test('the bound does not outlive a refused parse: a normal file imports right after', () => {
  refused(() => readPkcs12(exportP12(['-iter', String(MAX_PKCS12_ITERATIONS + 1)], 'pw'), 'pw'), 'DAMAGED_FILE', /超过上限/);
  assert.ok(readPkcs12(exportP12([], 'pw'), 'pw').privateKeyPem.includes('PRIVATE KEY'));
});
