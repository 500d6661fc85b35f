// 撤回: asks for the reason, then the core writes a tombstone version (nothing is deleted).
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { RecordView } from '../../../common/contract';
import { call } from '../api';
import { useI18n } from '../i18n';
import { TID, testId } from '../testids';

interface Props {
  open: boolean;
  record: RecordView;
  onClose: () => void;
  onDone: () => void;
}

export function WithdrawModal({ open, record, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  async function submit({ reason }: { reason: string }) {
    setBusy(true);
    const r = await call('records.withdraw', { id: record.id, baseVersion: record.version, reason: reason.trim() });
    setBusy(false);
    if (r.ok) {
      onDone();
      return;
    }
    const reasonError = r.error.fieldErrors?.find((fe) => fe.item === 'reason');
    if (reasonError) form.setFields([{ name: 'reason', errors: [reasonError.message] }]);
    else void message.error(r.error.code === 'CONFLICT' ? t('record.conflict') : r.error.message);
  }

  return (
    <Modal
      open={open}
      title={t('withdraw.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('withdraw.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy, ...testId(TID.withdrawConfirm) }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('withdraw.warning')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('withdraw.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('withdraw.reason') }) }]}
        >
          <Input autoFocus maxLength={500} placeholder={t('withdraw.reasonPlaceholder')} data-testid={TID.withdrawReason} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
