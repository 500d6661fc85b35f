// The backup folder's files, newest first: what each holds, whether it is a manual backup
// (kept apart from the daily rotation) or a daily one, whether it passed a verify drill,
// whether the DR centre holds it, and whether retention will delete it after the next
// backup — with the drill, upload and restore buttons.
import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { BackupInfo, RetentionPreview } from '../../../../common/contract';
import { formatBytes } from '../../../../common/text/format-bytes';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { backupRestoreTestId, backupUploadTestId, backupVerifyTestId } from '../../testids';

interface Props {
  files: BackupInfo[];
  preview: RetentionPreview | null;
  /** Manual backups kept (the settings). */
  keepManual: number | null;
  busy: boolean;
  onVerify(fileName: string): void;
  onUpload(fileName: string): void;
  onRestore(file: BackupInfo): void;
}

export function BackupFilesTable({ files, preview, keepManual, busy, onVerify, onUpload, onRestore }: Props) {
  const { t } = useI18n();
  const doomed = new Set([...(preview?.afterScheduled?.deletes ?? []), ...(preview?.afterManual.deletes ?? [])]);
  return (
    <Table<BackupInfo>
      size="small"
      rowKey="fileName"
      dataSource={files}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('backup.col.file'), dataIndex: 'fileName', render: (v: string) => <span className="edge-mono">{v}</span> },
        { title: t('backup.col.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
        {
          title: t('backup.col.kind'),
          render: (_: unknown, f) => (
            <Space size={4} wrap>
              {f.manual ? (
                <Tooltip title={t('backup.kind.manual.help', { keep: keepManual ?? '—' })}>
                  <Tag color="purple" data-manual="true">
                    {t('backup.kind.manual')}
                  </Tag>
                </Tooltip>
              ) : (
                <Tag>{t('backup.kind.scheduled')}</Tag>
              )}
              {f.verifiedAt && (
                <Tooltip title={t('backup.verifiedAt', { time: formatTime(f.verifiedAt) })}>
                  <Tag color="green" data-verified="true">
                    {t('backup.verifiedTag')}
                  </Tag>
                </Tooltip>
              )}
              {doomed.has(f.fileName) && (
                <Tag color="orange" data-doomed="true">
                  {t('backup.toDelete')}
                </Tag>
              )}
            </Space>
          ),
        },
        { title: t('backup.col.records'), render: (_: unknown, f) => f.counts.records.toLocaleString() },
        { title: t('backup.col.size'), dataIndex: 'bytes', render: (v: number) => formatBytes(v) },
        {
          title: t('backup.col.node'),
          render: (_: unknown, f) => (f.thisNode ? <Tag color="green">{t('backup.thisNode')}</Tag> : <Tag color="orange">{f.unitName || t('backup.unknown')}</Tag>),
        },
        { title: t('backup.col.dr'), render: (_: unknown, f) => (f.uploaded ? <Tag color="blue">{t('backup.drUploaded')}</Tag> : '—') },
        { title: t('backup.col.problem'), dataIndex: 'problem', render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
        {
          title: t('common.actions'),
          render: (_: unknown, f) => (
            <Space size="small">
              <Button size="small" disabled={busy} onClick={() => onVerify(f.fileName)} data-testid={backupVerifyTestId(f.fileName)}>
                {t('backup.verify')}
              </Button>
              {!f.uploaded && f.thisNode && (
                <Button size="small" disabled={busy} onClick={() => onUpload(f.fileName)} data-testid={backupUploadTestId(f.fileName)}>
                  {t('backup.upload')}
                </Button>
              )}
              <Button size="small" danger disabled={busy} onClick={() => onRestore(f)} data-testid={backupRestoreTestId(f.fileName)}>
                {t('backup.restore')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}
