// The simple 节点状态 for clerks (status.get: any session): the node's identity, versions,
// the upload backlog and record counts per resource. Officials and the roles that keep the
// node running get the full dashboard instead; clerks keep this view because the dashboard
// channel is not theirs.
import { Alert, Button, Card, Descriptions, Flex, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import type { NodeStatus } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { SharingTag } from '../tags';

type ResourceRow = NodeStatus['resources'][number];

export function NodeSummary() {
  const { t } = useI18n();
  const [status, setStatus] = useState<NodeStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await call('status.get', {});
    setLoading(false);
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: ColumnsType<ResourceRow> = [
    { title: t('status.col.resource'), dataIndex: 'name' },
    { title: t('status.col.code'), dataIndex: 'resourceCode', render: (v: string) => <span className="edge-mono">{v}</span> },
    { title: t('status.col.sharing'), dataIndex: 'sharingType', render: (s: ResourceRow['sharingType']) => <SharingTag type={s} /> },
    { title: t('status.col.active'), dataIndex: 'active', align: 'right' },
    { title: t('status.col.withdrawn'), dataIndex: 'withdrawn', align: 'right' },
    { title: t('status.col.total'), align: 'right', render: (_, r) => r.active + r.withdrawn },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.status')}
        </Typography.Title>
        <Button onClick={() => void load()} loading={loading}>
          {t('common.refresh')}
        </Button>
      </Flex>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card title={t('status.node')} loading={loading && !status}>
        {status && (
          <div data-testid={TID.statusNode}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'unit', label: t('status.unitName'), children: status.unitName },
                { key: 'node', label: t('status.nodeId'), children: <span className="edge-mono">{status.nodeId}</span> },
                { key: 'credit', label: t('status.creditCode'), children: <span className="edge-mono">{status.creditCode}</span> },
                { key: 'division', label: t('status.divisionCode'), children: <span className="edge-mono">{status.divisionCode}</span> },
                { key: 'app', label: t('status.appVersion'), children: status.appVersion },
                { key: 'schema', label: t('status.schemaVersion'), children: status.schemaVersion },
                { key: 'catalog', label: t('status.catalogVersion'), children: status.catalogVersion },
                { key: 'outbox', label: t('status.outboxPending'), children: status.outboxPending },
              ]}
            />
          </div>
        )}
      </Card>
      <Card title={t('status.resources')}>
        <div data-testid={TID.statusResources}>
          <Table<ResourceRow> rowKey="resourceCode" size="middle" loading={loading} columns={columns} dataSource={status?.resources ?? []} pagination={false} />
        </div>
      </Card>
    </Space>
  );
}
