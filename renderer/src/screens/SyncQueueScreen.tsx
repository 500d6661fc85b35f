// 同步队列 (operator; the administrator sees the same status read-only): the link to the
// provincial exchange, the outbox's numbers, the sync under way, and the items the exchange
// rejected, with a requeue once the cause is fixed. Refreshes itself every 2 s while open
// and someone is at the machine. Nothing here shows personal data: record ids, resource
// names, codes and the exchange's reasons only. The protocol's own words (restore epoch,
// high-water mark, the exchange's rejection codes) are for county IT and stay behind the
// 技术信息 switch.
import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Popconfirm, Progress, Row, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RejectedItem, SyncStatus } from '../../../common/contract';
import { usePollWhileActive, useUserActive } from '../activity';
import { call, type ApiError, type ApiResult } from '../api';
import { useCatalog } from '../catalog';
import { SyncLinkTag, SyncProblem } from '../components/SyncLink';
import { SyncTechInfo } from '../components/sync/SyncTechInfo';
import { etaLine } from '../eta-text';
import { formatAge, formatTime, formatTimeRelative } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { syncRequeueTestId, testId, TID } from '../testids';

const POLL_MS = 2_000;
const PAGE_SIZE = 20;

export function SyncQueueScreen() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  // The contract lets the administrator read sync.status; driving the queue is the operator's.
  const canOperate = user.role === 'operator';
  const { resourceByCode } = useCatalog();
  const userActive = useUserActive();

  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [exchangeUrl, setExchangeUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState<'now' | 'pause' | 'resume' | null>(null);
  const [showTech, setShowTech] = useState(false);
  const live = useRef(true);

  const show = useCallback((r: ApiResult<SyncStatus>) => {
    if (!live.current) return;
    setNow(Date.now());
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  const refresh = useCallback(async () => show(await call('sync.status', {})), [show]);

  usePollWhileActive(refresh, POLL_MS, live);

  useEffect(() => {
    void call('sync.getSettings', {}).then((r) => {
      if (live.current && r.ok) setExchangeUrl(r.value.exchangeUrl);
    });
  }, []);

  async function act(kind: 'now' | 'pause' | 'resume') {
    setBusy(kind);
    const channel = kind === 'now' ? 'sync.now' : kind === 'pause' ? 'sync.pause' : 'sync.resume';
    const r = await call(channel, {});
    setBusy(null);
    if (!r.ok) {
      void message.error(r.error.message);
      return;
    }
    show(r);
    void message.success(t(kind === 'now' ? 'sync.started' : kind === 'pause' ? 'sync.pausedDone' : 'sync.resumedDone'));
  }

  // ---- rejected items (operator only: sync.rejected is the operator's channel)
  const [page, setPage] = useState(1);
  const [rejected, setRejected] = useState<{ items: RejectedItem[]; total: number }>({ items: [], total: 0 });
  const [rejectedLoading, setRejectedLoading] = useState(false);
  const [rejectedError, setRejectedError] = useState<ApiError | null>(null);
  const rejectedCount = status?.rejected;

  const loadRejected = useCallback(async () => {
    setRejectedLoading(true);
    const r = await call('sync.rejected', { page, pageSize: PAGE_SIZE });
    if (!live.current) return;
    setRejectedLoading(false);
    if (r.ok) {
      setRejected(r.value);
      setRejectedError(null);
      // Requeueing the last item of the last page leaves it empty: step back.
      if (r.value.items.length === 0 && page > 1) setPage(Math.max(1, Math.ceil(r.value.total / PAGE_SIZE)));
    } else setRejectedError(r.error);
  }, [page]);

  // Reload when the page changes and whenever the count of rejected items moves.
  useEffect(() => {
    if (!canOperate || rejectedCount === undefined) return;
    void loadRejected();
  }, [canOperate, loadRejected, rejectedCount]);

  async function requeue(seq: number) {
    const r = await call('sync.requeue', { seq });
    if (!r.ok) {
      void message.error(r.error.message);
      return;
    }
    void message.success(t('sync.requeued', { seq }));
    await Promise.all([loadRejected(), refresh()]);
  }

  // Code and reason share a column, and the version sits under the record id: the reason is
  // the sentence the operator needs, so it gets the width.
  const columns: ColumnsType<RejectedItem> = [
    { title: t('sync.col.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    {
      title: t('sync.col.recordId'),
      dataIndex: 'recordId',
      width: 280,
      render: (id: string, item) => (
        <>
          <Typography.Text className="edge-mono" style={{ fontSize: 12 }} copyable={{ text: id }}>
            {id}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sync.versionN', { n: item.version })}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('sync.col.resource'),
      dataIndex: 'resourceCode',
      width: 140,
      render: (code: string) => {
        const name = resourceByCode(code)?.name;
        return name ? <span title={code}>{name}</span> : <span className="edge-mono">{code}</span>;
      },
    },
    {
      title: t(showTech ? 'sync.col.reasonWithCode' : 'sync.col.reason'),
      dataIndex: 'reason',
      render: (reason: string, item) => (
        <>
          {showTech && (
            <Tag className="edge-mono" title={t('sync.col.code')} data-code={item.code} style={{ marginBottom: 4 }}>
              {item.code}
            </Tag>
          )}
          <div>{reason}</div>
        </>
      ),
    },
    { title: t('sync.col.rejectedAt'), dataIndex: 'rejectedAt', width: 170, render: (v: string) => formatTime(v) },
    {
      title: t('common.actions'),
      width: 110,
      render: (_, item) => (
        <Popconfirm
          title={t('sync.requeueConfirm', { seq: item.seq })}
          okText={t('sync.requeue')}
          cancelText={t('common.cancel')}
          okButtonProps={testId(TID.syncRequeueConfirm)}
          onConfirm={() => requeue(item.seq)}
        >
          <Button size="small" data-testid={syncRequeueTestId(item.seq)}>
            {t('sync.requeue')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  const s = status;
  const oldest = s ? formatAge(s.oldestPendingAt, now, t) : null;
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.sync')}
        </Typography.Title>
        {canOperate && (
          <Space>
            {/* While paused the core sends nothing, not even on 立即同步: resume first. */}
            <Button type="primary" icon={<SyncOutlined />} loading={busy === 'now'} disabled={!s || s.paused} onClick={() => void act('now')} data-testid={TID.syncNow}>
              {t('sync.now')}
            </Button>
            {s?.paused ? (
              <Button loading={busy === 'resume'} onClick={() => void act('resume')} data-testid={TID.syncResume}>
                {t('sync.resume')}
              </Button>
            ) : (
              <Button loading={busy === 'pause'} disabled={!s} onClick={() => void act('pause')} data-testid={TID.syncPause}>
                {t('sync.pause')}
              </Button>
            )}
          </Space>
        )}
      </Flex>

      {error && !s && (
        <div data-testid={TID.syncError} data-code={error.code}>
          <Alert type={error.code === 'NOT_CONFIGURED' ? 'info' : 'error'} showIcon title={t('sync.notAvailable')} description={error.message} />
        </div>
      )}
      {/* A failed refresh after a good one: keep the last numbers, say they are stale. */}
      {error && s && (
        <div data-testid={TID.syncError} data-code={error.code}>
          <Alert type="warning" showIcon title={error.message} />
        </div>
      )}

      {s && (
        <>
          <Flex align="center" wrap gap={8}>
            <Typography.Text>{t('sync.linkLabel')}</Typography.Text>
            <SyncLinkTag link={s.link} />
            {s.running && (
              <Tag color="processing" icon={<SyncOutlined spin />}>
                {t('sync.running')}
              </Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 'auto' }}>
              {userActive ? t('sync.autoRefresh') : t('sync.autoRefreshPaused')}
            </Typography.Text>
            {/* A label around both: the words switch it too. */}
            <label style={{ display: 'inline-flex', alignItems: 'center', gap: 4, cursor: 'pointer' }}>
              <Switch size="small" checked={showTech} onChange={setShowTech} data-testid={TID.syncTechToggle} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('sync.tech.toggle')}
              </Typography.Text>
            </label>
          </Flex>
          {s.problem && <SyncProblem link={s.link} problem={s.problem} />}
          {/* The estimate outlives the records' progress: the audit proof may still be on its way. */}
          {(s.progress || s.eta) && (
            <Card size="small">
              {s.progress && (
                <div data-testid={TID.syncProgress} data-sent={s.progress.sent} data-total={s.progress.total}>
                  <Typography.Text>{t('sync.progress', { sent: number(s.progress.sent), total: number(s.progress.total) })}</Typography.Text>
                  <Progress
                    percent={s.progress.total > 0 ? Math.floor((s.progress.sent / s.progress.total) * 100) : 100}
                    status={s.running ? 'active' : 'normal'}
                  />
                </div>
              )}
              {s.eta && (
                <div data-testid={TID.syncEta} data-remaining={s.eta.remaining} data-seconds-left={s.eta.secondsLeft} data-audit-seconds-left={s.eta.auditSecondsLeft}>
                  <Typography.Text type="secondary">{etaLine(t, number, s.eta, s.auditToProve)}</Typography.Text>
                </div>
              )}
            </Card>
          )}
          <Row gutter={[16, 16]}>
            <StatCard title={t('sync.stat.queueDepth')} value={s.queueDepth} testId={TID.syncQueueDepth} dataValue={s.queueDepth} />
            <StatCard title={t('sync.stat.oldest')} value={oldest ?? t('sync.stat.none')} testId={TID.syncOldest} hint={formatTime(s.oldestPendingAt)} />
            <StatCard title={t('sync.stat.inFlight')} value={s.inFlight} testId={TID.syncInFlight} dataValue={s.inFlight} />
            <StatCard title={t('sync.stat.rejected')} value={s.rejected} testId={TID.syncRejectedCount} dataValue={s.rejected} danger={s.rejected > 0} />
          </Row>
          <Card title={t('sync.details')} size="small">
            <div data-testid={TID.syncDetails}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  {
                    key: 'exchange',
                    label: t('sync.exchange'),
                    children: exchangeUrl ? <span className="edge-mono">{exchangeUrl}</span> : <Typography.Text type="secondary">{t('sync.exchange.none')}</Typography.Text>,
                  },
                  { key: 'throughput', label: t('sync.throughput'), children: t('sync.perMinute', { n: s.throughputPerMinute.toLocaleString(locale, { maximumFractionDigits: 1 }) }) },
                  { key: 'success', label: t('sync.lastSuccess'), children: formatTimeRelative(s.lastSuccessAt, now, t) },
                  { key: 'attempt', label: t('sync.lastAttempt'), children: formatTimeRelative(s.lastAttemptAt, now, t) },
                  { key: 'next', label: t('sync.nextAttempt'), children: s.paused ? '—' : formatTimeRelative(s.nextAttemptAt, now, t) },
                  {
                    key: 'failures',
                    label: t('sync.failures'),
                    children: s.consecutiveFailures > 0 ? <Typography.Text type="danger">{s.consecutiveFailures}</Typography.Text> : 0,
                  },
                ]}
              />
            </div>
          </Card>
          {showTech && <SyncTechInfo status={s} />}
        </>
      )}

      {!canOperate && s && <Alert type="info" showIcon title={t('sync.adminReadOnly')} />}

      {canOperate && s && (
        <Card title={t('sync.rejected.title')}>
          <Typography.Paragraph type="secondary">{t('sync.rejected.hint')}</Typography.Paragraph>
          {rejectedError && <Alert type="error" showIcon title={rejectedError.message} style={{ marginBottom: 12 }} />}
          <div data-testid={TID.syncRejectedTable}>
            <Table<RejectedItem>
              rowKey="seq"
              size="middle"
              loading={rejectedLoading && rejected.items.length === 0}
              columns={columns}
              dataSource={rejected.items}
              scroll={{ x: 940 }}
              locale={{ emptyText: t('sync.rejected.empty') }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: rejected.total,
                showSizeChanger: false,
                hideOnSinglePage: true,
                showTotal: (total) => t('common.total', { total }),
                onChange: setPage,
              }}
            />
          </div>
        </Card>
      )}
    </Space>
  );
}

/** One figure of the queue; its test id (and data-value, for numbers) sits on the value itself. */
function StatCard({ title, value, testId, dataValue, hint, danger = false }: { title: string; value: string | number; testId: string; dataValue?: number; hint?: string; danger?: boolean }) {
  return (
    <Col xs={12} lg={6}>
      <Card size="small">
        <Statistic
          title={title}
          value={value}
          styles={danger ? { content: { color: '#cf1322' } } : undefined}
          valueRender={(node) => (
            <span data-testid={testId} data-value={dataValue} title={hint}>
              {node}
            </span>
          )}
        />
      </Card>
    </Col>
  );
}
