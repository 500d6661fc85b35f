// 新建用户 (admin): username, name, role, unit/section and an initial password (its owner
// must change it at first login). A new auditor needs another auditor's confirmation,
// except the node's first one.
import { App, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { relatedToAccount } from '../../../common/auth/related-texts';
import { ROLE_LABELS, ROLES, type Role, type UserView } from '../../../common/contract';
import { call } from '../api';
import { applyFieldErrors } from '../field-errors';
import { useRequiredRule } from '../form-rules';
import { useI18n } from '../i18n';
import { TID, testId } from '../testids';
import { FormModal } from './FormModal';
import { PasswordPairFields } from './PasswordPairFields';
import { AUDITOR_CONFIRM_FIELD, AuditorConfirmFields, auditorConfirmationOf, type AuditorConfirmValues } from './AuditorConfirmFields';

interface Values extends Partial<AuditorConfirmValues> {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  password: string;
  passwordConfirm: string;
}

const USERNAME = /^[a-zA-Z0-9_.-]{3,32}$/;
const FIELDS = ['username', 'displayName', 'role', 'unit', 'password'];

interface Props {
  open: boolean;
  defaultUnit: string;
  /** An enabled auditor exists, so a new auditor needs one's confirmation. */
  auditorMustConfirm: boolean;
  onClose: () => void;
  onCreated: (user: UserView) => void;
}

export function CreateUserModal({ open, defaultUnit, auditorMustConfirm, onClose, onCreated }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const confirming = Form.useWatch('role', form) === 'auditor' && auditorMustConfirm;
  const [busy, setBusy] = useState(false);
  const required = useRequiredRule();

  async function submit(v: Values) {
    setBusy(true);
    const r = await call('users.create', {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      role: v.role,
      unit: v.unit.trim(),
      password: v.password,
      ...(confirming ? { auditorConfirmation: auditorConfirmationOf({ auditorUsername: v.auditorUsername ?? '', auditorPassword: v.auditorPassword ?? '' }) } : {}),
    });
    setBusy(false);
    if (r.ok) {
      form.resetFields();
      onCreated(r.value);
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, (item) => (FIELDS.includes(item) ? [item] : item === 'auditorConfirmation' ? AUDITOR_CONFIRM_FIELD : undefined));
    // A taken username comes back as CONFLICT without fieldErrors: put it under the name.
    if (r.error.code === 'CONFLICT' && !r.error.fieldErrors?.length) form.setFields([{ name: 'username', errors: [r.error.message] }]);
    else if (!r.error.fieldErrors?.length || unplaced.length) void message.error(r.error.message);
  }

  return (
    <FormModal form={form} busy={busy} onClose={onClose} open={open} title={t('users.create')} okText={t('users.form.submit')} okButtonProps={testId(TID.userCreateSubmit)}>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ unit: defaultUnit }}>
        <Form.Item
          name="username"
          label={t('users.col.username')}
          extra={t('setup.username.help')}
          validateTrigger="onBlur"
          rules={[required(t('users.col.username')), { pattern: USERNAME, message: t('setup.username.invalid') }]}
        >
          <Input autoFocus autoComplete="off" spellCheck={false} data-testid={TID.userUsername} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.col.displayName')} rules={[required(t('users.col.displayName'))]}>
          <Input maxLength={50} data-testid={TID.userName} />
        </Form.Item>
        <Form.Item name="role" label={t('users.col.role')} rules={[{ required: true, message: t('users.form.rolePlaceholder') }]}>
          <Select
            data-testid={TID.userRole}
            placeholder={t('users.form.rolePlaceholder')}
            // Typing 录入员 (or clerk) then Enter picks a role without the mouse.
            showSearch={{ optionFilterProp: ['label', 'value'] }}
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang === 'en' ? 'en' : 'zh'] }))}
          />
        </Form.Item>
        <Form.Item name="unit" label={t('users.col.unit')} rules={[required(t('users.col.unit'))]}>
          <Input maxLength={100} data-testid={TID.userUnit} />
        </Form.Item>
        <PasswordPairFields
          secret={{ name: 'password', label: t('users.form.password'), testId: TID.userPassword }}
          confirm={{ name: 'passwordConfirm', label: t('users.form.passwordConfirm'), testId: TID.userPasswordConfirm }}
          // The core judges it against the new user's own name, username and unit.
          related={(field) => relatedToAccount({ username: field('username') ?? '', displayName: field('displayName') ?? '', unit: field('unit') ?? '' })}
        />
        {confirming && <AuditorConfirmFields />}
        <button type="submit" hidden />
      </Form>
    </FormModal>
  );
}
