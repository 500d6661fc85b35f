// Paging through the log by sequence number: newest, newer, older, oldest — no page numbers,
// since a numbered page of a log that grows while one reads it would shift under the reader.
import { Button, Space, Typography } from 'antd';
import type { AuditPage } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

/** Where the next page starts: the newest entries, or before/after a sequence number. */
export type AuditCursor = { before?: number; after?: number };

interface Props {
  page: AuditPage;
  total: number | null;
  loading: boolean;
  onMove: (cursor: AuditCursor) => void;
}

export function AuditPager({ page, total, loading, onMove }: Props) {
  const { t } = useI18n();
  const first = page.items[0]?.seq;
  const last = page.items.at(-1)?.seq;
  return (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
      <Typography.Text type="secondary" data-testid={TID.auditTotal} data-total={total ?? ''}>
        {total === null ? '' : t('audit.page.total', { total })}
        {first !== undefined && last !== undefined ? `\u3000${t('audit.page.range', { from: last, to: first })}` : ''}
      </Typography.Text>
      <Space>
        <Button onClick={() => onMove({})} disabled={loading || !page.hasNewer} data-testid={TID.auditPageNewest}>
          {t('audit.page.newest')}
        </Button>
        <Button onClick={() => onMove({ after: first! })} disabled={loading || !page.hasNewer || first === undefined} data-testid={TID.auditPageNewer}>
          {t('audit.page.newer')}
        </Button>
        <Button onClick={() => onMove({ before: last! })} disabled={loading || !page.hasOlder || last === undefined} data-testid={TID.auditPageOlder}>
          {t('audit.page.older')}
        </Button>
        <Button onClick={() => onMove({ after: 0 })} disabled={loading || !page.hasOlder} data-testid={TID.auditPageOldest}>
          {t('audit.page.oldest')}
        </Button>
      </Space>
    </Space>
  );
}
