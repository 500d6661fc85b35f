// Form rules several screens share: a shared validator as a rule (so the form shows the same
// sentence the core would answer), "type it again to confirm", and 请填写….
import type { Rule } from 'antd/es/form';
import type { NamePath } from 'antd/es/form/interface';
import { useI18n } from './i18n';

/** A validator from common/catalog (or any of that shape) as a rule; its message goes under the field. */
export function checkedBy(check: (value: string) => { ok: true } | { ok: false; message: string }): Rule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const result = check(value ?? '');
      if (!result.ok) throw new Error(result.message);
    },
  };
}

/** A confirmation field: it must equal the field `other`. Empty is left to the required rule. */
export function sameAs(other: NamePath, message: string): Rule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: string | undefined) => {
      if (value && value !== getFieldValue(other)) throw new Error(message);
    },
  });
}

/** 请填写{label}: the field must be filled in; spaces alone count as empty. */
export function useRequiredRule(): (label: string) => Rule {
  const { t } = useI18n();
  return (label) => ({ required: true, whitespace: true, message: t('common.required', { label }) });
}
