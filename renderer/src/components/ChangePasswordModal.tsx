// 修改密码 for the signed-in user, from the header.
import { App, Form, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { TID, testId } from '../testids';
import { ChangePasswordForm, type ChangePasswordValues } from './ChangePasswordForm';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordValues>();
  const [busy, setBusy] = useState(false);

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      okButtonProps={testId(TID.passwordSubmit)}
      destroyOnHidden
    >
      <ChangePasswordForm
        form={form}
        onBusy={setBusy}
        onChanged={() => {
          void message.success(t('password.done'));
          onClose();
        }}
      />
    </Modal>
  );
}
