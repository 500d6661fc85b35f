// 数据登记: pick a catalog resource, fill the generated form, save. After a save the form
// clears and the cursor goes back to the first item, ready for the next household.
import { Alert, App, Button, Card, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../api';
import { useCatalog } from '../catalog';
import { RecordForm, type RecordFormValues } from '../components/RecordForm';
import { ResourceInfo } from '../components/ResourceInfo';
import { useI18n } from '../i18n';
import { TID } from '../testids';

export function RegisterScreen() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { catalog, error, resourceByCode } = useCatalog();
  const [resourceCode, setResourceCode] = useState<string | undefined>();
  const [savedId, setSavedId] = useState<string | null>(null);
  const [form] = Form.useForm<RecordFormValues>();
  const resource = resourceCode ? resourceByCode(resourceCode) : undefined;

  async function save(fields: Record<string, string>) {
    if (!resource) return null;
    setSavedId(null);
    const r = await call('records.create', { resourceCode: resource.code, fields });
    if (r.ok) {
      setSavedId(r.value.id);
      void message.success(t('register.saved', { id: r.value.id }));
      form.resetFields();
      // Back to the first item for the next entry, once the cleared form has rendered.
      const first = resource.items[0];
      if (first) window.setTimeout(() => form.focusField(['fields', first.code]), 0);
      return null;
    }
    if (!r.error.fieldErrors?.length) void message.error(r.error.message);
    return r.error;
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.register')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card>
        <Form layout="vertical" style={{ maxWidth: 720 }}>
          <Form.Item label={t('resource.label')} htmlFor="resource-select" style={{ marginBottom: resource ? 12 : 0 }}>
            <Select
              id="resource-select"
              data-testid={TID.resourceSelect}
              autoFocus
              loading={!catalog && !error}
              placeholder={t('resource.placeholder')}
              value={resourceCode}
              showSearch={{ optionFilterProp: ['label', 'value'] }}
              options={(catalog?.resources ?? []).map((r) => ({ value: r.code, label: r.name }))}
              onChange={(code: string) => {
                setResourceCode(code);
                setSavedId(null);
                form.resetFields();
              }}
            />
          </Form.Item>
        </Form>
        {resource && <ResourceInfo resource={resource} />}
      </Card>
      {savedId && (
        <Alert
          type="success"
          showIcon
          closable
          data-testid={TID.recordSaved}
          data-record-id={savedId}
          title={t('register.saved', { id: savedId })}
          onClose={() => setSavedId(null)}
        />
      )}
      <Card>
        {resource ? (
          <>
            <Typography.Paragraph type="secondary">{t('register.keyboardHint')}</Typography.Paragraph>
            <RecordForm
              key={resource.code}
              resource={resource}
              form={form}
              submitLabel={t('register.submit')}
              submitTestId={TID.recordSubmit}
              errorsTestId={TID.formErrors}
              onSubmit={save}
              buttons={
                <Button onClick={() => form.resetFields()} data-testid={TID.recordReset}>
                  {t('register.reset')}
                </Button>
              }
            />
          </>
        ) : (
          <Typography.Text type="secondary">{t('register.pickFirst')}</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
