// 审计日志 (auditor): the append-only log as the core words it — who did what, in a sentence —
// filtered by person, action, China days and outcome, paged by sequence number, exported to
// Excel or CSV (the core records each export), and a check of its hash chain. The screen
// shows the core's texts in the chosen language and never an action code or raw detail.
import { Alert, App, Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntryView, AuditExportFormat, AuditFilter, AuditPage, AuditVerification } from '../../../common/contract';
import { chinaDateTime } from '../../../common/text/china-time';
import { call, type ApiError } from '../api';
import { AuditFilters, type Person } from '../components/audit/AuditFilters';
import { AuditPager, type AuditCursor } from '../components/audit/AuditPager';
import { downloadBase64 } from '../files';
import { useI18n } from '../i18n';
import { TID } from '../testids';

const PAGE_SIZE = 20;
const EMPTY: AuditPage = { items: [], total: null, hasOlder: false, hasNewer: false };
const FILE_TYPES: Record<AuditExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

export function AuditScreen() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const l = lang === 'en' ? 'en' : 'zh';
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursor, setCursor] = useState<AuditCursor>({});
  const [page, setPage] = useState<AuditPage>(EMPTY);
  const [total, setTotal] = useState<number | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState<AuditExportFormat | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | ApiError | null>(null);
  // Answers can arrive out of order when the auditor clicks quickly: only the latest counts.
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ask = ++latest.current;
    setLoading(true);
    // The total is counted once per filter (on its newest page); moving between pages keeps it.
    const withTotal = cursor.before === undefined && cursor.after === undefined;
    const r = await call('audit.list', { ...filter, ...cursor, pageSize: PAGE_SIZE, withTotal });
    if (ask !== latest.current) return;
    setLoading(false);
    if (r.ok) {
      setPage(r.value);
      if (withTotal) setTotal(r.value.total);
      setError(null);
    } else setError(r.error);
  }, [filter, cursor]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    void call('audit.people', {}).then((r) => r.ok && setPeople(r.value));
  }, []);

  function changeFilter(next: AuditFilter) {
    setFilter(next);
    setCursor({});
  }

  async function exportLog(format: AuditExportFormat) {
    setExporting(format);
    const hide = message.loading(t('audit.export.running'), 0);
    const r = await call('audit.export', { ...filter, format });
    hide();
    setExporting(null);
    if (!r.ok) {
      void message.error(t('audit.export.failed', { reason: r.error.message }));
    } else {
      downloadBase64(r.value.fileName, r.value.fileBase64, FILE_TYPES[format]);
      void message.success(t('audit.export.done', { rows: r.value.rows, file: r.value.fileName }));
    }
    // The export (or its refusal) is now the newest entry: show it when looking at the newest.
    if (cursor.before === undefined && cursor.after === undefined) void load();
  }

  async function verify() {
    setVerifying(true);
    const r = await call('audit.verify', {});
    setVerifying(false);
    setVerification(r.ok ? r.value : r.error);
  }

  const columns: ColumnsType<AuditEntryView> = [
    { title: t('audit.col.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    { title: t('audit.col.at'), dataIndex: 'at', width: 170, render: (v: string) => chinaDateTime(v) },
    { title: t('audit.col.actor'), key: 'actor', width: 130, onCell: () => ({ 'data-col': 'actor' }) as object, render: (_: unknown, e) => e.actorName[l] },
    { title: t('audit.col.role'), key: 'role', width: 100, render: (_: unknown, e) => e.roleName[l] },
    { title: t('audit.col.action'), key: 'action', width: 140, onCell: () => ({ 'data-col': 'action' }) as object, render: (_: unknown, e) => e.actionName[l] },
    {
      title: t('audit.col.outcome'),
      dataIndex: 'outcome',
      width: 80,
      onCell: (e) => ({ 'data-col': 'outcome', 'data-outcome': e.outcome }) as object,
      render: (o: AuditEntryView['outcome']) => (o === 'success' ? <Tag>{t('audit.outcome.success')}</Tag> : <Tag color="red">{t('audit.outcome.failure')}</Tag>),
    },
    { title: t('audit.col.detail'), key: 'sentence', onCell: () => ({ 'data-col': 'sentence' }) as object, render: (_: unknown, e) => e.sentence[l] },
    { title: t('audit.col.target'), dataIndex: 'target', width: 180, ellipsis: { showTitle: true } },
  ];

  // A failed chain is the one thing on this screen that must stand out.
  const verified = verification && 'ok' in verification ? verification : null;
  const verifyFailed = verification && 'code' in verification ? verification : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.audit')}
        </Typography.Title>
        <Space wrap>
          <Button onClick={() => void exportLog('xlsx')} loading={exporting === 'xlsx'} disabled={exporting !== null} data-testid={TID.auditExportXlsx}>
            {t('audit.export.xlsx')}
          </Button>
          <Button onClick={() => void exportLog('csv')} loading={exporting === 'csv'} disabled={exporting !== null} data-testid={TID.auditExportCsv}>
            {t('audit.export.csv')}
          </Button>
          <Button onClick={() => void verify()} loading={verifying} data-testid={TID.auditVerify}>
            {t('audit.verify')}
          </Button>
        </Space>
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
      <AuditFilters filter={filter} people={people} onChange={changeFilter} />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div data-testid={TID.auditTable}>
            <Table<AuditEntryView>
              rowKey="seq"
              size="middle"
              loading={loading}
              columns={columns}
              dataSource={page.items}
              pagination={false}
              locale={{ emptyText: t('audit.page.empty') }}
            />
          </div>
          <AuditPager page={page} total={total} loading={loading} onMove={setCursor} />
        </Space>
      </Card>
    </Space>
  );
}
