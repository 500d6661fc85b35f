// The node certificate's expiry warning across the top of every screen, for the roles that
// can act on it (administrator: renew; operator: knows why sync will stop). Checked once
// after login and every 10 minutes while someone is at the machine. A node without sync set
// up yet answers NOT_CONFIGURED: that is not a warning, so nothing is shown — and no other
// failure of this background check is worth interrupting anyone for either.
import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import type { CertificateView } from '../../../common/contract';
import { userActiveWithin } from '../activity';
import { call } from '../api';
import { onCertStatus } from '../cert-watch';
import { useI18n } from '../i18n';
import { TID } from '../testids';

const CHECK_MS = 10 * 60_000;

type Warned = CertificateView & { warning: Exclude<CertificateView['warning'], 'none'> };

export function CertExpiryBanner({ onOpen }: { onOpen?: () => void }) {
  const { t } = useI18n();
  const [cert, setCert] = useState<CertificateView | null>(null);

  useEffect(() => {
    let live = true;
    const check = async (force: boolean) => {
      // An unattended screen must not keep the session alive (see activity.ts).
      if (!force && !userActiveWithin()) return;
      const r = await call('cert.status', {});
      if (live && r.ok) setCert(r.value.certificate);
    };
    void check(true);
    const timer = window.setInterval(() => void check(false), CHECK_MS);
    const off = onCertStatus((s) => setCert(s.certificate));
    return () => {
      live = false;
      window.clearInterval(timer);
      off();
    };
  }, []);

  if (!cert || cert.warning === 'none') return null;
  const warned = cert as Warned;
  return (
    <div data-testid={TID.certExpiryBanner} data-warning={warned.warning}>
      <Alert
        banner
        type={warned.warning === 'soon' ? 'warning' : 'error'}
        title={warned.warningMessage ?? t(`cert.warning.${warned.warning}`)}
        action={
          onOpen && (
            <Button size="small" type="link" onClick={onOpen} data-testid={TID.certExpiryBannerOpen}>
              {t('banner.viewCert')}
            </Button>
          )
        }
      />
    </div>
  );
}
