// What retention will delete after the next backups, said before it does (issue 12): the
// core computes it with the same rule the run applies (main/backup/retention.ts), for the
// next daily backup and for 立即备份 now.
import { Alert } from 'antd';
import type { RetentionPreview } from '../../../../common/contract';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

export function RetentionPreviewView({ preview }: { preview: RetentionPreview }) {
  const { t } = useI18n();
  const list = (files: string[]) => files.join(t('backup.retention.sep'));
  const { afterScheduled, afterManual } = preview;
  const deletes = (afterScheduled?.deletes.length ?? 0) + afterManual.deletes.length > 0;
  return (
    <Alert
      type={deletes ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={TID.backupRetentionPreview}
      data-manual-deletes={afterManual.deletes.join('|')}
      data-scheduled-deletes={afterScheduled?.deletes.join('|') ?? ''}
      title={t('backup.retention.title')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {afterScheduled && (
            <li>
              {afterScheduled.deletes.length > 0
                ? t('backup.retention.scheduled', { time: formatTime(afterScheduled.at), files: list(afterScheduled.deletes) })
                : t('backup.retention.scheduledNone', { time: formatTime(afterScheduled.at) })}
            </li>
          )}
          <li>{afterManual.deletes.length > 0 ? t('backup.retention.manual', { files: list(afterManual.deletes) }) : t('backup.retention.manualNone')}</li>
        </ul>
      }
    />
  );
}
