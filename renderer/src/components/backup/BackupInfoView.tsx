// What a backup holds, as its header says (after the recovery passphrase authenticated it):
// unit, node, when, versions, counts. Shown before a restore is confirmed.
import { Alert, Descriptions, Tag } from 'antd';
import type { BackupInfo } from '../../../../common/contract';
import { formatBytes } from '../../../../common/text/format-bytes';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';

export function BackupInfoView({ info, testId }: { info: BackupInfo; testId: string }) {
  const { t } = useI18n();
  return (
    <div data-testid={testId} data-node={info.nodeId} data-records={info.counts.records}>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('backup.info.unit')}>
          {info.unitName} {info.thisNode === true && <Tag color="green">{t('backup.thisNode')}</Tag>}
          {info.thisNode === false && <Tag color="orange">{t('backup.otherNode')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('backup.info.node')}>
          <span className="edge-mono">{info.nodeId}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('backup.info.createdAt')}>{formatTime(info.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('backup.info.versions')}>{t('backup.info.versionsValue', { app: info.appVersion, schema: info.schemaVersion })}</Descriptions.Item>
        <Descriptions.Item label={t('backup.info.records')}>{t('backup.info.recordsValue', { records: info.counts.records, versions: info.counts.recordVersions })}</Descriptions.Item>
        <Descriptions.Item label={t('backup.info.queue')}>{t('backup.info.queueValue', { pending: info.counts.outboxPending, rejected: info.counts.outboxRejected })}</Descriptions.Item>
        <Descriptions.Item label={t('backup.info.accounts')}>{t('backup.info.accountsValue', { users: info.counts.users, audit: info.counts.auditLog })}</Descriptions.Item>
        <Descriptions.Item label={t('backup.info.size')}>{formatBytes(info.bytes)}</Descriptions.Item>
      </Descriptions>
      {info.problem && <Alert type="error" showIcon title={info.problem} style={{ marginBottom: 12 }} />}
    </div>
  );
}
