// 导入证书: the certificate the provincial CA issued, as PEM (pasted, or a .pem/.crt/.cer
// file read as text) or as a PKCS#12 file (.p12/.pfx, read as base64) with its password.
// The core checks it; when it refuses, its Chinese sentence is shown exactly as sent.
import { App, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import type { CertStatus } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { FilePicker } from '../FilePicker';
import { CoreError } from '../CoreError';
import { readCertFile } from './pem';
import { PemField } from './PemField';

type Kind = 'pem' | 'pkcs12';
const MAX_PEM_CHARS = 200_000; // the contract's limit for certificatePem

interface Values {
  certificatePem?: string;
  password?: string;
}

export function ImportCertCard({ onImported }: { onImported: (s: CertStatus) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<Kind>('pem');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [p12, setP12] = useState<{ name: string; base64: string } | null>(null);
  const [p12Problem, setP12Problem] = useState<string | null>(null);

  async function pickP12(file: File) {
    const r = await readCertFile(file, 'base64', t);
    if (!r.ok) {
      setP12(null);
      setP12Problem(r.message);
      return;
    }
    setP12({ name: file.name, base64: r.value });
    setP12Problem(null);
  }

  async function submit(v: Values) {
    if (kind === 'pkcs12' && !p12) {
      setP12Problem(t('cert.import.p12Required'));
      return;
    }
    setBusy(true);
    setError(null);
    const r =
      kind === 'pem'
        ? await call('cert.import', { kind: 'pem', certificatePem: (v.certificatePem ?? '').trim() })
        : await call('cert.import', { kind: 'pkcs12', fileBase64: p12?.base64 ?? '', password: v.password ?? '' });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    void message.success(t('cert.import.done'));
    form.resetFields();
    setP12(null);
    onImported(r.value);
  }

  return (
    <Card title={t('cert.import.title')} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('cert.import.explain')}</Typography.Paragraph>
      <Segmented<Kind>
        data-testid={TID.certImportKind}
        value={kind}
        onChange={(k) => {
          setKind(k);
          setError(null);
        }}
        options={[
          { value: 'pem', label: t('cert.import.kindPem') },
          { value: 'pkcs12', label: t('cert.import.kindPkcs12') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {kind === 'pem' ? (
          <PemField name="certificatePem" label="cert.import.pem" placeholder="cert.import.pemPlaceholder" maxChars={MAX_PEM_CHARS} inputTestId={TID.certImportPem} fileTestId={TID.certImportPemFile} />
        ) : (
          <>
            <Form.Item label={t('cert.import.p12File')} required validateStatus={p12Problem ? 'error' : undefined} help={p12Problem ?? undefined}>
              <FilePicker accept=".p12,.pfx" testId={TID.certImportP12File} fileName={p12?.name} onFile={(f) => void pickP12(f)} showEmpty />
            </Form.Item>
            <Form.Item name="password" label={t('cert.import.p12Password')}>
              <Input.Password autoComplete="off" maxLength={256} style={{ maxWidth: 320 }} data-testid={TID.certImportP12Password} />
            </Form.Item>
          </>
        )}
        {error && (
          <Form.Item>
            <CoreError error={error} title={t('cert.import.failed')} testId={TID.certImportError} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid={TID.certImportSubmit}>
          {t('cert.import.submit')}
        </Button>
      </Form>
    </Card>
  );
}
