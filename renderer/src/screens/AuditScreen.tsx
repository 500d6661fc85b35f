// 审计日志 (auditor): the append-only log, paged by the core, and a check of its hash chain.
// The verification message is the core's: it names the first entry that does not match.
import { Alert, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntryView, AuditVerification } from '../../../common/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { formatTime } from '../format';
import { isMessageKey, useI18n } from '../i18n';
import { TID } from '../testids';

const PAGE_SIZE = 20;

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export function AuditScreen() {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: AuditEntryView[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | ApiError | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await call('audit.list', { page, pageSize: PAGE_SIZE });
    setLoading(false);
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error);
  }, [page]);

  useEffect(() => {
    void load();
  }, [load]);

  async function verify() {
    setVerifying(true);
    const r = await call('audit.verify', {});
    setVerifying(false);
    setVerification(r.ok ? r.value : r.error);
  }

  const columns: ColumnsType<AuditEntryView> = [
    { title: t('audit.col.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    { title: t('audit.col.at'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v) },
    { title: t('audit.col.actor'), dataIndex: 'actor', width: 120 },
    {
      title: t('audit.col.role'),
      dataIndex: 'role',
      width: 100,
      render: (r: string) => (isRole(r) ? ROLE_LABELS[r][lang === 'en' ? 'en' : 'zh'] : r || '—'),
    },
    {
      title: t('audit.col.action'),
      dataIndex: 'action',
      width: 150,
      // Known actions get a readable name; the code stays as a tooltip for the auditor's
      // cross-checks, and unknown (newer) codes are shown as they are.
      render: (a: string) => {
        const key = `audit.action.${a}`;
        return <span title={a}>{isMessageKey(key) ? t(key) : a}</span>;
      },
    },
    { title: t('audit.col.target'), dataIndex: 'target', ellipsis: true },
    {
      title: t('audit.col.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (o: AuditEntryView['outcome']) =>
        o === 'success' ? <Tag>{t('audit.outcome.success')}</Tag> : <Tag color="red">{t('audit.outcome.failure')}</Tag>,
    },
    { title: t('audit.col.detail'), dataIndex: 'detail', ellipsis: true },
  ];

  // A failed chain is the one thing on this screen that must stand out.
  const verified = verification && 'ok' in verification ? verification : null;
  const verifyFailed = verification && 'code' in verification ? verification : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.audit')}
        </Typography.Title>
        <Button onClick={() => void verify()} loading={verifying} data-testid={TID.auditVerify}>
          {t('audit.verify')}
        </Button>
      </Flex>
      {(verified || verifyFailed) && (
        <div data-testid={TID.auditVerifyResult} data-ok={verified?.ok ? 'true' : 'false'}>
          <Alert
            type={verified?.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => setVerification(null)}
            title={verified ? verified.message : verifyFailed?.message}
          />
        </div>
      )}
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card>
        <div data-testid={TID.auditTable}>
          <Table<AuditEntryView>
            rowKey="seq"
            size="middle"
            loading={loading}
            columns={columns}
            dataSource={data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { total }),
              onChange: setPage,
            }}
          />
        </div>
      </Card>
    </Space>
  );
}
