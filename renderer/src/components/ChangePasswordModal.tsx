// 修改密码 for the signed-in user, from the header.
import { App, Form } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { TID, testId } from '../testids';
import { FormModal } from './FormModal';
import { ChangePasswordForm, type ChangePasswordValues } from './ChangePasswordForm';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordValues>();
  const [busy, setBusy] = useState(false);

  return (
    <FormModal form={form} busy={busy} onClose={onClose} open={open} title={t('password.title')} okText={t('password.submit')} okButtonProps={testId(TID.passwordSubmit)}>
      <ChangePasswordForm
        form={form}
        onBusy={setBusy}
        onChanged={() => {
          void message.success(t('password.done'));
          onClose();
        }}
      />
    </FormModal>
  );
}
