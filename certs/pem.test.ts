// Certificates as county IT actually brings them: pasted with Windows line endings, with
// openssl's explanatory text, as binary .cer, as a .p7b chain — and damaged ones.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki } from '../test/support/pki';
import { CertificateError } from './errors';
import { containsPrivateKey, parsePemBlocks, readCertificateBundle, readCertificates, readSingleCertificate, toPem } from './pem';

const pki = createTestPki();
after(() => pki.cleanup());
const client = pki.issueClient('节点-pem');

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

function damaged(run: () => unknown, detail?: RegExp) {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof CertificateError, String(e));
    assert.equal(e.code, 'DAMAGED_FILE');
    assert.match(e.message, /^文件已损坏或不是证书文件/);
    if (detail) assert.match(e.message, detail);
    return true;
  });
}

test('a bundle with CRLF, a BOM and explanatory text splits into normalised certificates', () => {
  const text = '\uFEFFsubject=CN = 节点-pem\r\n' + client.certPem.replace(/\n/g, '\r\n') + 'Bag Attributes\r\n    friendlyName: x\r\n' + pki.root.certPem.replace(/\n/g, '\r\n');
  const certs = readCertificates(text);
  assert.equal(certs.length, 2);
  assert.equal(fingerprint(certs[0]!), fingerprint(client.certPem));
  assert.equal(fingerprint(certs[1]!), fingerprint(pki.root.certPem));
  for (const pem of certs) {
    assert.doesNotMatch(pem, /\r/);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
  }
});

test('binary DER, headerless Base64 and PKCS#7 (.p7b) are read too', () => {
  const der = new X509Certificate(client.certPem).raw;
  assert.equal(fingerprint(readSingleCertificate(der)), fingerprint(client.certPem));
  assert.equal(fingerprint(readSingleCertificate(der.toString('base64').replace(/.{60}/g, '$&\r\n'))), fingerprint(client.certPem));

  const bundle = join(pki.dir, 'p7-in.pem');
  writeFileSync(bundle, client.certPem + pki.root.certPem);
  for (const form of ['PEM', 'DER']) {
    const out = join(pki.dir, `chain.p7b.${form}`);
    const made = pki.openssl(['crl2pkcs7', '-nocrl', '-certfile', bundle, '-outform', form, '-out', out]);
    assert.equal(made.status, 0, made.stderr);
    const input = form === 'PEM' ? readFileSync(out, 'utf8') : readFileSync(out);
    const certs = readCertificates(input);
    assert.deepEqual(certs.map(fingerprint).sort(), [client.certPem, pki.root.certPem].map(fingerprint).sort());
  }
});

test('private keys are reported separately and never taken for certificates', () => {
  const bundle = readCertificateBundle(client.certPem + client.keyPem);
  assert.equal(bundle.certificates.length, 1);
  assert.equal(bundle.privateKeys.length, 1);
  assert.ok(containsPrivateKey(client.keyPem));
  assert.ok(containsPrivateKey('-----BEGIN RSA PRIVATE KEY-----'));
  assert.equal(containsPrivateKey(client.certPem), false);
  damaged(() => readCertificates(client.keyPem), /只有私钥/);
});

test('garbage, empty and truncated files are DAMAGED_FILE', () => {
  damaged(() => readCertificates(''), /空/);
  damaged(() => readCertificates(Buffer.alloc(0)), /空/);
  damaged(() => readCertificates(Buffer.from([0x30, 0x82, 0x01, 0x00, 0x01, 0x02, 0x03])));
  damaged(() => readCertificates(Buffer.from('8f3a91c2d4e5f60718293a4b5c6d7e8f', 'hex')));
  damaged(() => readCertificates('这不是证书，是一段说明文字'));
  // Cut in the middle: no END line.
  damaged(() => readCertificates(client.certPem.slice(0, client.certPem.length / 2)), /缺少结尾的 END 行/);
  // END line present, but lines lost in between.
  const lines = client.certPem.split('\n');
  damaged(() => readCertificates([...lines.slice(0, 5), ...lines.slice(-3)].join('\n')));
  // Not Base64 at all.
  damaged(() => readCertificates('-----BEGIN CERTIFICATE-----\n$$$ not base64 $$$\n-----END CERTIFICATE-----\n'), /Base64/);
  // A second block starting before the first ended.
  damaged(() => readCertificates(client.certPem.replace('-----END CERTIFICATE-----\n', '') + pki.root.certPem));
  // The wrong kind of file, with a helpful word about what it is.
  damaged(() => readCertificates(pki.crlPem()), /吊销列表/);
  damaged(() => readSingleCertificate(client.certPem + pki.root.certPem), /只包含一个证书/);
});

test('a CSR given instead of the issued certificate is named as such', () => {
  const csr = pki.openssl(['req', '-new', '-key', join(pki.dir, 'root', 'key.pem'), '-subj', '/CN=x']).stdout;
  damaged(() => readCertificates(csr), /证书申请文件（CSR）/);
});

test('parsePemBlocks skips RFC 1421 headers and toPem wraps at 64 columns', () => {
  const der = Buffer.alloc(100, 7);
  const pem = toPem('TEST', der);
  assert.ok(pem.split('\n').every((l) => l.length <= 64));
  const withHeaders = pem.replace('-----BEGIN TEST-----\n', '-----BEGIN TEST-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n');
  assert.deepEqual(parsePemBlocks(withHeaders)[0]!.der, der);
});
