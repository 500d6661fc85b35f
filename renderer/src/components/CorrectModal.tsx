// 更正: the generated form prefilled with the current version, plus a required reason.
// baseVersion is the version the clerk is looking at, so the core refuses the correction
// (CONFLICT) if someone else changed the record in the meantime instead of losing their work.
import { App, Form, Input, Modal } from 'antd';
import type { RecordView } from '../../../common/contract';
import { call, type Resource } from '../api';
import { useI18n } from '../i18n';
import { TID } from '../testids';
import { RecordForm, type RecordFormValues } from './RecordForm';

interface Props {
  open: boolean;
  record: RecordView;
  resource: Resource;
  onClose: () => void;
  onDone: (updated: RecordView) => void;
}

export function CorrectModal({ open, record, resource, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordFormValues>();

  async function submit(fields: Record<string, string>, values: RecordFormValues) {
    const r = await call('records.correct', {
      id: record.id,
      baseVersion: record.version,
      fields,
      reason: (values.reason ?? '').trim(),
    });
    if (r.ok) {
      onDone(r.value);
      return null;
    }
    // CONFLICT without fieldErrors: someone corrected the record since it was opened.
    // (A duplicate key is also CONFLICT, but names its field, and shows under it.)
    if (r.error.fieldErrors?.length) return r.error;
    void message.error(r.error.code === 'CONFLICT' ? t('record.conflict') : r.error.message);
    return r.error;
  }

  return (
    <Modal open={open} title={`${t('correct.title')} · ${resource.name}`} onCancel={onClose} footer={null} width={780} destroyOnHidden>
      <RecordForm
        resource={resource}
        form={form}
        initialFields={record.fields}
        submitLabel={t('correct.submit')}
        submitTestId={TID.correctSubmit}
        onSubmit={submit}
        extra={
          <Form.Item
            name="reason"
            label={t('correct.reason')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('correct.reason') }) }]}
          >
            <Input maxLength={500} placeholder={t('correct.reasonPlaceholder')} data-testid={TID.correctReason} />
          </Form.Item>
        }
      />
    </Modal>
  );
}
