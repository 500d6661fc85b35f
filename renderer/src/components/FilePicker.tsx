// A button that opens the system file chooser, with the chosen file's name beside it. The
// real <input type=file> is hidden but keeps the test id, so tests can setInputFiles() on it.
import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useI18n } from '../i18n';

interface Props {
  accept: string;
  testId: string;
  fileName?: string | null;
  onFile: (file: File) => void;
  /** Show "no file chosen" when nothing is chosen yet (for a required file). */
  showEmpty?: boolean;
}

export function FilePicker({ accept, testId, fileName, onFile, showEmpty }: Props) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <Space>
      <Button icon={<PaperClipOutlined />} onClick={() => input.current?.click()}>
        {t('common.chooseFile')}
      </Button>
      {fileName ? (
        <Typography.Text className="edge-mono">{fileName}</Typography.Text>
      ) : (
        showEmpty && <Typography.Text type="secondary">{t('common.noFile')}</Typography.Text>
      )}
      <input
        ref={input}
        type="file"
        accept={accept}
        style={{ display: 'none' }}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // choosing the same file again still fires a change
          if (file) onFile(file);
        }}
      />
    </Space>
  );
}
