// A backup job under way (or just ended): its phase in words and a progress bar.
import { Progress, Typography } from 'antd';
import type { BackupJob } from '../../../../common/contract';
import { percent } from '../../backup-files';
import { useI18n, type MessageKey } from '../../i18n';

export function JobProgress({ job, testId }: { job: BackupJob; testId: string }) {
  const { t } = useI18n();
  return (
    <div data-testid={testId} data-state={job.state} data-phase={job.phase} data-kind={job.kind} data-file={job.fileName ?? ''}>
      <Typography.Text type="secondary">{t(`backup.phase.${job.phase}` as MessageKey)}</Typography.Text>
      <Progress percent={percent(job)} status={job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : 'active'} />
    </div>
  );
}
