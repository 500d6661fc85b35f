// 数据导入, step one: choose or drop a department export, then see its name, size and format.
import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Space, Spin, Typography, Upload } from 'antd';
import { INTAKE_MAX_FILE_BYTES, type IntakePreview } from '../../../../common/contract';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { INTAKE_EXTENSIONS } from '../../import-file';
import { TID } from '../../testids';
import { formatLabel } from './format-label';
import type { ChosenFile } from './useIntakePreview';

interface Props {
  chosen: ChosenFile | null;
  reading: boolean;
  fileError: string | null;
  preview: IntakePreview | null;
  onFile: (file: File) => void;
}

export function FileDropCard({ chosen, reading, fileError, preview, onFile }: Props) {
  const { t } = useI18n();
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('import.explain')}</Typography.Paragraph>
      <Upload.Dragger
        accept={INTAKE_EXTENSIONS.join(',')}
        multiple={false}
        showUploadList={false}
        disabled={reading}
        beforeUpload={(file) => {
          onFile(file);
          return Upload.LIST_IGNORE; // read here, never uploaded
        }}
        data-testid={TID.intakeFile}
      >
        {/* Once a file is chosen the drop zone shrinks to one line: the preview matters now. */}
        {!chosen && <p className="ant-upload-drag-icon">{reading ? <Spin /> : <InboxOutlined />}</p>}
        <p className="ant-upload-text">
          {chosen && <InboxOutlined style={{ marginInlineEnd: 8, color: '#1a5fb4' }} />}
          {reading ? t('import.reading') : t('import.drop')}
        </p>
        <p className="ant-upload-hint">{t('import.dropHint', { max: formatBytes(INTAKE_MAX_FILE_BYTES) })}</p>
      </Upload.Dragger>
      {fileError && (
        <div data-testid={TID.intakeFileError} style={{ marginTop: 12 }}>
          <Alert type="error" showIcon title={fileError} />
        </div>
      )}
      {chosen && (
        <div data-testid={TID.intakeFileInfo} data-size={chosen.size} style={{ marginTop: 16 }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'file',
                label: t('import.file'),
                children: (
                  <Space size={4}>
                    <FileExcelOutlined />
                    <Typography.Text className="edge-mono">{chosen.name}</Typography.Text>
                  </Space>
                ),
              },
              { key: 'size', label: t('import.size'), children: formatBytes(chosen.size) },
              {
                key: 'format',
                label: t('import.format'),
                children: preview ? formatLabel(preview, t) : '—',
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
