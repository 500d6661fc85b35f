// The fields of 修改密码 and what happens on submit, shared by the header's modal and the
// first-login page (an account on the admin's initial password). The core's field errors are
// placed under their fields; anything else is a message.
import { App, Form, Input, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { relatedToAccount } from '../../../common/auth/related-texts';
import { call } from '../api';
import { applyFieldErrors } from '../field-errors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { TID } from '../testids';
import { PasswordPairFields } from './PasswordPairFields';

export interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

interface Props {
  form: FormInstance<ChangePasswordValues>;
  onBusy: (busy: boolean) => void;
  onChanged: () => void;
  /** Below the fields: a submit button, or nothing when a modal's OK submits. */
  footer?: ReactNode;
}

export function ChangePasswordForm({ form, onBusy, onChanged, footer }: Props) {
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();

  async function submit(v: ChangePasswordValues) {
    onBusy(true);
    const r = await call('auth.changePassword', { currentPassword: v.currentPassword, newPassword: v.newPassword });
    onBusy(false);
    if (r.ok) {
      form.resetFields();
      onChanged();
      return;
    }
    // The core names a too-weak new password "password" (its account-wide rule).
    const unplaced = applyFieldErrors(form, r.error, (item) =>
      item === 'currentPassword' ? [item] : item === 'newPassword' || item === 'password' ? ['newPassword'] : undefined,
    );
    if (!r.error.fieldErrors?.length || unplaced.length) void message.error(r.error.message);
  }

  return (
    <Form<ChangePasswordValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('common.required', { label: t('password.current') }) }]}
      >
        <Input.Password autoFocus autoComplete="current-password" data-testid={TID.passwordCurrent} />
      </Form.Item>
      <PasswordPairFields
        secret={{ name: 'newPassword', label: t('password.new'), testId: TID.passwordNew }}
        confirm={{ name: 'confirm', label: t('password.confirm'), testId: TID.passwordConfirm }}
        // The core judges it against the signed-in user's own name, username and unit.
        related={() => relatedToAccount(user)}
      />
      {footer ?? <button type="submit" hidden /> /* lets Enter in the last field submit the form inside a modal */}
    </Form>
  );
}
