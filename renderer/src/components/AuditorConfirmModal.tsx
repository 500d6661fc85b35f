// Enabling or disabling an auditor account from 用户管理: the admin's click opens this, and
// another auditor confirms with their own user name and password before the change is sent.
import { App, Form } from 'antd';
import { useState } from 'react';
import type { UserView } from '../../../common/contract';
import { call } from '../api';
import { applyFieldErrors } from '../field-errors';
import { useI18n } from '../i18n';
import { TID, testId } from '../testids';
import { FormModal } from './FormModal';
import { AUDITOR_CONFIRM_FIELD, AuditorConfirmFields, auditorConfirmationOf, type AuditorConfirmValues } from './AuditorConfirmFields';

interface Props {
  /** The auditor account to enable or disable; null when closed. */
  target: UserView | null;
  onClose: () => void;
  onDone: (target: UserView) => void;
}

export function AuditorConfirmModal({ target, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AuditorConfirmValues>();
  const [busy, setBusy] = useState(false);
  const disabling = target ? !target.disabled : false;

  async function submit(v: AuditorConfirmValues) {
    if (!target) return;
    setBusy(true);
    const r = await call('users.setDisabled', { username: target.username, disabled: disabling, auditorConfirmation: auditorConfirmationOf(v) });
    setBusy(false);
    if (r.ok) {
      form.resetFields();
      onDone(target);
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, (item) => (item === 'auditorConfirmation' ? AUDITOR_CONFIRM_FIELD : undefined));
    if (!r.error.fieldErrors?.length || unplaced.length) void message.error(r.error.message);
  }

  return (
    <FormModal
      form={form}
      busy={busy}
      onClose={onClose}
      open={target !== null}
      title={target ? t(disabling ? 'users.disableTitle' : 'users.enableTitle', { name: target.displayName }) : ''}
      okText={t('users.auditor.submit')}
      okButtonProps={{ ...testId(TID.auditorConfirmSubmit), danger: disabling }}
    >
      <Form<AuditorConfirmValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <AuditorConfirmFields />
        <button type="submit" hidden />
      </Form>
    </FormModal>
  );
}
