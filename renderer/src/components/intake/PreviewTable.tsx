// The preview table of 数据导入: what the node read, so the clerk can check the mapping
// before importing. A column no catalog item takes is marked as extra (ignored on import).
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { IntakePreview } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

type SampleRow = Record<string, string> & { __key: string };

/** The first rows as read, one column per header, each under the catalog item it maps to. */
export function PreviewTable({ preview }: { preview: IntakePreview }) {
  const { t } = useI18n();
  const columns: ColumnsType<SampleRow> = [
    { title: '#', key: '#', width: 48, align: 'right', render: (_v, _r, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text> },
    ...preview.mapping.map((m, i) => {
      const extra = m.itemCode === null;
      return {
        key: `${i}`,
        title: (
          <div data-item={m.itemCode ?? undefined} data-extra={extra ? 'true' : undefined}>
            <div style={{ whiteSpace: 'nowrap' }}>{m.header}</div>
            {extra ? (
              <Tag style={{ marginTop: 2, fontWeight: 'normal' }}>{t('import.extraColumn')}</Tag>
            ) : (
              m.header !== m.itemName && (
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'nowrap' }}>
                  → {m.itemName ?? m.itemCode}
                </Typography.Text>
              )
            )}
          </div>
        ),
        className: extra ? 'edge-extra-col' : undefined,
        render: (_v: unknown, row: SampleRow) => {
          const value = extra ? row[m.header] : row[m.itemCode!];
          return value === undefined || value === '' ? <Typography.Text type="secondary">—</Typography.Text> : <span style={{ whiteSpace: 'nowrap' }}>{value}</span>;
        },
      };
    }),
  ];
  return (
    <div data-testid={TID.intakePreviewTable}>
      <Typography.Text strong>{t('import.preview.title', { n: preview.sampleRows.length })}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 13 }}>
        {t('import.preview.hint')}
      </Typography.Paragraph>
      <Table<SampleRow>
        rowKey="__key"
        size="small"
        bordered
        columns={columns}
        dataSource={preview.sampleRows.map((r, i) => ({ ...r, __key: String(i) }))}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('import.preview.empty') }}
      />
    </div>
  );
}
