// The sync protocol's own bookkeeping (restore epoch, the exchange's high-water mark), for
// county IT comparing notes with the exchange's operators. An operator's day does not need
// these words, so 同步队列 shows them only when 技术信息 is switched on, each with a sentence
// saying what the number is.
import { Card, Descriptions, Typography } from 'antd';
import type { SyncStatus } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

export function SyncTechInfo({ status }: { status: Pick<SyncStatus, 'epoch' | 'highWaterMark'> }) {
  const { t } = useI18n();
  const explained = (value: number, explanation: string) => (
    <span>
      <span className="edge-mono">{value}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
        {explanation}
      </Typography.Text>
    </span>
  );
  return (
    <Card title={t('sync.tech.title')} size="small">
      <div data-testid={TID.syncTechInfo}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('sync.tech.hint')}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'epoch', label: t('sync.epoch'), children: explained(status.epoch, t('sync.epoch.explain')) },
            { key: 'hwm', label: t('sync.highWaterMark'), children: explained(status.highWaterMark, t('sync.highWaterMark.explain')) },
          ]}
        />
      </div>
    </Card>
  );
}
