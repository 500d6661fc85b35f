// 上次恢复演练, and whether it still vouches for a file that is there: retention (or a person)
// may have removed the file since. Then the page says so and names the newest file in the
// folder that passed a drill, or that none has.
import { Tag, Typography } from 'antd';
import type { BackupStatus } from '../../../../common/contract';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

export function LastVerifiedView({ status }: { status: BackupStatus }) {
  const { t } = useI18n();
  const last = status.lastVerified;
  if (!last) return <span data-testid={TID.backupLastVerified}>{t('backup.never')}</span>;
  const gone = status.lastVerifiedFileExists === false;
  const existing = status.verifiedFile;
  return (
    <span data-testid={TID.backupLastVerified} data-file={last.fileName ?? ''} data-file-exists={String(status.lastVerifiedFileExists)} data-verified-file={existing?.fileName ?? ''}>
      <Tag color={last.ok ? 'green' : 'red'}>{last.ok ? t('backup.ok') : t('backup.failed')}</Tag>
      {formatTime(last.at)} {last.message}
      {last.fileName && <span className="edge-mono"> · {last.fileName}</span>}
      {gone && (
        <div>
          <Typography.Text type="warning">{t('backup.verifiedGone')}</Typography.Text>
          <div>{existing ? t('backup.verifiedExisting', { file: existing.fileName, time: formatTime(existing.at) }) : <Typography.Text type="danger">{t('backup.verifiedNoneExisting')}</Typography.Text>}</div>
        </div>
      )}
    </span>
  );
}
