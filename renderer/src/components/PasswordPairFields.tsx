// A new secret typed twice: the account password (新建用户, 修改密码, 首次设置) or the recovery
// passphrase (首次设置). The first field is judged by the core's own strength rule, so its
// message is the one the core would answer; the second must match it (两次输入的密码不一致).
import { Form, Input } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { ReactNode } from 'react';
import type { SecretKind } from '../../../common/auth/password-strength';
import { sameAs, useRequiredRule } from '../form-rules';
import { useI18n } from '../i18n';
import { strengthValidator } from '../strength';

/** Reads a text field of the same form when the rule runs (what was typed by then). */
export type FieldReader = (name: NamePath) => string | undefined;

/** One of the two fields: where its value goes in the form, what it is called, its test id. */
export interface PairField {
  name: NamePath;
  label: string;
  testId: string;
}

interface Props {
  secret: PairField;
  confirm: PairField;
  /** Which of the core's rules judges it. */
  kind?: SecretKind;
  /** What the core judges it against (user name, display name, unit…), read when it checks. */
  related: (field: FieldReader) => readonly string[];
  /** Under the first field; the rule in words unless given (the passphrase adds its meter). */
  extra?: ReactNode;
  maxLength?: number;
}

const MISMATCH_KEY = { password: 'password.mismatch', recoveryPassphrase: 'setup.passphrase.mismatch' } as const;
const RULE_KEY = { password: 'password.rule', recoveryPassphrase: 'setup.passphrase.rule' } as const;

export function PasswordPairFields({ secret, confirm, kind = 'password', related, extra, maxLength }: Props) {
  const { t, lang } = useI18n();
  const required = useRequiredRule();
  return (
    <>
      <Form.Item
        name={secret.name}
        label={secret.label}
        extra={extra ?? t(RULE_KEY[kind])}
        rules={[required(secret.label), ({ getFieldValue }) => ({ validator: strengthValidator(kind, () => related(getFieldValue), lang) })]}
      >
        <Input.Password autoComplete="new-password" maxLength={maxLength} data-testid={secret.testId} />
      </Form.Item>
      <Form.Item
        name={confirm.name}
        label={confirm.label}
        dependencies={[secret.name]}
        rules={[required(confirm.label), sameAs(secret.name, t(MISMATCH_KEY[kind]))]}
      >
        <Input.Password autoComplete="new-password" maxLength={maxLength} data-testid={confirm.testId} />
      </Form.Item>
    </>
  );
}
