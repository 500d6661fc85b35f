// The import check against openssl-made certificates: every failure the issue lists, each
// with its own code and Chinese sentence, and the order in which they are reported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createTestPki } from '../test/support/pki';
import { checkClientCertificate, checkRootCertificate, type CheckClientCertificateInput } from './client-certificate';
import { parseCrl } from './crl';
import { CertificateError, type CertificateErrorCode } from './errors';

const pki = createTestPki();
after(() => pki.cleanup());

const now = new Date();
const DAY = 86_400_000;
const good = pki.issueClient('节点-good');
const stranger = pki.issueClient('节点-stranger');
const otherCa = pki.issueClient('节点-other-ca', { issuer: 'other' });
const expired = pki.issueClient('节点-expired', { notBefore: new Date(now.getTime() - 400 * DAY), notAfter: new Date(now.getTime() - 35 * DAY) });
const future = pki.issueClient('节点-future', { notBefore: new Date(now.getTime() + 10 * DAY), days: 365 });
const noEku = pki.issueClient('节点-no-eku', { extendedKeyUsage: null });
const revoked = pki.issueClient('节点-revoked');
const revokedServer = pki.issueClient('revoked-server', { clientAuth: false });
pki.revoke(revoked.certPem);
pki.revoke(revokedServer.certPem);
const expiredRevoked = pki.issueClient('节点-expired-revoked', { notBefore: new Date(now.getTime() - 400 * DAY), notAfter: new Date(now.getTime() - 1 * DAY) });
pki.revoke(expiredRevoked.certPem);
const crl = parseCrl(pki.crlPem(), pki.root.certPem);

function check(overrides: Partial<CheckClientCertificateInput> & { certificatePem: string; privateKeyPem: string }) {
  return checkClientCertificate({ rootPem: pki.root.certPem, crl, now, ...overrides });
}

function refused(input: Partial<CheckClientCertificateInput> & { certificatePem: string; privateKeyPem: string }, code: CertificateErrorCode, message: RegExp) {
  assert.throws(
    () => check(input),
    (e: unknown) => {
      assert.ok(e instanceof CertificateError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    },
  );
}

test('the good case: an openssl-issued client certificate with its key', () => {
  const result = check({ certificatePem: good.certPem, privateKeyPem: good.keyPem });
  assert.equal(new X509Certificate(result.leafPem).fingerprint256, new X509Certificate(good.certPem).fingerprint256);
  assert.deepEqual(result.chainPems, []);
  assert.match(result.view.subject, /CN=节点-good$/);
  assert.equal(result.view.warning, 'none');
  // A copy of the root in the bundle (as many CAs ship it) is fine and not repeated in the chain.
  const withRoot = check({ certificatePem: good.certPem + pki.root.certPem, privateKeyPem: good.keyPem });
  assert.deepEqual(withRoot.chainPems, []);
  // Without a CRL, revocation is simply not checked.
  assert.ok(check({ certificatePem: good.certPem, privateKeyPem: good.keyPem, crl: undefined }));
});

test('through an intermediate, in any order; without it the chain does not reach the root', () => {
  const intermediate = pki.issueClient('海南省测试中间CA', { ca: true });
  const leaf = pki.issueUnder(intermediate, '节点-中间');
  for (const bundle of [leaf.certPem + intermediate.certPem, intermediate.certPem + leaf.certPem, pki.root.certPem + intermediate.certPem + leaf.certPem]) {
    const r = check({ certificatePem: bundle, privateKeyPem: leaf.keyPem });
    assert.equal(r.chainPems.length, 1);
    assert.equal(new X509Certificate(r.chainPems[0]!).subject.includes('海南省测试中间CA'), true);
  }
  refused({ certificatePem: leaf.certPem, privateKeyPem: leaf.keyPem }, 'UNTRUSTED_CHAIN', /证书链无法追溯到省级根证书：证书由「海南省测试中间CA」签发/);
  // A leaf certificate posing as an intermediate is not a CA.
  const fakeLeaf = pki.issueUnder(good, '节点-假中间');
  refused({ certificatePem: fakeLeaf.certPem + good.certPem, privateKeyPem: fakeLeaf.keyPem }, 'NOT_A_CA', /不是 CA 证书/);
});

test('key mismatch: the certificate of another key', () => {
  refused({ certificatePem: stranger.certPem, privateKeyPem: good.keyPem }, 'KEY_MISMATCH', /^证书与本节点密钥不匹配（可能导入了别的节点的证书/);
});

test('another CA: the chain does not reach the pinned root', () => {
  refused({ certificatePem: otherCa.certPem, privateKeyPem: otherCa.keyPem }, 'UNTRUSTED_CHAIN', /由「无关机构测试根CA」签发，与本节点设置的省级根证书「海南省电子政务外网测试根CA」对不上/);
  // Bringing the other root along does not help: trust comes only from the pinned one.
  refused({ certificatePem: otherCa.certPem + pki.otherRoot.certPem, privateKeyPem: otherCa.keyPem }, 'UNTRUSTED_CHAIN', /对不上/);
});

test('not yet valid and expired, with the dates in Beijing time', () => {
  refused({ certificatePem: future.certPem, privateKeyPem: future.keyPem }, 'NOT_YET_VALID', /^证书尚未生效（生效时间 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间））/);
  refused({ certificatePem: expired.certPem, privateKeyPem: expired.keyPem }, 'EXPIRED', /^证书已于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间） 过期，请向省级 CA 申请新证书/);
  // The root's own validity counts too (here: a clock far in the future).
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, now: new Date(now.getTime() + 4000 * DAY) }, 'EXPIRED', /^证书已于/);
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, now: new Date(now.getTime() - 2 * DAY) }, 'NOT_YET_VALID', /^证书尚未生效/);
});

