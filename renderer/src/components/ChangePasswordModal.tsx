// 修改密码 for the signed-in user, e.g. to replace the initial password the admin set.
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { relatedToAccount } from '../../../common/auth/related-texts';
import { call } from '../api';
import { applyFieldErrors } from '../field-errors';
import { sameAs } from '../form-rules';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { strengthValidator } from '../strength';
import { TID, testId } from '../testids';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    const r = await call('auth.changePassword', { currentPassword: v.currentPassword, newPassword: v.newPassword });
    setBusy(false);
    if (r.ok) {
      void message.success(t('password.done'));
      form.resetFields();
      onClose();
      return;
    }
    // The core names a too-weak new password "password" (its account-wide rule).
    const unplaced = applyFieldErrors(form, r.error, (item) =>
      item === 'currentPassword' ? [item] : item === 'newPassword' || item === 'password' ? ['newPassword'] : undefined,
    );
    if (!r.error.fieldErrors?.length || unplaced.length) void message.error(r.error.message);
  }

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
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required', { label: t('password.current') }) }]}
        >
          <Input.Password autoFocus autoComplete="current-password" data-testid={TID.passwordCurrent} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('common.required', { label: t('password.new') }) },
            // The core judges it against the signed-in user's own name, username and unit.
            { validator: strengthValidator('password', () => relatedToAccount(user), lang) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid={TID.passwordNew} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { label: t('password.confirm') }) },
            sameAs('newPassword', t('common.mismatch')),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid={TID.passwordConfirm} />
        </Form.Item>
        {/* lets Enter in the last field submit the form inside the modal */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
