// 解锁节点: shown when the node is set up but this machine cannot unseal its database key
// (a new computer, no OS keyring, a lost key file). The recovery passphrase opens it.
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../api';
import { CenteredPage } from '../components/CenteredPage';
import { useI18n, type MessageKey } from '../i18n';
import { TID } from '../testids';

interface Props {
  reason: string | null;
  onUnlocked: (notice: MessageKey) => void;
}

export function UnlockScreen({ reason, onUnlocked }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ passphrase: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit({ passphrase }: { passphrase: string }) {
    setBusy(true);
    setError(null);
    const r = await call('setup.unlock', { recoveryPassphrase: passphrase });
    setBusy(false);
    if (r.ok) return onUnlocked(r.value.hostKeyProtection ? 'unlock.done' : 'unlock.doneNoHostKey');
    setError(r.error.message);
    form.setFieldValue('passphrase', '');
  }

  return (
    <CenteredPage title={t('unlock.title')} width={480}>
      <Typography.Paragraph>{t('unlock.explain')}</Typography.Paragraph>
      {reason && <Typography.Paragraph type="secondary">{t('unlock.reason', { reason })}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={TID.unlockError} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="passphrase"
          label={t('unlock.passphrase')}
          rules={[{ required: true, message: t('common.required', { label: t('unlock.passphrase') }) }]}
        >
          <Input.Password autoFocus autoComplete="off" data-testid={TID.unlockPassphrase} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid={TID.unlockSubmit}>
          {t('unlock.submit')}
        </Button>
      </Form>
    </CenteredPage>
  );
}
