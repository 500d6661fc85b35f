// 季度报告 (official, admin): choose a year and quarter (the current one first), read the
// report on a print-ready page, print it (the app's header and menu are left off the paper)
// or export it as an Excel workbook made by the core. Aggregates only.
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Flex, Segmented, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { QuarterlyReport } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { CoreError } from '../components/CoreError';
import { QuarterlyReportView } from '../components/status/QuarterlyReportView';
import { downloadBase64 } from '../files';
import { useI18n } from '../i18n';
import { defaultReportQuarter, isFutureQuarter, selectableYears, type Quarter } from '../quarter';
import { TID } from '../testids';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function QuarterlyReportScreen() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [now] = useState(() => new Date());
  const [chosen, setChosen] = useState<Quarter>(() => defaultReportQuarter(now));
  const [report, setReport] = useState<QuarterlyReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  // Only the answer to the latest choice is shown: quick clicks through the quarters
  // must not leave an older, slower report on the page.
  const latest = useRef(0);

  useEffect(() => {
    const ask = ++latest.current;
    setLoading(true);
    setError(null);
    void call('status.quarterlyReport', chosen).then((r) => {
      if (ask !== latest.current) return;
      setLoading(false);
      if (r.ok) setReport(r.value);
      else {
        setReport(null);
        setError(r.error);
      }
    });
    return () => {
      // Leaving the page: drop whatever is still on its way.
      if (ask === latest.current) latest.current++;
    };
  }, [chosen]);

  async function exportXlsx() {
    setExporting(true);
    const hide = message.loading(t('report.exporting'), 0);
    const r = await call('status.quarterlyReportXlsx', chosen);
    hide();
    setExporting(false);
    if (!r.ok) {
      void message.error(t('report.exportFailed', { reason: r.error.message }));
      return;
    }
    downloadBase64(r.value.fileName, r.value.xlsxBase64, XLSX_TYPE);
    void message.success(t('report.exported', { file: r.value.fileName }));
  }

  const years = selectableYears(now);
  const quarters = [1, 2, 3, 4].map((q) => ({
    value: q,
    label: t('report.quarterN', { n: q }),
    disabled: isFutureQuarter({ year: chosen.year, quarter: q }, now),
  }));
  const current = report && report.year === chosen.year && report.quarter === chosen.quarter ? report : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12} className="edge-no-print">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.report')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('report.year')}
            value={chosen.year}
            style={{ width: 110 }}
            showSearch
            options={years.map((y) => ({ value: y, label: t('report.yearN', { n: y }) }))}
            // A quarter not begun in the newly chosen year falls back to that year's last open one.
            onChange={(year: number) => setChosen((c) => (isFutureQuarter({ year, quarter: c.quarter }, now) ? { year, quarter: 1 } : { year, quarter: c.quarter }))}
            data-testid={TID.reportYear}
          />
          <Segmented<number> value={chosen.quarter} options={quarters} onChange={(quarter) => setChosen((c) => ({ ...c, quarter }))} data-testid={TID.reportQuarter} />
          <Button icon={<PrinterOutlined />} disabled={!current || loading} onClick={() => window.print()} data-testid={TID.reportPrint}>
            {t('report.print')}
          </Button>
          <Button type="primary" icon={<FileExcelOutlined />} disabled={!current || loading} loading={exporting} onClick={() => void exportXlsx()} data-testid={TID.reportExport}>
            {t('report.export')}
          </Button>
        </Space>
      </Flex>

      {error && (
        <div className="edge-no-print">
          <CoreError error={error} title={t('report.loadFailed')} testId={TID.reportError} />
        </div>
      )}
      {loading && (
        <Flex justify="center" style={{ padding: 24 }} className="edge-no-print" data-testid={TID.reportLoading}>
          <Spin description={t('report.loading')} />
        </Flex>
      )}
      {current && !loading && <QuarterlyReportView report={current} />}
    </Space>
  );
}
