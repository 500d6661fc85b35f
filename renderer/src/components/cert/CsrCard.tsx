// 生成证书申请: the core makes the key pair (the private key never leaves it) and a PKCS#10
// request carrying the province, county, unit, credit code and node id. The request is
// shown for copying and offered as node.csr for the provincial CA. A request generated
// earlier and not yet answered (pendingCsrPem) is shown the same way.
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Popconfirm, Radio, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { call, type ApiError } from '../../api';
import { copyText, downloadText } from '../../files';
import { useRequiredRule } from '../../form-rules';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { CoreError } from '../CoreError';

interface Values {
  province: string;
  county: string;
  keyBits: 2048 | 3072;
}

const FIELDS = ['province', 'county', 'keyBits'];

interface Props {
  defaultProvince: string | undefined;
  /** A certificate is installed: a new request means a new key, so ask first. */
  hasCertificate: boolean;
  pendingCsrPem: string | null | undefined;
  onGenerated: () => void;
}

export function CsrCard({ defaultProvince, hasCertificate, pendingCsrPem, onGenerated }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [csrPem, setCsrPem] = useState<string | null>(null);
  const output = useRef<TextAreaRef>(null);
  const shown = csrPem ?? pendingCsrPem ?? null;
  const required = useRequiredRule();

  // The node's division code arrives after the first render; fill the province once it does.
  useEffect(() => {
    if (defaultProvince && !form.getFieldValue('province')) form.setFieldsValue({ province: defaultProvince });
  }, [defaultProvince, form]);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    const r = await call('cert.createCsr', { province: v.province.trim(), county: v.county.trim(), keyBits: v.keyBits });
    setBusy(false);
    if (!r.ok) {
      const placed = (r.error.fieldErrors ?? []).filter((f) => FIELDS.includes(f.item));
      form.setFields(placed.map((f) => ({ name: f.item as keyof Values, errors: [f.message] })));
      setError(r.error);
      return;
    }
    setCsrPem(r.value.csrPem);
    void message.success(t('cert.csr.done'));
    onGenerated();
  }

  async function copy() {
    if (!shown) return;
    const ok = await copyText(shown, output.current?.resizableTextArea?.textArea);
    if (ok) void message.success(t('common.copied'));
    else void message.warning(t('common.copyFailed'));
  }

  const submitButton = (
    <Button type="primary" htmlType={hasCertificate ? 'button' : 'submit'} loading={busy} data-testid={TID.certCsrSubmit}>
      {t('cert.csr.submit')}
    </Button>
  );

  return (
    <Card title={t('cert.csr.title')} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('cert.csr.explain')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ province: defaultProvince ?? '', county: '', keyBits: 3072 }}
        onFinish={(v) => void submit(v)}
      >
        <Space wrap size={[16, 0]} align="start">
          <Form.Item name="province" label={t('cert.csr.province')} rules={[required(t('cert.csr.province'))]}>
            <Input maxLength={20} style={{ width: 200 }} data-testid={TID.certCsrProvince} />
          </Form.Item>
          <Form.Item name="county" label={t('cert.csr.county')} rules={[required(t('cert.csr.county'))]}>
            <Input maxLength={40} style={{ width: 260 }} placeholder={t('cert.csr.countyPlaceholder')} data-testid={TID.certCsrCounty} />
          </Form.Item>
        </Space>
        <Form.Item name="keyBits" label={t('cert.csr.keyBits')}>
          <Radio.Group
            data-testid={TID.certCsrKeyBits}
            options={[
              { value: 3072, label: t('cert.csr.keyBits3072') },
              { value: 2048, label: t('cert.csr.keyBits2048') },
            ]}
          />
        </Form.Item>
        {error && (
          <Form.Item>
            <CoreError error={error} title={t('cert.csr.failed')} testId={TID.certCsrError} />
          </Form.Item>
        )}
        {hasCertificate ? (
          <Popconfirm title={t('cert.csr.replaceConfirm')} okText={t('cert.csr.submit')} cancelText={t('common.cancel')} onConfirm={() => form.submit()}>
            {submitButton}
          </Popconfirm>
        ) : (
          submitButton
        )}
      </Form>
      {shown && (
        <div style={{ marginTop: 20 }}>
          <Typography.Text strong>{t(csrPem ? 'cert.csr.output' : 'cert.pendingCsr')}</Typography.Text>
          <Input.TextArea
            ref={output}
            readOnly
            value={shown}
            autoSize={{ minRows: 6, maxRows: 14 }}
            className="edge-mono"
            style={{ fontSize: 12, marginTop: 8 }}
            spellCheck={false}
            data-testid={TID.certCsrOutput}
          />
          <Space style={{ marginTop: 8 }}>
            <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid={TID.certCsrCopy}>
              {t('common.copy')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => downloadText('node.csr', shown, 'application/pkcs10')} data-testid={TID.certCsrDownload}>
              {t('cert.csr.download')}
            </Button>
          </Space>
        </div>
      )}
    </Card>
  );
}
