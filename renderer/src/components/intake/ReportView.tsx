// The report of a finished import: the counts (total, imported, rejected, duplicates,
// empty rows skipped), whether the same file was imported before, a problem with the file
// as a whole, and the bad rows (listed by ReportErrors, downloadable as a CSV for Excel).
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Statistic, Typography } from 'antd';
import type { ReactNode, RefObject } from 'react';
import { INTAKE_MAX_LISTED_ERRORS, type ImportReport } from '../../../../common/contract';
import { downloadText } from '../../files';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { baseName, reportCsv } from '../../import-file';
import { TID } from '../../testids';
import { formatLabel } from './format-label';
import { ReportErrors } from './ReportErrors';

interface ReportProps {
  report: ImportReport;
  fileName: string;
  reportRef: RefObject<HTMLDivElement | null>;
  resourceName: (code: string | null | undefined) => string;
  number: (n: number) => string;
  again: ReactNode;
}

export function ReportView({ report, fileName, reportRef, resourceName, number, again }: ReportProps) {
  const { t } = useI18n();

  function download() {
    const csv = reportCsv(report.errors, {
      row: t('import.col.row'),
      column: t('import.col.column'),
      value: t('import.col.value'),
      reason: t('import.col.reason'),
      wholeRow: t('import.col.wholeRow'),
      notListed: report.errorsNotListed > 0 ? t('import.errors.notListed', { n: report.errorsNotListed, max: INTAKE_MAX_LISTED_ERRORS }) : null,
    });
    downloadText(t('import.downloadName', { name: baseName(report.fileName || fileName) }), csv, 'text/csv;charset=utf-8');
  }

  const stats: { key: string; label: string; value: number; testId: string; colour?: string }[] = [
    { key: 'total', label: t('import.stat.total'), value: report.totalRows, testId: TID.intakeTotal },
    { key: 'imported', label: t('import.stat.imported'), value: report.imported, testId: TID.intakeImported, colour: report.imported > 0 ? '#389e0d' : undefined },
    { key: 'rejected', label: t('import.stat.rejected'), value: report.rejected, testId: TID.intakeRejected, colour: report.rejected > 0 ? '#cf1322' : undefined },
    { key: 'duplicates', label: t('import.stat.duplicates'), value: report.duplicates, testId: TID.intakeDuplicates, colour: report.duplicates > 0 ? '#d46b08' : undefined },
    { key: 'empty', label: t('import.stat.empty'), value: report.emptyRowsSkipped, testId: TID.intakeEmpty },
  ];

  return (
    <div ref={reportRef} tabIndex={-1} style={{ outline: 'none' }} data-testid={TID.intakeReport} data-already={String(report.alreadyImported)}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          title={t('import.report.title')}
          extra={
            <Space>
              <Button icon={<DownloadOutlined />} disabled={report.errors.length === 0} onClick={download} data-testid={TID.intakeDownload}>
                {t('import.download')}
              </Button>
              {again}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">
            {t('import.report.subtitle', { file: report.fileName || fileName, format: formatLabel(report, t), resource: resourceName(report.resourceCode) })}
          </Typography.Paragraph>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {report.alreadyImported && (
              <div data-testid={TID.intakeAlready}>
                <Alert
                  type="warning"
                  showIcon
                  title={t('import.already')}
                  description={
                    <>
                      <div>{t('import.already.body')}</div>
                      {report.previousImport && (
                        <div>
                          {t('import.already.previous', {
                            file: report.previousImport.fileName,
                            at: formatTime(report.previousImport.finishedAt),
                            imported: number(report.previousImport.imported),
                            rejected: number(report.previousImport.rejected),
                            duplicates: number(report.previousImport.duplicates),
                          })}
                        </div>
                      )}
                    </>
                  }
                />
              </div>
            )}
            {report.fileProblem && (
              <div data-testid={TID.intakeFileProblem}>
                <Alert type="error" showIcon title={t('import.fileProblem')} description={report.fileProblem} />
              </div>
            )}
            <Flex gap={16} wrap>
              {stats.map((s) => (
                <Card key={s.key} size="small" style={{ flex: '1 1 150px' }}>
                  <Statistic
                    title={s.label}
                    value={s.value}
                    formatter={(v) => number(Number(v))}
                    styles={s.colour ? { content: { color: s.colour } } : undefined}
                    valueRender={(node) => (
                      <span data-testid={s.testId} data-value={s.value}>
                        {node}
                      </span>
                    )}
                  />
                </Card>
              ))}
            </Flex>
            {report.extraColumns.length > 0 && (
              <div data-testid={TID.intakeExtraColumns}>
                <Alert type="info" showIcon title={t('import.extraColumns', { names: report.extraColumns.join('、') })} />
              </div>
            )}
          </Space>
        </Card>
        {(!report.alreadyImported || report.errors.length > 0) && <ReportErrors report={report} number={number} />}
      </Space>
    </div>
  );
}
