// The bad rows of an import report: row number, column, value (masked by the core) and
// reason, a page at a time, and a note when there were more than the core lists.
import { Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { INTAKE_MAX_LISTED_ERRORS, type ImportReport, type ImportRowError } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

const ERRORS_PAGE_SIZE = 20;

type ErrorRow = ImportRowError & { __key: number };

export function ReportErrors({ report, number }: { report: ImportReport; number: (n: number) => string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);

  const columns: ColumnsType<ErrorRow> = [
    { title: t('import.col.row'), dataIndex: 'row', width: 80, align: 'right' },
    {
      title: t('import.col.column'),
      dataIndex: 'column',
      width: 200,
      render: (c: string | null) => c ?? <Typography.Text type="secondary">{t('import.col.wholeRow')}</Typography.Text>,
    },
    {
      title: t('import.col.value'),
      dataIndex: 'value',
      width: 220,
      render: (v: string | null) => (v === null || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : <span className="edge-mono">{v}</span>),
    },
    { title: t('import.col.reason'), dataIndex: 'reason' },
  ];

  return (
    <Card title={t('import.errors.title')}>
      {report.errors.length > 0 && <Typography.Paragraph type="secondary">{t('import.errors.hint')}</Typography.Paragraph>}
      <div data-testid={TID.intakeErrorsTable}>
        <Table<ErrorRow>
          rowKey="__key"
          size="middle"
          columns={columns}
          dataSource={report.errors.map((e, i) => ({ ...e, __key: i }))}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('import.errors.none') }}
          pagination={{
            current: page,
            pageSize: ERRORS_PAGE_SIZE,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (n) => t('common.total', { total: n }),
            onChange: setPage,
          }}
        />
      </div>
      {report.errorsNotListed > 0 && (
        <Typography.Paragraph type="warning" style={{ marginTop: 12, marginBottom: 0 }} data-testid={TID.intakeErrorsNotListed}>
          {t('import.errors.notListed', { n: number(report.errorsNotListed), max: number(INTAKE_MAX_LISTED_ERRORS) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
