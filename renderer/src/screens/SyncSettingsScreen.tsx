// 同步设置 (admin): where the provincial exchange is and how the node uploads to it — the
// bandwidth cap for slow township links, the batch limits and the timer. The limits in the
// form are the contract's, so the core's own check never surprises anyone; batch size is
// entered in KiB (people do not think in bytes) and sent in bytes.
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SyncSettings } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { CoreError } from '../components/CoreError';
import { applyFieldErrors } from '../field-errors';
import { formatDuration } from '../format';
import { useI18n, type Translate } from '../i18n';
import { TID } from '../testids';

interface Values {
  exchangeUrl: string;
  bandwidthKiBps: number;
  batchMaxItems: number;
  batchMaxKiB: number;
  intervalSeconds: number;
}

const LIMITS = {
  bandwidthKiBps: [0, 1_000_000],
  batchMaxItems: [1, 1000],
  batchMaxKiB: [1, 4096], // 1024 B – 4 MiB
  intervalSeconds: [10, 86_400],
} as const;

const TO_FIELD: Record<string, keyof Values> = {
  exchangeUrl: 'exchangeUrl',
  bandwidthKiBps: 'bandwidthKiBps',
  batchMaxItems: 'batchMaxItems',
  batchMaxBytes: 'batchMaxKiB',
  intervalSeconds: 'intervalSeconds',
};

/** https://host[:port], nothing else: no path, query, credentials. */
function urlProblem(value: string, t: Translate): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return t('syncSettings.url.invalid');
  }
  const bare = u.pathname === '/' || u.pathname === '';
  if (u.protocol !== 'https:' || !u.hostname || u.username || u.password || !bare || u.search || u.hash) return t('syncSettings.url.invalid');
  return null;
}

function toValues(s: SyncSettings): Values {
  return {
    exchangeUrl: s.exchangeUrl,
    bandwidthKiBps: s.bandwidthKiBps,
    batchMaxItems: s.batchMaxItems,
    batchMaxKiB: Math.max(1, Math.round(s.batchMaxBytes / 1024)),
    intervalSeconds: s.intervalSeconds,
  };
}

export function SyncSettingsScreen() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const bandwidth = Form.useWatch('bandwidthKiBps', form);
  const interval = Form.useWatch('intervalSeconds', form);

  useEffect(() => {
    void call('sync.getSettings', {}).then((r) => {
      setLoading(false);
      if (r.ok) form.setFieldsValue(toValues(r.value));
      else setLoadError(r.error);
    });
  }, [form]);

  async function submit(v: Values) {
    setBusy(true);
    setSaveError(null);
    const r = await call('sync.setSettings', {
      exchangeUrl: v.exchangeUrl.trim().replace(/\/+$/, ''),
      bandwidthKiBps: v.bandwidthKiBps,
      batchMaxItems: v.batchMaxItems,
      batchMaxBytes: v.batchMaxKiB * 1024,
      intervalSeconds: v.intervalSeconds,
    });
    setBusy(false);
    if (r.ok) {
      form.setFieldsValue(toValues(r.value));
      setLoadError(null);
      void message.success(t('syncSettings.saved'));
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, (item) => TO_FIELD[item]);
    if (!r.error.fieldErrors?.length || unplaced.length) setSaveError(r.error);
  }

  const numberRules = (field: keyof typeof LIMITS, label: string) => {
    const [min, max] = LIMITS[field];
    return [
      { required: true, message: t('common.required', { label }) },
      {
        validator: async (_r: unknown, v: number | null | undefined) => {
          if (v === null || v === undefined) return;
          if (!Number.isInteger(v)) throw new Error(t('syncSettings.integer'));
          // The range itself is the hint under the field; the error says which end was crossed.
          if (v < min) throw new Error(t('form.min', { min: min.toLocaleString() }));
          if (v > max) throw new Error(t('form.max', { max: max.toLocaleString() }));
        },
      },
    ];
  };
  const rangeHint = (field: keyof typeof LIMITS) => t('form.range', { min: LIMITS[field][0].toLocaleString(), max: LIMITS[field][1].toLocaleString() });

  const bandwidthHint =
    typeof bandwidth === 'number' && bandwidth > 0
      ? t('syncSettings.bandwidth.approx', { range: rangeHint('bandwidthKiBps'), mbit: ((bandwidth * 1024 * 8) / 1_000_000).toFixed(bandwidth < 128 ? 2 : 1) })
      : t('syncSettings.bandwidth.help', { range: rangeHint('bandwidthKiBps') });
  const intervalHint =
    typeof interval === 'number' && interval >= 60
      ? t('syncSettings.interval.hint', { range: rangeHint('intervalSeconds'), d: formatDuration(interval * 1000, t) })
      : rangeHint('intervalSeconds');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.syncSettings')}
      </Typography.Title>
      {loadError && <Alert type={loadError.code === 'NOT_CONFIGURED' ? 'info' : 'error'} showIcon title={loadError.message} />}
      <Card>
        <Typography.Paragraph type="secondary">{t('syncSettings.explain')}</Typography.Paragraph>
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 560 }}
          initialValues={{ exchangeUrl: '', bandwidthKiBps: 0, batchMaxItems: 500, batchMaxKiB: 1024, intervalSeconds: 300 }}
          disabled={loading}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="exchangeUrl"
            label={t('syncSettings.url')}
            extra={t('syncSettings.url.help')}
            validateTrigger="onBlur"
            rules={[
              { required: true, whitespace: true, message: t('common.required', { label: t('syncSettings.url') }) },
              { max: 300, message: t('form.maxLength', { n: 300 }) },
              {
                validator: async (_r, v: string | undefined) => {
                  const problem = v?.trim() ? urlProblem(v.trim(), t) : null;
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input className="edge-mono" spellCheck={false} autoComplete="off" placeholder="https://" data-testid={TID.syncSettingsUrl} />
          </Form.Item>
          <Form.Item name="bandwidthKiBps" label={t('syncSettings.bandwidth')} extra={bandwidthHint} rules={numberRules('bandwidthKiBps', t('syncSettings.bandwidth'))}>
            <InputNumber suffix={t('unit.kibps')} style={{ width: 220 }} data-testid={TID.syncSettingsBandwidth} />
          </Form.Item>
          <Form.Item name="batchMaxItems" label={t('syncSettings.batchItems')} extra={rangeHint('batchMaxItems')} rules={numberRules('batchMaxItems', t('syncSettings.batchItems'))}>
            <InputNumber suffix={t('unit.items')} style={{ width: 220 }} data-testid={TID.syncSettingsItems} />
          </Form.Item>
          <Form.Item name="batchMaxKiB" label={t('syncSettings.batchBytes')} extra={rangeHint('batchMaxKiB')} rules={numberRules('batchMaxKiB', t('syncSettings.batchBytes'))}>
            <InputNumber suffix={t('unit.kib')} style={{ width: 220 }} data-testid={TID.syncSettingsBytes} />
          </Form.Item>
          <Form.Item name="intervalSeconds" label={t('syncSettings.interval')} extra={intervalHint} rules={numberRules('intervalSeconds', t('syncSettings.interval'))}>
            <InputNumber suffix={t('unit.seconds')} style={{ width: 220 }} data-testid={TID.syncSettingsInterval} />
          </Form.Item>
          {saveError && (
            <Form.Item>
              <CoreError error={saveError} title={t('syncSettings.failed')} testId={TID.syncSettingsError} />
            </Form.Item>
          )}
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={busy} data-testid={TID.syncSettingsSubmit}>
              {t('syncSettings.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
