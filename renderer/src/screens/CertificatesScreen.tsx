// 证书管理 (admin): the node's identity for the provincial exchange, in the order the work is
// done — the node certificate's state at the top, then the pinned provincial root, a
// certificate request (CSR) for the provincial CA, and importing what the CA issues.
// The private key never reaches this screen: only the core holds it.
import { Alert, Button, Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CertStatus } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { publishCertStatus } from '../cert-watch';
import { CertificateDetails } from '../components/cert/CertificateDetails';
import { CsrCard } from '../components/cert/CsrCard';
import { ImportCertCard } from '../components/cert/ImportCertCard';
import { RootCertCard } from '../components/cert/RootCertCard';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { provinceOf } from '../provinces';
import { TID } from '../testids';

export function CertificatesScreen() {
  const { t } = useI18n();
  const [status, setStatus] = useState<CertStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [divisionCode, setDivisionCode] = useState<string | undefined>();

  const apply = useCallback((s: CertStatus) => {
    setStatus(s);
    setError(null);
    publishCertStatus(s); // the expiry banner follows at once
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await call('cert.status', {});
    setLoading(false);
    if (r.ok) apply(r.value);
    else setError(r.error);
  }, [apply]);

  useEffect(() => {
    void load();
    void call('status.get', {}).then((r) => {
      if (r.ok) setDivisionCode(r.value.divisionCode);
    });
  }, [load]);

  const cert = status?.certificate ?? null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.certs')}
        </Typography.Title>
        <Button onClick={() => void load()} loading={loading}>
          {t('common.refresh')}
        </Button>
      </Flex>
      {error && <Alert type={error.code === 'NOT_CONFIGURED' ? 'info' : 'error'} showIcon title={error.message} />}

      <Card title={t('cert.node.title')} loading={loading && !status && !error}>
        <div data-testid={TID.certStatus} data-has-cert={cert ? 'true' : 'false'} data-warning={cert?.warning ?? ''}>
          {/* The warning sentence itself is in the banner above every screen. */}
          {!cert && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('cert.node.none')}
            </Typography.Paragraph>
          )}
          <CertificateDetails
            cert={cert}
            extra={[
              {
                key: 'key',
                label: t('cert.key'),
                // keyPresent is the key in use; a CSR's new key waits until its certificate arrives.
                children: status?.keyPresent
                  ? t('cert.key.present', { bits: status.keyBits ?? '?' })
                  : status?.pendingCsrPem
                    ? t('cert.key.pending')
                    : t('cert.key.absent'),
              },
              ...(status?.pendingCsrPem ? [{ key: 'csr', label: t('cert.csr.label'), children: <Tag color="processing">{t('cert.pendingCsr')}</Tag> }] : []),
              { key: 'crl', label: t('cert.crlUpdated'), children: formatTime(status?.crlUpdatedAt) },
            ]}
          />
        </div>
      </Card>

      <RootCertCard root={status?.root} onChanged={apply} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {/* A new certificate answers the request: start the card afresh (no stale CSR shown). */}
          <CsrCard
            key={cert?.fingerprintSha256 ?? 'none'}
            defaultProvince={provinceOf(divisionCode)}
            hasCertificate={Boolean(cert)}
            pendingCsrPem={status?.pendingCsrPem}
            onGenerated={() => void load()}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ImportCertCard onImported={apply} />
        </Col>
      </Row>
    </Space>
  );
}
