// 省级根证书: the one CA this node trusts for the exchange (pinned; never the system store).
// Pasted as PEM or read from a .pem/.crt file. Replacing a pinned root is deliberate, so it
// sits behind a button and a confirmation once one is set.
import { App, Button, Card, Form, Input, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CertStatus } from '../../../../main/api/contract';
import { call, type ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { FilePicker } from '../FilePicker';
import { CertificateDetails } from './CertificateDetails';
import { CoreError } from '../CoreError';
import { pemProblem, readCertFile } from './pem';

const MAX_ROOT_CHARS = 100_000; // the contract's limit for rootPem

export function RootCertCard({ root, onChanged }: { root: CertStatus['root'] | undefined; onChanged: (s: CertStatus) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ rootPem: string }>();
  const [replacing, setReplacing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const showForm = !root || replacing;

  async function pick(file: File) {
    const r = await readCertFile(file, 'text', t);
    if (!r.ok) {
      form.setFields([{ name: 'rootPem', errors: [r.message] }]);
      return;
    }
    setFileName(file.name);
    form.setFieldsValue({ rootPem: r.value.trim() });
    void form.validateFields(['rootPem']);
  }

  async function submit({ rootPem }: { rootPem: string }) {
    setBusy(true);
    setError(null);
    const r = await call('cert.setRoot', { rootPem: rootPem.trim() });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    void message.success(t('cert.root.done'));
    form.resetFields();
    setFileName(null);
    setReplacing(false);
    onChanged(r.value);
  }

  const submitButton = (
    <Button type="primary" htmlType={root ? 'button' : 'submit'} loading={busy} data-testid={TID.certRootSubmit}>
      {t(root ? 'cert.root.replace' : 'cert.root.submit')}
    </Button>
  );

  return (
    <Card title={t('cert.root.title')}>
      <Typography.Paragraph type="secondary">{t('cert.root.explain')}</Typography.Paragraph>
      {root ? (
        <div data-testid={TID.certRootView}>
          <CertificateDetails cert={root} />
        </div>
      ) : (
        <Typography.Paragraph>{t('cert.root.none')}</Typography.Paragraph>
      )}
      {root && !replacing && (
        <Button onClick={() => setReplacing(true)} style={{ marginTop: 12 }} data-testid={TID.certRootReplace}>
          {t('cert.root.replace')}
        </Button>
      )}
      {showForm && (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ marginTop: root ? 16 : 0 }}>
          <Form.Item
            name="rootPem"
            label={t('cert.root.input')}
            rules={[
              { required: true, whitespace: true, message: t('common.required', { label: t('cert.root.input') }) },
              {
                validator: async (_r, v: string | undefined) => {
                  const problem = pemProblem(v, MAX_ROOT_CHARS, t);
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input.TextArea
              rows={6}
              className="edge-mono"
              style={{ fontSize: 12 }}
              spellCheck={false}
              placeholder={t('cert.root.placeholder')}
              data-testid={TID.certRootInput}
            />
          </Form.Item>
          <Form.Item>
            <FilePicker accept=".pem,.crt,.cer" testId={TID.certRootFile} fileName={fileName} onFile={(f) => void pick(f)} />
          </Form.Item>
          {error && (
            <Form.Item>
              <CoreError error={error} title={t('cert.root.failed')} testId={TID.certRootError} />
            </Form.Item>
          )}
          <Space>
            {root ? (
              <Popconfirm
                title={t('cert.root.replaceConfirm')}
                okText={t('cert.root.replace')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => form.submit()}
              >
                {submitButton}
              </Popconfirm>
            ) : (
              submitButton
            )}
            {root && (
              <Button
                onClick={() => {
                  setReplacing(false);
                  setError(null);
                  form.resetFields();
                  setFileName(null);
                }}
              >
                {t('common.cancel')}
              </Button>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}
