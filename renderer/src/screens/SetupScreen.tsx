// 首次设置: the node's identity, the first administrator and the recovery passphrase.
// The credit code and division code are checked with the catalog's own validators, so the
// form says exactly what the core would say.
import { Alert, Button, Checkbox, Form, Input, Typography } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useState } from 'react';
import { relatedToAccount, relatedToNode, type NodeFacts } from '../../../common/auth/related-texts';
import { validateCreditCode } from '../../../common/catalog/credit-code';
import { validateDivisionCode } from '../../../common/catalog/division-code';
import { call } from '../api';
import { CenteredPage } from '../components/CenteredPage';
import { PassphraseMeter } from '../components/PassphraseMeter';
import { PasswordPairFields } from '../components/PasswordPairFields';
import { applyFieldErrors } from '../field-errors';
import { checkedBy, useRequiredRule } from '../form-rules';
import { useI18n } from '../i18n';
import { TID } from '../testids';

interface Values {
  unitName: string;
  creditCode: string;
  divisionCode: string;
  admin: { username: string; displayName: string; password: string; passwordConfirm: string };
  recoveryPassphrase: string;
  recoveryPassphraseConfirm: string;
  ack: boolean;
}

/** Same pattern as the contract's username schema, checked here for an early message. */
const USERNAME = /^[a-zA-Z0-9_.-]{3,32}$/;

/** The core names fields by input path ("admin.username"); bare admin names are accepted too. */
function toField(item: string): NamePath | undefined {
  const path = item.split('.');
  const top = path[0] ?? '';
  if (['unitName', 'creditCode', 'divisionCode', 'recoveryPassphrase'].includes(top)) return [top];
  if (top === 'admin' && path[1]) return ['admin', path[1]];
  if (['username', 'displayName', 'password'].includes(top)) return ['admin', top];
  return undefined;
}

/** The node's identity as setup sends it: trimmed, codes in their checked form. */
function nodeFacts(v: Partial<Values>): NodeFacts {
  const credit = validateCreditCode(v.creditCode ?? '');
  const division = validateDivisionCode(v.divisionCode ?? '', 'either');
  return {
    unitName: (v.unitName ?? '').trim(),
    creditCode: credit.ok ? credit.value : (v.creditCode ?? ''),
    divisionCode: division.ok ? division.value : (v.divisionCode ?? ''),
    admin: { username: (v.admin?.username ?? '').trim(), displayName: (v.admin?.displayName ?? '').trim() },
  };
}

// What the core judges the two secrets against (node-setup calls the same two functions).
function relatedToPassphrase(v: Partial<Values>): string[] {
  return relatedToNode(nodeFacts(v));
}
function relatedToAdminPassword(v: Partial<Values>): string[] {
  const node = nodeFacts(v);
  return relatedToAccount({ ...node.admin, unit: node.unitName });
}

/** `onRestore`: 从备份恢复 instead (a replacement for a lost machine). */
export function SetupScreen({ onDone, onRestore }: { onDone: (unitName: string, hostKeyProtection: boolean) => void; onRestore?: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const passphrase = Form.useWatch('recoveryPassphrase', form) ?? '';
  const passphraseRelated = Form.useWatch(relatedToPassphrase, form) ?? [];
  const current = () => form.getFieldsValue(true) as Partial<Values>;
  const required = useRequiredRule();

  async function submit(v: Values) {
    setBusy(true);
    setErrors([]);
    const identity = nodeFacts(v);
    const r = await call('setup.initialize', {
      ...identity,
      admin: { ...identity.admin, password: v.admin.password },
      recoveryPassphrase: v.recoveryPassphrase,
    });
    setBusy(false);
    if (r.ok) {
      onDone(v.unitName.trim(), r.value.hostKeyProtection);
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, toField);
    setErrors(r.error.fieldErrors?.length && unplaced.length === 0 ? [] : [r.error.message, ...unplaced]);
  }

  return (
    <CenteredPage title={t('setup.title')} width={640}>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      {onRestore && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('setup.restoreHint')}
          action={
            <Button size="small" onClick={onRestore} data-testid={TID.setupRestore}>
              {t('setup.restoreFromBackup')}
            </Button>
          }
        />
      )}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid={TID.setupError}
          title={errors[0]}
          description={errors.length > 1 ? errors.slice(1).join('；') : undefined}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError={{ focus: true }}
        initialValues={{ ack: false }}
      >
        <Typography.Title level={5}>{t('setup.section.unit')}</Typography.Title>
        <Form.Item name="unitName" label={t('setup.unitName')} rules={[required(t('setup.unitName')), { max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid={TID.setupUnitName} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('setup.creditCode')}
          extra={t('setup.creditCode.help')}
          validateTrigger="onBlur"
          rules={[checkedBy(validateCreditCode)]}
          required
        >
          <Input autoComplete="off" spellCheck={false} data-testid={TID.setupCreditCode} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('setup.divisionCode')}
          extra={t('setup.divisionCode.help')}
          validateTrigger="onBlur"
          rules={[checkedBy((value) => validateDivisionCode(value, 'either'))]}
          required
        >
          <Input autoComplete="off" spellCheck={false} inputMode="numeric" data-testid={TID.setupDivisionCode} />
        </Form.Item>

        <Typography.Title level={5}>{t('setup.section.admin')}</Typography.Title>
        <Form.Item
          name={['admin', 'username']}
          label={t('setup.username')}
          extra={t('setup.username.help')}
          validateTrigger="onBlur"
          rules={[required(t('setup.username')), { pattern: USERNAME, message: t('setup.username.invalid') }]}
        >
          <Input autoComplete="off" spellCheck={false} data-testid={TID.setupAdminUsername} />
        </Form.Item>
        <Form.Item name={['admin', 'displayName']} label={t('setup.displayName')} rules={[required(t('setup.displayName'))]}>
          <Input maxLength={50} data-testid={TID.setupAdminName} />
        </Form.Item>
        <PasswordPairFields
          secret={{ name: ['admin', 'password'], label: t('setup.password'), testId: TID.setupAdminPassword }}
          confirm={{ name: ['admin', 'passwordConfirm'], label: t('setup.passwordConfirm'), testId: TID.setupAdminPasswordConfirm }}
          related={() => relatedToAdminPassword(current())}
        />

        <Typography.Title level={5}>{t('setup.section.recovery')}</Typography.Title>
        <Alert
          type="warning"
          showIcon
          title={t('setup.warning.title')}
          description={t('setup.warning.body')}
          style={{ marginBottom: 16 }}
        />
        <PasswordPairFields
          secret={{ name: 'recoveryPassphrase', label: t('setup.passphrase'), testId: TID.setupPassphrase }}
          confirm={{ name: 'recoveryPassphraseConfirm', label: t('setup.passphraseConfirm'), testId: TID.setupPassphraseConfirm }}
          kind="recoveryPassphrase"
          related={() => relatedToPassphrase(current())}
          extra={
            <>
              <PassphraseMeter value={passphrase} related={passphraseRelated} />
              <div>{t('setup.passphrase.rule')}</div>
            </>
          }
          maxLength={1024}
        />
        <Form.Item
          name="ack"
          valuePropName="checked"
          rules={[
            {
              validator: async (_r, value: boolean | undefined) => {
                if (!value) throw new Error(t('setup.ack.required'));
              },
            },
          ]}
        >
          <Checkbox data-testid={TID.setupPassphraseAck}>{t('setup.ack')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid={TID.setupSubmit}>
          {t('setup.submit')}
        </Button>
      </Form>
    </CenteredPage>
  );
}
