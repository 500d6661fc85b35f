// The confirming auditor's user name and password, inside the admin's form: a change to an
// auditor account (create, enable, disable) needs another auditor to confirm it on the spot
// (separation of duties). The auditor types these themselves; the core checks and records it.
import { Form, Input, Typography } from 'antd';
import type { AuditorConfirmation } from '../../../common/contract';
import { useRequiredRule } from '../form-rules';
import { useI18n } from '../i18n';
import { TID } from '../testids';

export interface AuditorConfirmValues {
  auditorUsername: string;
  auditorPassword: string;
}

/** The confirmation the core takes, from the form's values. */
export function auditorConfirmationOf(v: AuditorConfirmValues): AuditorConfirmation {
  return { username: v.auditorUsername.trim(), password: v.auditorPassword };
}

/** Where the core's refusal of a confirmation goes: under the password (the message says what was wrong). */
export const AUDITOR_CONFIRM_FIELD = 'auditorPassword';

export function AuditorConfirmFields() {
  const { t } = useI18n();
  const required = useRequiredRule();
  return (
    <>
      <Typography.Title level={5}>{t('users.auditor.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('users.auditor.explain')}</Typography.Paragraph>
      <Form.Item name="auditorUsername" label={t('users.auditor.username')} rules={[required(t('users.auditor.username'))]}>
        <Input autoComplete="off" spellCheck={false} data-testid={TID.auditorConfirmUsername} />
      </Form.Item>
      <Form.Item name={AUDITOR_CONFIRM_FIELD} label={t('users.auditor.password')} rules={[required(t('users.auditor.password'))]}>
        {/* Not the browser's saved password: the auditor types their own. */}
        <Input.Password autoComplete="off" data-testid={TID.auditorConfirmPassword} />
      </Form.Item>
    </>
  );
}
