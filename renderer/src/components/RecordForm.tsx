// The form generated from a catalog resource, used both to register (数据登记) and to
// correct (更正) a record. It owns the submit cycle: per-field validation, a final
// validateRecord over the whole record (the core's own check), and placing the core's
// fieldErrors under their fields if the core still disagrees.
import { Alert, Button, Form, Space, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import type { DivisionContext } from '../../../common/catalog/node-division';
import { validateRecord } from '../../../common/catalog/validate-record';
import type { ApiError, Resource } from '../api';
import { useCatalog } from '../catalog';
import { applyFieldErrors } from '../field-errors';
import { useI18n } from '../i18n';
import { useNodeDivision } from '../node-division';
import { ItemField } from './ItemField';

export interface RecordFormValues {
  fields: Record<string, string | undefined>;
  /** Extra inputs a caller adds (the 更正原因), outside the record's own fields. */
  reason?: string;
}

interface Props {
  resource: Resource;
  form: FormInstance<RecordFormValues>;
  initialFields?: Record<string, string>;
  /** Rendered after the items, inside the same form (so Enter and Tab order still work). */
  extra?: ReactNode;
  submitLabel: string;
  submitTestId: string;
  /** More buttons next to submit (e.g. 清空). */
  buttons?: ReactNode;
  /** Returns the core's error, or null when saved. */
  onSubmit: (fields: Record<string, string>, values: RecordFormValues) => Promise<ApiError | null>;
  errorsTestId?: string;
}

export function RecordForm(props: Props) {
  const { resource, form, initialFields, extra, submitLabel, submitTestId, buttons, onSubmit, errorsTestId } = props;
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const known = new Set(resource.items.map((i) => i.code));
  // What the core checks division codes against: the node's division and the catalog's
  // table. Until status.get answers, the form checks structure only (the core still checks).
  const { catalog } = useCatalog();
  const nodeDivision = useNodeDivision();
  const division: DivisionContext | undefined = nodeDivision ? { nodeDivision, divisions: catalog?.divisions } : undefined;

  async function finish(values: RecordFormValues) {
    setOtherErrors([]);
    const raw: Record<string, string> = {};
    for (const item of resource.items) raw[item.code] = values.fields?.[item.code] ?? '';
    const checked = validateRecord(resource, raw, division);
    if (!checked.ok) {
      const error: ApiError = { code: 'VALIDATION', message: '', fieldErrors: checked.errors };
      setOtherErrors(applyFieldErrors(form, error, (item) => (known.has(item) ? ['fields', item] : undefined)));
      return;
    }
    setBusy(true);
    const error = await onSubmit(checked.fields, values);
    setBusy(false);
    if (!error) return;
    if (error.fieldErrors?.length) {
      const unplaced = applyFieldErrors(form, error, (item) =>
        known.has(item) ? ['fields', item] : item === 'reason' ? ['reason'] : undefined,
      );
      setOtherErrors(unplaced.length ? [error.message, ...unplaced] : []);
      const first = error.fieldErrors.find((fe) => known.has(fe.item));
      if (first) form.focusField(['fields', first.item]);
    }
  }

  return (
    <Form<RecordFormValues>
      form={form}
      layout="vertical"
      initialValues={{ fields: initialFields ?? {} }}
      onFinish={(v) => void finish(v)}
      scrollToFirstError={{ focus: true }}
      // An error, once shown, is re-checked as the clerk fixes the value so it goes away
      // at the right moment instead of lingering until the next blur.
      onValuesChange={(changed: Partial<RecordFormValues>) => {
        for (const code of Object.keys(changed.fields ?? {})) {
          if (form.getFieldError(['fields', code]).length > 0) void form.validateFields([['fields', code]]).catch(() => undefined);
        }
      }}
      style={{ maxWidth: 720 }}
    >
      {otherErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid={errorsTestId}
          title={t('form.otherErrors')}
          description={otherErrors.map((m, i) => <div key={i}>{m}</div>)}
          style={{ marginBottom: 16 }}
        />
      )}
      {resource.items.map((item) => (
        <ItemField key={item.code} item={item} division={division} />
      ))}
      {extra}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={submitTestId}>
          {submitLabel}
        </Button>
        {buttons}
      </Space>
    </Form>
  );
}
