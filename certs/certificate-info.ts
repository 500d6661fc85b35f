// What the status page, the banner and `edge-node cert show` say about a certificate
// (certificateViewSchema in common/contract/sync.ts). Expiry warnings at 30 and 7 days, as
// DESIGN.md asks: early enough for a county office to get a new certificate from the
// provincial CA, then a louder banner in the last week.
import type { CertificateView } from '../common/contract';
import { formatBeijingDate, formatBeijingDateTime, wholeDaysUntil } from './dates';
import { readCertificate, type CertificateDetails } from './x509';

export const WARN_SOON_DAYS = 30;
export const WARN_URGENT_DAYS = 7;

type Warning = CertificateView['warning'];

function warningFor(c: CertificateDetails, now: Date, revoked: boolean): { warning: Warning; warningMessage: string | null } {
  if (revoked) {
    return { warning: 'revoked', warningMessage: '证书已被吊销，数据无法上报，请向省级 CA 申请新证书' };
  }
  if (now.getTime() > c.notAfter.getTime()) {
    return { warning: 'expired', warningMessage: `证书已于 ${formatBeijingDateTime(c.notAfter)} 过期，数据无法上报，请向省级 CA 申请新证书` };
  }
  if (now.getTime() < c.notBefore.getTime()) {
    // Not in the enum of its own: it blocks uploads right now, so it gets the loud banner.
    return { warning: 'urgent', warningMessage: `证书尚未生效（生效时间 ${formatBeijingDateTime(c.notBefore)}），请检查本机的日期和时间是否正确` };
  }
  const days = wholeDaysUntil(c.notAfter, now);
  if (days <= WARN_URGENT_DAYS) {
    const when = days === 0 ? `${formatBeijingDateTime(c.notAfter)}（不足 1 天）` : `${days} 天后（${formatBeijingDate(c.notAfter)}）`;
    return { warning: 'urgent', warningMessage: `证书将于 ${when}到期，到期后数据将无法上报，请立即向省级 CA 申请新证书` };
  }
  if (days <= WARN_SOON_DAYS) {
    return { warning: 'soon', warningMessage: `证书将于 ${days} 天后（${formatBeijingDate(c.notAfter)}）到期，请尽快向省级 CA 申请新证书` };
  }
  return { warning: 'none', warningMessage: null };
}

/**
 * The view of one certificate at `now`. `revoked` comes from the last CRL (the caller
 * knows it; this function does not look for one).
 */
export function describeCertificate(pem: string | CertificateDetails, now: Date, revoked = false): CertificateView {
  const c = typeof pem === 'string' ? readCertificate(pem) : pem;
  return {
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    fingerprintSha256: c.fingerprintSha256,
    daysLeft: wholeDaysUntil(c.notAfter, now),
    ...warningFor(c, now, revoked),
  };
}
