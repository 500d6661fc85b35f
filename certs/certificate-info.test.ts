// The status view and its expiry warnings, with `now` injected around a certificate whose
// end date openssl wrote.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { certificateViewSchema } from '../common/contract';
import { createTestPki } from '../test/support/pki';
import { describeCertificate } from './certificate-info';
import { DAY_MS } from './dates';

const pki = createTestPki();
after(() => pki.cleanup());

const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date('2026-12-31T16:00:00Z'); // 2027-01-01 00:00 in Beijing
const cert = pki.issueClient('节点-到期', { notBefore, notAfter });
const daysBefore = (days: number) => new Date(notAfter.getTime() - days * DAY_MS);

test('the view carries what openssl says about the certificate', () => {
  const view = describeCertificate(cert.certPem, new Date('2026-06-01T00:00:00Z'));
  assert.deepEqual(certificateViewSchema.parse(view), view);
  const serial = pki.openssl(['x509', '-noout', '-serial'], { input: cert.certPem }).stdout.trim().replace(/^serial=/, '').replace(/^0+/, '');
  assert.equal(view.serialNumber, serial);
  const fp = pki.openssl(['x509', '-noout', '-fingerprint', '-sha256'], { input: cert.certPem }).stdout.trim().replace(/^.*=/, '').replace(/:/g, '').toLowerCase();
  assert.equal(view.fingerprintSha256, fp);
  assert.equal(view.notBefore, '2026-01-01T00:00:00.000Z');
  assert.equal(view.notAfter, '2026-12-31T16:00:00.000Z');
  assert.equal(view.subject, 'C=CN, ST=海南省, O=测试单位, CN=节点-到期');
  assert.match(view.issuer, /CN=海南省电子政务外网测试根CA$/);
  assert.equal(view.warning, 'none');
  assert.equal(view.warningMessage, null);
});

test('expiry warnings at 31 / 30 / 8 / 7 / 0 / −1 days', () => {
  const cases: Array<[number, number, string, RegExp | null]> = [
    [31, 31, 'none', null],
    [30, 30, 'soon', /^证书将于 30 天后（2027年1月1日）到期，请尽快向省级 CA 申请新证书$/],
    [8, 8, 'soon', /^证书将于 8 天后（2027年1月1日）到期/],
    [7, 7, 'urgent', /^证书将于 7 天后（2027年1月1日）到期，到期后数据将无法上报，请立即向省级 CA 申请新证书$/],
    [0.5, 0, 'urgent', /^证书将于 2027年1月1日 00:00（北京时间）（不足 1 天）到期/],
    [0, 0, 'urgent', /不足 1 天/],
    [-1, -1, 'expired', /^证书已于 2027年1月1日 00:00（北京时间） 过期，数据无法上报/],
    [-0.001, -1, 'expired', /已于/],
  ];
  for (const [before, daysLeft, warning, message] of cases) {
    const view = describeCertificate(cert.certPem, daysBefore(before));
    assert.equal(view.daysLeft, daysLeft, `${before} days before`);
    assert.equal(view.warning, warning, `${before} days before`);
    if (message) assert.match(view.warningMessage ?? '', message);
    else assert.equal(view.warningMessage, null);
    certificateViewSchema.parse(view);
  }
});

test('revoked wins over everything; not yet valid gets the loud banner', () => {
  const revoked = describeCertificate(cert.certPem, daysBefore(100), true);
  assert.equal(revoked.warning, 'revoked');
  assert.match(revoked.warningMessage ?? '', /已被吊销/);
  assert.equal(describeCertificate(cert.certPem, daysBefore(-10), true).warning, 'revoked');

  const early = describeCertificate(cert.certPem, new Date('2025-12-31T00:00:00Z'));
  assert.equal(early.warning, 'urgent');
  assert.match(early.warningMessage ?? '', /^证书尚未生效（生效时间 2026年1月1日 08:00（北京时间））/);
});
