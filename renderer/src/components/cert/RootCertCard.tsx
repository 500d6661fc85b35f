// 省级根证书: the one CA this node trusts for the exchange (pinned; never the system store).
// Pasted as PEM or read from a .pem/.crt file. Replacing a pinned root is deliberate, so it
// sits behind a button and a confirmation once one is set.
import { App, Button, Card, Form, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CertStatus } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { CertificateDetails } from './CertificateDetails';
import { CoreError } from '../CoreError';
import { PemField } from './PemField';

const MAX_ROOT_CHARS = 100_000; // the contract's limit for rootPem

export function RootCertCard({ root, onChanged }: { root: CertStatus['root'] | undefined; onChanged: (s: CertStatus) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rootPem: string }>();
  const [replacing, setReplacing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const showForm = !root || replacing;

  async function submit({ rootPem }: { rootPem: string }) {
    setBusy(true);
    setError(null);
    const r = await call('cert.setRoot', { rootPem: rootPem.trim() });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    void message.success(t('cert.root.done'));
    form.resetFields();
    setReplacing(false);
    onChanged(r.value);
  }

  const submitButton = (
    <Button type="primary" htmlType={root ? 'button' : 'submit'} loading={busy} data-testid={TID.certRootSubmit}>
      {t(root ? 'cert.root.replace' : 'cert.root.submit')}
    </Button>
  );

  return (
    <Card title={t('cert.root.title')}>
      <Typography.Paragraph type="secondary">{t('cert.root.explain')}</Typography.Paragraph>
      {root ? (
        <div data-testid={TID.certRootView}>
          <CertificateDetails cert={root} />
        </div>
      ) : (
        <Typography.Paragraph>{t('cert.root.none')}</Typography.Paragraph>
      )}
      {root && !replacing && (
        <Button onClick={() => setReplacing(true)} style={{ marginTop: 12 }} data-testid={TID.certRootReplace}>
          {t('cert.root.replace')}
        </Button>
      )}
      {showForm && (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ marginTop: root ? 16 : 0 }}>
          <PemField name="rootPem" label="cert.root.input" placeholder="cert.root.placeholder" maxChars={MAX_ROOT_CHARS} inputTestId={TID.certRootInput} fileTestId={TID.certRootFile} />
          {error && (
            <Form.Item>
              <CoreError error={error} title={t('cert.root.failed')} testId={TID.certRootError} />
            </Form.Item>
          )}
          <Space>
            {root ? (
              <Popconfirm
                title={t('cert.root.replaceConfirm')}
                okText={t('cert.root.replace')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => form.submit()}
              >
                {submitButton}
              </Popconfirm>
            ) : (
              submitButton
            )}
            {root && (
              <Button
                onClick={() => {
                  setReplacing(false);
                  setError(null);
                  form.resetFields();
                              }}
              >
                {t('common.cancel')}
              </Button>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}
