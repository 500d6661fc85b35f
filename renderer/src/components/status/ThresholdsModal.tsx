// 阈值设置 (admin): the numbers behind the tiles' colours, grouped by tile, each with its
// unit. The core checks them (ranges, and that red is stricter than yellow) and answers in
// Chinese; its field errors land under the fields, anything else above the form.
import { Alert, App, Divider, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { StatusThresholds } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { applyFieldErrors } from '../../field-errors';
import { useI18n, type MessageKey } from '../../i18n';
import { TID, testId, thresholdTestId } from '../../testids';

type Key = keyof StatusThresholds;
type Unit = 'times' | 'hours' | 'days' | 'mib';

interface Field {
  key: Key;
  unit: Unit;
  /** Whole numbers only where the contract says int. */
  integer: boolean;
  min: number;
  max: number;
}

// Ranges mirror statusThresholdsSchema, so most mistakes are caught before the call.
const GROUPS: { title: MessageKey; fields: Field[] }[] = [
  {
    title: 'dash.tile.link',
    fields: [
      { key: 'linkYellowFailures', unit: 'times', integer: true, min: 1, max: 1000 },
      { key: 'linkRedFailures', unit: 'times', integer: true, min: 1, max: 1000 },
      { key: 'linkYellowHours', unit: 'hours', integer: false, min: 0.1, max: 720 },
      { key: 'linkRedHours', unit: 'hours', integer: false, min: 0.1, max: 720 },
    ],
  },
  {
    title: 'dash.tile.certificate',
    fields: [
      { key: 'certYellowDays', unit: 'days', integer: true, min: 1, max: 365 },
      { key: 'certRedDays', unit: 'days', integer: true, min: 0, max: 365 },
    ],
  },
  {
    title: 'dash.tile.queue',
    fields: [
      { key: 'queueYellowHours', unit: 'hours', integer: false, min: 0.1, max: 720 },
      { key: 'queueRedHours', unit: 'hours', integer: false, min: 0.1, max: 2160 },
    ],
  },
  {
    title: 'dash.tile.backup',
    fields: [
      { key: 'backupYellowHours', unit: 'hours', integer: false, min: 1, max: 2160 },
      { key: 'backupRedHours', unit: 'hours', integer: false, min: 1, max: 2160 },
      { key: 'verifyYellowDays', unit: 'days', integer: true, min: 1, max: 365 },
      { key: 'uploadYellowDays', unit: 'days', integer: true, min: 1, max: 365 },
    ],
  },
  { title: 'dash.tile.catalog', fields: [{ key: 'catalogYellowDays', unit: 'days', integer: true, min: 1, max: 365 }] },
  {
    title: 'dash.tile.disk',
    fields: [
      { key: 'diskYellowFreeMiB', unit: 'mib', integer: true, min: 1, max: 10_000_000 },
      { key: 'diskRedFreeMiB', unit: 'mib', integer: true, min: 1, max: 10_000_000 },
    ],
  },
];
const KEYS = new Set<string>(GROUPS.flatMap((g) => g.fields.map((f) => f.key)));

interface Props {
  thresholds: StatusThresholds;
  onClose: () => void;
  onSaved: (thresholds: StatusThresholds) => void;
}

export function ThresholdsModal({ thresholds, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<StatusThresholds>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function save(values: StatusThresholds) {
    setBusy(true);
    setError(null);
    const r = await call('status.setThresholds', values);
    setBusy(false);
    if (r.ok) {
      void message.success(t('dash.thresholds.saved'));
      onSaved(r.value);
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, (item) => (KEYS.has(item) ? [item] : undefined));
    if (!r.error.fieldErrors?.length || unplaced.length > 0) setError(r.error);
  }

  return (
    <Modal
      open
      title={t('dash.thresholds.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={testId(TID.statusThresholdsSubmit)}
      width={640}
      destroyOnHidden
    >
      <div data-testid={TID.statusThresholdsModal}>
        <Typography.Paragraph type="secondary">{t('dash.thresholds.explain')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={t('dash.thresholds.error')} description={error.message} style={{ marginBottom: 12 }} data-testid={TID.statusThresholdsError} />}
        <Form<StatusThresholds> form={form} layout="horizontal" labelCol={{ span: 14 }} wrapperCol={{ span: 10 }} initialValues={thresholds} onFinish={(v) => void save(v)}>
          {GROUPS.map((group) => (
            <div key={group.title}>
              <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
                {t(group.title)}
              </Divider>
              {group.fields.map((f) => (
                <Form.Item
                  key={f.key}
                  name={f.key}
                  label={t(`dash.thresholds.${f.key}`)}
                  style={{ marginBottom: 10 }}
                  rules={[
                    { required: true, message: t('common.required', { label: t(`dash.thresholds.${f.key}`) }) },
                    { type: 'number', min: f.min, max: f.max, message: t('dash.thresholds.range', { min: f.min, max: f.max }) },
                    ...(f.integer ? [{ type: 'integer' as const, message: t('dash.thresholds.integer') }] : []),
                  ]}
                >
                  <InputNumber min={f.min} max={f.max} step={1} suffix={t(`dash.unitName.${f.unit}`)} style={{ width: 160 }} data-testid={thresholdTestId(f.key)} />
                </Form.Item>
              ))}
            </div>
          ))}
        </Form>
      </div>
    </Modal>
  );
}
