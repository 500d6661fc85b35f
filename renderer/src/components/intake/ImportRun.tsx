// 数据导入, step three: the import under way (rows read, share of the file), then its
// outcome — the report, or why the import failed.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useUserActive } from '../../activity';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { ReportView } from './ReportView';
import type { ImportJob, RunningImport } from './useImportJob';

interface Props {
  running: RunningImport;
  job: ImportJob;
  resourceName: (code: string | null | undefined) => string;
  number: (n: number) => string;
  /** Back to choosing a file (the screen also clears its preview). */
  onAgain: () => void;
}

export function ImportRun({ running, job, resourceName, number, onAgain }: Props) {
  const { t } = useI18n();
  const userActive = useUserActive();
  const { state, processedRows: processed, fractionDone: fraction, report, pollError } = job;
  const reportRef = useRef<HTMLDivElement>(null);

  // When the report arrives, move the keyboard focus to it.
  const finished = state !== 'running';
  useEffect(() => {
    if (finished) reportRef.current?.focus();
  }, [finished]);

  const again = (
    <Button icon={<ReloadOutlined />} onClick={onAgain} data-testid={TID.intakeAgain}>
      {t('import.again')}
    </Button>
  );

  if (state === 'running') {
    return (
      <Card title={t('import.progress.title', { name: running.fileName })}>
        <div data-testid={TID.intakeProgress} data-state="running" data-processed={processed} data-fraction={fraction ?? ''} aria-live="polite">
          <Typography.Text>{t('import.progress.rows', { processed: number(processed) })}</Typography.Text>
          {fraction !== null ? (
            // The share of the file read so far; 100 % only once the core says done.
            <Progress percent={Math.min(99, Math.floor(fraction * 100))} status="active" />
          ) : (
            <div style={{ padding: '12px 0' }}>
              <Spin />
            </div>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('import.progress.leave')}
          </Typography.Paragraph>
          {!userActive && <Typography.Text type="secondary">{t('import.progress.paused')}</Typography.Text>}
          {pollError && <Alert type="warning" showIcon title={pollError.message} style={{ marginTop: 12 }} />}
        </div>
        {job.lost && <div style={{ marginTop: 12 }}>{again}</div>}
      </Card>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {state === 'failed' && (
        <div data-testid={TID.intakeJobError}>
          <Alert type="error" showIcon title={t('import.failed')} description={job.jobError ?? undefined} action={report ? undefined : again} />
        </div>
      )}
      {report && <ReportView report={report} fileName={running.fileName} reportRef={reportRef} resourceName={resourceName} number={number} again={again} />}
    </Space>
  );
}
