// 请先修改初始密码: what an account whose password the admin set (a new account, a reset)
// sees after login. The core refuses every other call until the password is changed, so
// this page offers only the change, and signing out.
import { Alert, App, Button, Form, Space } from 'antd';
import { useState } from 'react';
import { CenteredPage } from '../components/CenteredPage';
import { ChangePasswordForm, type ChangePasswordValues } from '../components/ChangePasswordForm';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { TID } from '../testids';

export function FirstPasswordScreen({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user, logout } = useSession();
  const [form] = Form.useForm<ChangePasswordValues>();
  const [busy, setBusy] = useState(false);

  return (
    <div data-testid={TID.firstPasswordScreen} style={{ height: '100%' }}>
      <CenteredPage title={t('firstPassword.title')} width={460}>
        <Alert type="warning" showIcon title={t('firstPassword.explain', { name: user.displayName })} style={{ marginBottom: 16 }} />
        <ChangePasswordForm
          form={form}
          onBusy={setBusy}
          onChanged={() => {
            void message.success(t('firstPassword.done'));
            onChanged();
          }}
          footer={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid={TID.passwordSubmit}>
                {t('password.submit')}
              </Button>
              <Button type="link" block onClick={() => void logout()} data-testid={TID.firstPasswordLogout}>
                {t('firstPassword.logout')}
              </Button>
            </Space>
          }
        />
      </CenteredPage>
    </div>
  );
}
