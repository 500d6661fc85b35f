// What an administrator checks on a certificate: who it names, who issued it, its serial,
// validity and days left, and the SHA-256 fingerprint to compare with the CA's by phone.
import { Descriptions, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { CertificateView } from '../../../../common/contract';
import { formatTime } from '../../format';
import { useI18n, type Translate } from '../../i18n';
import { DistinguishedName } from './DistinguishedName';

const WARNING_COLOUR: Record<CertificateView['warning'], string> = {
  none: 'green',
  soon: 'gold',
  urgent: 'red',
  expired: 'red',
  revoked: 'red',
};

export function CertWarningTag({ warning }: { warning: CertificateView['warning'] }) {
  const { t } = useI18n();
  return (
    <Tag color={WARNING_COLOUR[warning]} data-warning={warning}>
      {t(`cert.warning.${warning}`)}
    </Tag>
  );
}

/** "AB:CD:…" in groups, so it wraps and can be read aloud in pairs. */
function fingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return clean.match(/.{1,2}/g)?.join(':') ?? hex;
}

type Items = NonNullable<DescriptionsProps['items']>;

/** `extra` rows (key size, CRL date…) follow the certificate's own. */
export function CertificateDetails({ cert, extra = [] }: { cert: CertificateView | null; extra?: Items }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={1}
      styles={{ label: { width: 140 } }}
      items={[...(cert ? certificateItems(cert, t) : []), ...extra]}
    />
  );
}

function certificateItems(cert: CertificateView, t: Translate): Items {
  return [
    {
      key: 'state',
      label: t('cert.state'),
      children: <CertWarningTag warning={cert.warning} />,
    },
    { key: 'subject', label: t('cert.subject'), children: <DistinguishedName dn={cert.subject} /> },
    { key: 'issuer', label: t('cert.issuer'), children: <DistinguishedName dn={cert.issuer} /> },
    { key: 'serial', label: t('cert.serial'), children: <span className="edge-mono" style={{ wordBreak: 'break-all' }}>{cert.serialNumber}</span> },
    { key: 'validity', label: t('cert.validity'), children: `${formatTime(cert.notBefore)} — ${formatTime(cert.notAfter)}` },
    {
      key: 'days',
      label: t('cert.daysLeft'),
      children: (
        <Typography.Text type={cert.warning === 'none' ? undefined : cert.warning === 'soon' ? 'warning' : 'danger'}>
          {t('cert.daysLeftValue', { n: cert.daysLeft })}
        </Typography.Text>
      ),
    },
    {
      key: 'fp',
      label: t('cert.fingerprint'),
      children: (
        <Typography.Text className="edge-mono" style={{ wordBreak: 'break-all', fontSize: 12 }} copyable={{ text: fingerprint(cert.fingerprintSha256) }}>
          {fingerprint(cert.fingerprintSha256)}
        </Typography.Text>
      ),
    },
  ];
}
