// 数据导入, step two: check what the node made of the file — which resource, which sheet of
// a workbook, what is missing, the first rows — and start the import when nothing blocks it.
import { Alert, Button, Card, Flex, Form, Select, Space, Spin } from 'antd';
import type { ApiError, Resource } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { CoreError } from '../CoreError';
import { PreviewTable } from './PreviewTable';
import { ResourcePicker } from './ResourcePicker';
import type { IntakePreviewState } from './useIntakePreview';

interface Props {
  intake: IntakePreviewState;
  resources: Resource[];
  catalogLoading: boolean;
  resourceName: (code: string | null | undefined) => string;
  starting: boolean;
  startError: ApiError | null;
  onResource: (code: string) => void;
  onSheet: (sheet: string) => void;
  onStart: () => void;
}

export function PreviewCard({ intake, resources, catalogLoading, resourceName, starting, startError, onResource, onSheet, onStart }: Props) {
  const { t } = useI18n();
  const { preview, previewing, recognised, resourceCode, sheet } = intake;
  const blocked = !preview || !resourceCode || preview.missingRequired.length > 0 || previewing;
  // The node also lists each missing column among the problems: shown once, in its own alert.
  const problemsOnly = (preview?.problems ?? []).filter((p) => !preview?.missingRequired.some((name) => p.includes(name)));

  return (
    <Card>
      <Spin spinning={previewing} description={t('import.previewing')}>
        <Form layout="vertical" style={{ maxWidth: 720 }}>
          <Flex gap={16} wrap>
            <ResourcePicker
              preview={preview}
              recognised={recognised}
              resourceCode={resourceCode}
              resources={resources}
              loading={catalogLoading}
              resourceName={resourceName}
              onChange={onResource}
            />
            {(preview?.format === 'xlsx' || preview?.format === 'xls') && preview.sheets.length > 0 && (
              <Form.Item label={t('import.sheet')} htmlFor="intake-sheet" style={{ flex: '0 1 220px', marginBottom: 12 }}>
                <Select
                  id="intake-sheet"
                  data-testid={TID.intakeSheet}
                  value={sheet}
                  showSearch={{ optionFilterProp: ['label'] }}
                  options={preview.sheets.map((s) => ({ value: s, label: s }))}
                  onChange={onSheet}
                />
              </Form.Item>
            )}
          </Flex>
        </Form>

        {preview && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {preview.missingRequired.length > 0 && (
              <div data-testid={TID.intakeMissing}>
                <Alert
                  type="error"
                  showIcon
                  title={t('import.missing.title')}
                  description={t('import.missing.body', { names: preview.missingRequired.join('、') })}
                />
              </div>
            )}
            {problemsOnly.length > 0 && (
              <div data-testid={TID.intakeProblems}>
                <Alert type="warning" showIcon title={t('import.problems')} description={<Lines lines={problemsOnly} />} />
              </div>
            )}
            <PreviewTable preview={preview} />
            {startError && <CoreError error={startError} title={t('import.failed')} testId={TID.intakeError} />}
            <Button type="primary" size="large" disabled={blocked} loading={starting} onClick={onStart} data-testid={TID.intakeStart}>
              {t('import.start')}
            </Button>
          </Space>
        )}
      </Spin>
    </Card>
  );
}

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 1) return <>{lines[0]}</>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}
