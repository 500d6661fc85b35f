// 记录查询: the clerk's records, paged by the core (20 a page; the store holds millions) by
// the place of a shown row (RecordsPager), filterable by resource, and a lookup by ID number
// / credit code. A row opens the record.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import type { ListCursor, RecordSummary } from '../../../common/contract';
import { normaliseIdentifier } from '../../../common/catalog/normalise';
import { call, type ApiError } from '../api';
import { useCatalog } from '../catalog';
import { RecordDrawer } from '../components/RecordDrawer';
import { RecordsPager, type RecordsPage } from '../components/RecordsPager';
import { RecordStatusTag } from '../components/tags';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { TID } from '../testids';

const PAGE_SIZE = 20;
const FIRST: ListCursor = { to: 'first' };
const EMPTY: RecordsPage = { items: [], total: 0, hasNewer: false, hasOlder: false };

export function RecordsScreen() {
  const { t } = useI18n();
  const { catalog, resourceByCode } = useCatalog();
  const [resourceCode, setResourceCode] = useState<string | undefined>();
  const [cursor, setCursor] = useState<ListCursor>(FIRST);
  // The page's number as counted while moving (the core pages by place, not by number).
  const [pageNumber, setPageNumber] = useState(1);
  const [listing, setListing] = useState<RecordsPage>(EMPTY);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // When set, the table shows the lookup result instead of the paged list.
  const [found, setFound] = useState<{ key: string; items: RecordSummary[] } | null>(null);
  const [searchText, setSearchText] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    let r = await call('records.list', { resourceCode, cursor, pageSize: PAGE_SIZE });
    // Back at the top with a short page: show the first page whole, as the clerk knows it.
    if (r.ok && cursor.to === 'newer' && !r.value.hasNewer && r.value.items.length < PAGE_SIZE) {
      r = await call('records.list', { resourceCode, cursor: FIRST, pageSize: PAGE_SIZE });
      setPageNumber(1);
    }
    setLoading(false);
    if (r.ok) {
      setListing(r.value);
      if (cursor.to === 'last') setPageNumber(Math.max(1, Math.ceil(r.value.total / PAGE_SIZE)));
      setError(null);
    } else setError(r.error);
  }, [resourceCode, cursor]);

  const move = (next: ListCursor) => {
    setPageNumber((n) => (next.to === 'first' ? 1 : next.to === 'older' ? n + 1 : next.to === 'newer' ? Math.max(1, n - 1) : n));
    setCursor(next);
  };

  const search = useCallback(
    async (text: string) => {
      const key = normaliseIdentifier(text);
      if (!key) {
        setFound(null);
        return;
      }
      setLoading(true);
      const r = await call('records.findByKey', { key, resourceCode });
      setLoading(false);
      if (r.ok) {
        setFound({ key, items: r.value });
        setError(null);
      } else setError(r.error);
    },
    [resourceCode],
  );

  useEffect(() => {
    void load();
  }, [load]);

  /** After a correction or withdrawal the row's version and status have changed. */
  const refresh = () => (found ? void search(found.key) : void load());

  const columns: ColumnsType<RecordSummary> = [
    {
      title: t('records.col.resource'),
      dataIndex: 'resourceCode',
      render: (code: string) => resourceByCode(code)?.name ?? code,
    },
    { title: t('records.col.title'), dataIndex: 'title' },
    { title: t('records.col.key'), dataIndex: 'maskedKey', render: (v: string) => <span className="edge-mono">{v}</span> },
    { title: t('records.col.status'), dataIndex: 'status', width: 90, render: (s: RecordSummary['status']) => <RecordStatusTag status={s} /> },
    { title: t('records.col.version'), dataIndex: 'version', width: 70, align: 'right' },
    { title: t('records.col.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatTime(v) },
    { title: t('records.col.updatedBy'), dataIndex: 'updatedBy', width: 110 },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.records')}
      </Typography.Title>
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            data-testid={TID.recordsResourceFilter}
            aria-label={t('records.filter')}
            style={{ minWidth: 240 }}
            allowClear
            placeholder={t('records.filterAll')}
            value={resourceCode}
            options={(catalog?.resources ?? []).map((r) => ({ value: r.code, label: r.name }))}
            onChange={(code: string | undefined) => {
              setResourceCode(code);
              setCursor(FIRST);
              setPageNumber(1);
              setFound(null);
            }}
          />
          <Space.Compact style={{ width: 420, maxWidth: '100%' }}>
            <Input
              data-testid={TID.recordsSearch}
              aria-label={t('records.search')}
              placeholder={t('records.search')}
              allowClear
              autoComplete="off"
              spellCheck={false}
              className="edge-mono"
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                if (e.target.value === '') setFound(null);
              }}
              onPressEnter={() => void search(searchText)}
            />
            <Button type="primary" icon={<SearchOutlined />} onClick={() => void search(searchText)} data-testid={TID.recordsSearchButton}>
              {t('records.searchButton')}
            </Button>
          </Space.Compact>
          {found && (
            <Button
              data-testid={TID.recordsBackToList}
              onClick={() => {
                setFound(null);
                setSearchText('');
              }}
            >
              {t('records.backToList')}
            </Button>
          )}
        </Flex>
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
        {found && (
          <Typography.Paragraph type="secondary">
            {t('records.searchResult', { key: found.key, n: found.items.length })}
          </Typography.Paragraph>
        )}
        <div data-testid={TID.recordsTable}>
          <Table<RecordSummary>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={columns}
            dataSource={found ? found.items : listing.items}
            onRow={(row) => ({
              className: 'edge-clickable-row',
              tabIndex: 0,
              onClick: () => setOpenId(row.id),
              onKeyDown: (e) => {
                if (e.key === 'Enter') setOpenId(row.id);
              },
            })}
            pagination={false}
          />
        </div>
        {!found && <RecordsPager page={listing} number={pageNumber} pageSize={PAGE_SIZE} loading={loading} onMove={move} />}
      </Card>
      <RecordDrawer id={openId} onClose={() => setOpenId(null)} onChanged={refresh} />
    </Space>
  );
}
