// A certificate in PEM: pasted into a text area or read from a .pem/.crt/.cer file, with the
// quick checks of pem.ts. Used for the provincial root and for the node's own certificate.
import { Form, Input } from 'antd';
import { useState } from 'react';
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';
import { FilePicker } from '../FilePicker';
import { pemProblem, readCertFile } from './pem';

interface PemFieldProps {
  name: string;
  label: MessageKey;
  placeholder: MessageKey;
  /** The contract's limit for this field, in characters. */
  maxChars: number;
  inputTestId: string;
  fileTestId: string;
}

export function PemField({ name, label, placeholder, maxChars, inputTestId, fileTestId }: PemFieldProps) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const value = Form.useWatch(name, form) as string | undefined;
  const [fileName, setFileName] = useState<string | null>(null);

  async function pick(file: File) {
    const r = await readCertFile(file, 'text', t);
    if (!r.ok) {
      form.setFields([{ name, errors: [r.message] }]);
      return;
    }
    setFileName(file.name);
    form.setFieldsValue({ [name]: r.value.trim() });
    void form.validateFields([name]);
  }

  return (
    <>
      <Form.Item
        name={name}
        label={t(label)}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { label: t(label) }) },
          {
            validator: async (_r, v: string | undefined) => {
              const problem = pemProblem(v, maxChars, t);
              if (problem) throw new Error(problem);
            },
          },
        ]}
      >
        <Input.TextArea rows={6} className="edge-mono" style={{ fontSize: 12 }} spellCheck={false} placeholder={t(placeholder)} data-testid={inputTestId} />
      </Form.Item>
      <Form.Item>
        {/* The file's name is shown only while the field still holds what was read (a reset clears both). */}
        <FilePicker accept=".pem,.crt,.cer" testId={fileTestId} fileName={value ? fileName : null} onFile={(f) => void pick(f)} />
      </Form.Item>
    </>
  );
}