test('no clientAuth: a server certificate, or no extended key usage at all', () => {
  refused({ certificatePem: pki.server.certPem, privateKeyPem: pki.server.keyPem }, 'NO_CLIENT_AUTH', /^证书未授权用于客户端身份认证（缺少 clientAuth 用途，可能导入了服务器证书）/);
  refused({ certificatePem: noEku.certPem, privateKeyPem: noEku.keyPem }, 'NO_CLIENT_AUTH', /缺少 clientAuth 用途，证书没有写明扩展密钥用法/);
  refused({ certificatePem: pki.exchangeSigning.certPem, privateKeyPem: pki.exchangeSigning.keyPem }, 'NO_CLIENT_AUTH', /clientAuth/);
});

test('revoked per the root CRL', () => {
  refused({ certificatePem: revoked.certPem, privateKeyPem: revoked.keyPem }, 'REVOKED', /^证书已被吊销（吊销列表更新时间 \d{4}年.*（北京时间））/);
  // A CRL from another CA says nothing about ours.
  const otherCrl = { ...crl, issuerFingerprintSha256: 'not-the-root' };
  assert.ok(check({ certificatePem: revoked.certPem, privateKeyPem: revoked.keyPem, crl: otherCrl }));
  assert.ok(check({ certificatePem: revoked.certPem, privateKeyPem: revoked.keyPem, crl: [otherCrl] }));
  refused({ certificatePem: revoked.certPem, privateKeyPem: revoked.keyPem, crl: [otherCrl, crl] }, 'REVOKED', /已被吊销/);
});

test('damaged files: random bytes, truncated PEM, a broken key', () => {
  refused({ certificatePem: Buffer.from('8f3a91c2d4e5f6071829', 'hex').toString('latin1'), privateKeyPem: good.keyPem }, 'DAMAGED_FILE', /^文件已损坏或不是证书文件/);
  refused({ certificatePem: good.certPem.slice(0, 300), privateKeyPem: good.keyPem }, 'DAMAGED_FILE', /缺少结尾的 END 行/);
  const lines = good.certPem.split('\n');
  refused({ certificatePem: [...lines.slice(0, 4), ...lines.slice(-3)].join('\n'), privateKeyPem: good.keyPem }, 'DAMAGED_FILE', /文件已损坏/);
  refused({ certificatePem: good.certPem, privateKeyPem: 'not a key' }, 'DAMAGED_FILE', /私钥无法读取/);
});

