// Per catalog resource: how much is registered, how recently (against its 更新周期), and how
// much reaches the exchange. Resources on the negative list (不予共享) never leave the node,
// so instead of rates they say so — a 0 % 共享率 there would read as a failure. A resource
// this unit does not provide says so instead of being judged late.
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ResourceStatus } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { SharingTag } from '../tags';
import { formatRate } from './rates';

export function ResourceStatusTable({ resources }: { resources: ResourceStatus[] }) {
  const { t, lang } = useI18n();
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const negative = (r: ResourceStatus) => r.sharingType === 'none';

  const columns: ColumnsType<ResourceStatus> = [
    {
      title: t('status.col.resource'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <>
          <div>{name}</div>
          <Typography.Text type="secondary" className="edge-mono" style={{ fontSize: 12 }}>
            {r.resourceCode}
          </Typography.Text>
        </>
      ),
    },
    { title: t('status.col.sharing'), dataIndex: 'sharingType', width: 110, render: (s: ResourceStatus['sharingType']) => <SharingTag type={s} /> },
    { title: t('dash.res.records'), dataIndex: 'records', align: 'right', width: 90, render: (n: number) => <span data-col="records">{number(n)}</span> },
    { title: t('dash.res.newThisMonth'), dataIndex: 'newThisMonth', align: 'right', width: 90, render: (n: number) => <span data-col="newThisMonth">{number(n)}</span> },
    { title: t('dash.res.newThisQuarter'), dataIndex: 'newThisQuarter', align: 'right', width: 100, render: (n: number) => <span data-col="newThisQuarter">{number(n)}</span> },
    {
      title: t('dash.res.lastUpdate'),
      dataIndex: 'lastUpdateDay',
      width: 190,
      render: (day: string | null, r) => (
        <>
          <span>{day ?? t('dash.never')}</span>{' '}
          {r.overdue && (
            <Tag color="error" data-overdue="true">
              {t('dash.res.overdue')}
            </Tag>
          )}
          {!r.provided && (
            <Tooltip title={t('dash.res.notProvided.help')}>
              <Tag data-provided="false">{t('dash.res.notProvided')}</Tag>
            </Tooltip>
          )}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dash.res.cycle', { cycle: t(`cycle.${r.updateCycle}`) })}
            </Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: t('dash.res.rejectionRate'),
      dataIndex: 'rejectionRate',
      align: 'right',
      width: 110,
      // One cell across both rate columns for the negative list.
      onCell: (r) => (negative(r) ? { colSpan: 2, style: { textAlign: 'center' } } : {}),
      render: (rate: number | null, r) =>
        negative(r) ? (
          <Tag data-negative="true">{t('dash.res.negativeList')}</Tag>
        ) : (
          <span title={r.rejected !== null ? t('dash.res.rejectedOf', { rejected: number(r.rejected), delivered: number(r.delivered ?? 0) }) : undefined}>{formatRate(rate, lang)}</span>
        ),
    },
    {
      title: t('dash.res.sharingRate'),
      dataIndex: 'sharingRate',
      align: 'right',
      width: 100,
      onCell: (r) => (negative(r) ? { colSpan: 0 } : {}),
      render: (rate: number | null) => formatRate(rate, lang),
    },
  ];

  return (
    <div data-testid={TID.statusResourceTable}>
      <Table<ResourceStatus>
        rowKey="resourceCode"
        size="middle"
        columns={columns}
        dataSource={resources}
        pagination={false}
        scroll={{ x: 900 }}
      />
    </div>
  );
}
