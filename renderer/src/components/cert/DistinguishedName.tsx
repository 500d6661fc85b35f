// A certificate's subject or issuer, one attribute a line with its Chinese name (省, 单位,
// 统一社会信用代码 …) instead of X.509's short names; the raw form ("C=CN, ST=…") is the
// tooltip, for comparing with what openssl or the provincial CA prints.
import { Typography } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import { parseDistinguishedName } from '../../../../common/text/distinguished-name';

// serialNumber: this project's CSRs put the unit's credit code there (certs/csr.ts).
const LABELS: Record<string, MessageKey> = {
  C: 'cert.dn.C',
  ST: 'cert.dn.ST',
  L: 'cert.dn.L',
  O: 'cert.dn.O',
  OU: 'cert.dn.OU',
  CN: 'cert.dn.CN',
  serialNumber: 'cert.dn.serialNumber',
  street: 'cert.dn.street',
  title: 'cert.dn.title',
  organizationIdentifier: 'cert.dn.organizationIdentifier',
  emailAddress: 'cert.dn.emailAddress',
  DC: 'cert.dn.DC',
};

export function DistinguishedName({ dn }: { dn: string }) {
  const { t } = useI18n();
  const attributes = parseDistinguishedName(dn);
  if (attributes.length === 0) return <span style={{ wordBreak: 'break-all' }}>{dn || '—'}</span>;
  return (
    <div title={dn} style={{ wordBreak: 'break-all' }}>
      {attributes.map((a, i) => {
        const key = LABELS[a.name];
        const value = a.name === 'C' && a.value === 'CN' ? t('cert.dn.china') : a.value;
        return (
          <div key={i}>
            <Typography.Text type="secondary">{t('cert.dn.label', { label: key ? t(key) : a.name })}</Typography.Text>
            {value}
          </div>
        );
      })}
    </div>
  );
}
