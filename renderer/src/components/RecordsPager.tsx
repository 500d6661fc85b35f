// Paging the record list by the place of a shown row, not by page number: the core reads a
// page next to a row in the same time on the first page as on the last of a million records
// (OFFSET paging took over a second there). The page number shown is counted by the screen
// as the clerk moves (first = 1, last = the count), so it is a guide, not an address.
import { Button, Space, Typography } from 'antd';
import type { ListCursor, RecordSummary } from '../../../common/contract';
import { useI18n } from '../i18n';
import { TID } from '../testids';

export interface RecordsPage {
  items: RecordSummary[];
  total: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

interface Props {
  page: RecordsPage;
  /** The page's number as counted by the screen. */
  number: number;
  pageSize: number;
  loading: boolean;
  onMove: (cursor: ListCursor) => void;
}

export function RecordsPager({ page, number, pageSize, loading, onMove }: Props) {
  const { t } = useI18n();
  const first = page.items[0];
  const last = page.items.at(-1);
  const pages = Math.max(1, Math.ceil(page.total / pageSize));
  return (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid={TID.recordsTotal} data-total={page.total}>
        {t('records.page.where', { total: page.total, page: Math.min(number, pages), pages })}
      </Typography.Text>
      <Space>
        <Button onClick={() => onMove({ to: 'first' })} disabled={loading || !page.hasNewer} data-testid={TID.recordsPageFirst}>
          {t('records.page.first')}
        </Button>
        <Button
          onClick={() => onMove({ to: 'newer', before: { updatedAt: first!.updatedAt, id: first!.id } })}
          disabled={loading || !page.hasNewer || !first}
          data-testid={TID.recordsPageNewer}
        >
          {t('records.page.newer')}
        </Button>
        <Button
          onClick={() => onMove({ to: 'older', after: { updatedAt: last!.updatedAt, id: last!.id } })}
          disabled={loading || !page.hasOlder || !last}
          data-testid={TID.recordsPageOlder}
        >
          {t('records.page.older')}
        </Button>
        <Button onClick={() => onMove({ to: 'last' })} disabled={loading || !page.hasOlder} data-testid={TID.recordsPageLast}>
          {t('records.page.last')}
        </Button>
      </Space>
    </Space>
  );
}