test('the first problem wins, in the documented order', () => {
  // Damaged before anything else, even with a wrong key.
  refused({ certificatePem: 'garbage', privateKeyPem: good.keyPem, rootPem: null }, 'DAMAGED_FILE', /文件已损坏/);
  // Another node's expired certificate: the mismatch is what matters.
  refused({ certificatePem: expired.certPem, privateKeyPem: good.keyPem }, 'KEY_MISMATCH', /不匹配/);
  // Key mismatch before a missing root.
  refused({ certificatePem: stranger.certPem, privateKeyPem: good.keyPem, rootPem: null }, 'KEY_MISMATCH', /不匹配/);
  // An expired certificate from another CA: the chain comes first.
  const otherExpired = pki.issueClient('other-expired', { issuer: 'other', notBefore: new Date(now.getTime() - 100 * DAY), notAfter: new Date(now.getTime() - DAY) });
  refused({ certificatePem: otherExpired.certPem, privateKeyPem: otherExpired.keyPem }, 'UNTRUSTED_CHAIN', /对不上/);
  // Expired before no clientAuth: an old server certificate.
  const oldServer = pki.issueClient('old-server', { clientAuth: false, notBefore: new Date(now.getTime() - 100 * DAY), notAfter: new Date(now.getTime() - DAY) });
  refused({ certificatePem: oldServer.certPem, privateKeyPem: oldServer.keyPem }, 'EXPIRED', /过期/);
  // Expired before revoked; no clientAuth before revoked.
  refused({ certificatePem: expiredRevoked.certPem, privateKeyPem: expiredRevoked.keyPem }, 'EXPIRED', /过期/);
  refused({ certificatePem: revokedServer.certPem, privateKeyPem: revokedServer.keyPem }, 'NO_CLIENT_AUTH', /clientAuth/);
});

test('the pinned root must be there, self-signed and a CA', () => {
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, rootPem: null }, 'NO_ROOT', /^尚未设置省级根证书/);
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, rootPem: '  ' }, 'NO_ROOT', /省级根证书/);
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, rootPem: pki.server.certPem }, 'NOT_A_CA', /「localhost」不是 CA 证书/);
  const intermediate = pki.issueClient('中间CA-作根', { ca: true });
  refused({ certificatePem: good.certPem, privateKeyPem: good.keyPem, rootPem: intermediate.certPem }, 'NOT_A_CA', /不是自签名的根证书/);
});

test('checkRootCertificate (cert.setRoot) returns normalised PEM and refuses what cannot anchor trust', () => {
  const pem = checkRootCertificate(pki.root.certPem.replace(/\n/g, '\r\n'), now);
  assert.equal(new X509Certificate(pem).fingerprint256, new X509Certificate(pki.root.certPem).fingerprint256);
  assert.doesNotMatch(pem, /\r/);
  const code = (run: () => unknown) => {
    try {
      run();
      return 'ok';
    } catch (e) {
      return e instanceof CertificateError ? e.code : String(e);
    }
  };
  assert.equal(code(() => checkRootCertificate(pki.server.certPem, now)), 'NOT_A_CA');
  assert.equal(code(() => checkRootCertificate('', now)), 'NO_ROOT');
  assert.equal(code(() => checkRootCertificate('junk', now)), 'DAMAGED_FILE');
  assert.equal(code(() => checkRootCertificate(pki.root.certPem + pki.otherRoot.certPem, now)), 'DAMAGED_FILE');
  assert.equal(code(() => checkRootCertificate(pki.root.certPem, new Date(now.getTime() + 4000 * DAY))), 'EXPIRED');
  assert.throws(() => checkRootCertificate(pki.root.certPem, new Date(now.getTime() + 4000 * DAY)), /^CertificateError: 省级根证书「海南省电子政务外网测试根CA」已于/);
});
