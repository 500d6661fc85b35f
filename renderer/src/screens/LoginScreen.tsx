// 登录. LOGIN_FAILED and ACCOUNT_LOCKED are shown with the core's own message: it says how
// long a lock lasts, which the UI cannot know.
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { SessionUser } from '../../../common/contract';
import { call } from '../api';
import { CenteredPage } from '../components/CenteredPage';
import { useI18n, type MessageKey } from '../i18n';
import { TID } from '../testids';

interface Props {
  unitName: string;
  notice: MessageKey | undefined;
  /** `mustChangePassword`: the admin set this password; the first-login page comes next. */
  onLoggedIn: (user: SessionUser, idleTimeoutMinutes: number, mustChangePassword: boolean) => void;
}

interface Values {
  username: string;
  password: string;
}

export function LoginScreen({ unitName, notice, onLoggedIn }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    const r = await call('auth.login', { username: values.username.trim(), password: values.password });
    setBusy(false);
    if (r.ok) {
      onLoggedIn(r.value.user, r.value.idleTimeoutMinutes, r.value.mustChangePassword);
      return;
    }
    setError(r.error.message);
    form.setFieldValue('password', '');
  }

  return (
    <CenteredPage title={t('login.title')} width={420}>
      {unitName && (
        <Typography.Paragraph type="secondary" data-testid={TID.loginUnit}>
          {unitName}
        </Typography.Paragraph>
      )}
      {notice && !error && (
        <Alert type="info" showIcon title={t(notice)} style={{ marginBottom: 16 }} data-testid={TID.loginNotice} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={TID.loginError} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('login.username')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('login.username') }) }]}
        >
          <Input autoFocus autoComplete="username" data-testid={TID.loginUsername} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('common.required', { label: t('login.password') }) }]}
        >
          <Input.Password autoComplete="current-password" data-testid={TID.loginPassword} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid={TID.loginSubmit}>
          {t('login.submit')}
        </Button>
      </Form>
    </CenteredPage>
  );
}
