// The quarterly report (季度报告) as a page that prints cleanly: plain tables, black on white,
// no antd widgets whose look depends on the screen. What it holds follows the provincial
// plan's quarterly progress report on data sharing: resources in use, records registered and
// delivered per resource, sharing rate, timeliness against update cycles, rejections,
// backups and verified restores, link outages. Aggregates only. It says when the node started
// (periods before that are not judged), which resources the unit provides (only they are
// judged), what each count counts (records or record versions), and its 合计 row has a
// figure in every column.
import type { ReactNode } from 'react';
import type { QuarterlyReport } from '../../../../common/contract';
import { formatDuration, formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { formatRate } from './rates';

type Row = QuarterlyReport['resources'][number];

export function QuarterlyReportView({ report }: { report: QuarterlyReport }) {
  const { t, lang } = useI18n();
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const { node, totals, backups } = report;
  const cell = (col: string, value: ReactNode) => (
    <td className="edge-num" data-col={col}>
      {value}
    </td>
  );

  return (
    <article className="edge-report" data-testid={TID.reportView} data-year={report.year} data-quarter={report.quarter}>
      <header className="edge-report-head">
        <h1>{t('report.heading', { unit: node.unitName, year: report.year, quarter: report.quarter })}</h1>
        <p>{t('report.period', { from: report.from, to: report.to })}</p>
        <p data-testid={TID.reportNodeStarted} data-created-at={node.createdAt ?? ''}>
          {node.createdAt ? t('report.nodeStarted', { time: formatTime(node.createdAt) }) : t('report.nodeStartedUnknown')}
        </p>
      </header>

      <section>
        <h2>{t('report.section.node')}</h2>
        <table className="edge-report-table edge-report-facts">
          <tbody>
            <tr>
              <th>{t('status.unitName')}</th>
              <td>{node.unitName}</td>
              <th>{t('status.creditCode')}</th>
              <td className="edge-mono">{node.creditCode}</td>
            </tr>
            <tr>
              <th>{t('status.divisionCode')}</th>
              <td className="edge-mono">{node.divisionCode}</td>
              <th>{t('status.nodeId')}</th>
              <td className="edge-mono">{node.nodeId}</td>
            </tr>
            <tr>
              <th>{t('status.appVersion')}</th>
              <td>{node.appVersion}</td>
              <th>{t('status.catalogVersion')}</th>
              <td className="edge-mono">{node.catalogVersion}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('report.section.summary')}</h2>
        <table className="edge-report-table edge-report-facts" data-testid={TID.reportSummary}>
          <tbody>
            <tr>
              <th>{t('report.resourcesInUse')}</th>
              <td data-value={report.resourcesInUse}>{number(report.resourcesInUse)}</td>
              <th>{t('report.registered')}</th>
              <td data-value={totals.registered}>{number(totals.registered)}</td>
            </tr>
            <tr>
              <th>{t('report.delivered')}</th>
              <td data-value={totals.delivered}>{number(totals.delivered)}</td>
              <th>{t('report.rejected')}</th>
              <td data-value={totals.rejected}>{number(totals.rejected)}</td>
            </tr>
            <tr>
              <th>{t('report.sharingRate')}</th>
              <td>{formatRate(totals.sharingRate, lang)}</td>
              <th>{t('report.outageTotal')}</th>
              <td>{report.outageMinutes > 0 ? formatDuration(report.outageMinutes * 60_000, t) : t('report.none')}</td>
            </tr>
            <tr>
              <th>{t('report.provided')}</th>
              <td colSpan={3} data-provided={totals.provided} data-timely={totals.timely}>
                {t('report.providedValue', { provided: number(totals.provided), timely: number(totals.timely) })}
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('report.section.resources')}</h2>
        <table className="edge-report-table" data-testid={TID.reportTable}>
          <thead>
            <tr>
              <th>{t('status.col.resource')}</th>
              <th>{t('status.col.sharing')}</th>
              <th>{t('resource.cycle')}</th>
              <th>{t('report.col.records')}</th>
              <th>{t('report.col.registered')}</th>
              <th>{t('report.col.corrected')}</th>
              <th>{t('report.col.withdrawn')}</th>
              <th>{t('report.col.delivered')}</th>
              <th>{t('report.col.rejected')}</th>
              <th>{t('report.col.sharingRate')}</th>
              <th>{t('report.col.timely')}</th>
              <th>{t('report.col.activeDays')}</th>
            </tr>
          </thead>
          <tbody>
            {report.resources.map((r: Row) => (
              <tr key={r.resourceCode} data-row-key={r.resourceCode}>
                <td>
                  {r.name}
                  <div className="edge-report-code edge-mono">{r.resourceCode}</div>
                </td>
                <td>{t(`sharing.${r.sharingType}`)}</td>
                <td>{t(`cycle.${r.updateCycle}`)}</td>
                {cell('records', number(r.records))}
                {cell('registered', number(r.registered))}
                {cell('corrected', number(r.corrected))}
                {cell('withdrawn', number(r.withdrawn))}
                {r.sharingType === 'none' ? (
                  <td colSpan={3} className="edge-report-negative" data-negative="true">
                    {t('report.negativeList')}
                  </td>
                ) : (
                  <>
                    {cell('delivered', number(r.delivered ?? 0))}
                    {cell('rejected', number(r.rejected ?? 0))}
                    {cell('sharingRate', formatRate(r.sharingRate, lang))}
                  </>
                )}
                <td data-timely={String(r.timely)} data-provided={String(r.provided)}>
                  {t(r.timely === null ? 'report.timely.notProvided' : r.timely ? 'report.timely.yes' : 'report.timely.no')}
                </td>
                {cell('activeDays', number(r.activeDays))}
              </tr>
            ))}
            {report.resources.length === 0 && (
              <tr>
                <td colSpan={12}>{t('report.noResources')}</td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr data-row-key="total">
              <th>
                {t('report.total')}
                <div className="edge-report-code">{t('report.total.inUse', { n: number(report.resourcesInUse) })}</div>
              </th>
              <td data-col="sharing">—</td>
              <td data-col="cycle">—</td>
              {cell('records', number(totals.records))}
              {cell('registered', number(totals.registered))}
              {cell('corrected', number(totals.corrected))}
              {cell('withdrawn', number(totals.withdrawn))}
              {cell('delivered', number(totals.delivered))}
              {cell('rejected', number(totals.rejected))}
              {cell('sharingRate', formatRate(totals.sharingRate, lang))}
              <td data-col="timely">{t('report.total.timely', { timely: number(totals.timely), provided: number(totals.provided) })}</td>
              {cell('activeDays', number(totals.activeDays))}
            </tr>
          </tfoot>
        </table>
        <p style={{ fontSize: 12, color: '#555' }}>{t('report.units')}</p>
      </section>

      <section>
        <h2>{t('report.section.backups')}</h2>
        <table className="edge-report-table edge-report-facts" data-testid={TID.reportBackups}>
          <tbody>
            <tr>
              <th>{t('report.backups.made')}</th>
              <td>{t('report.backups.count', { n: number(backups.made), failed: number(backups.failed) })}</td>
              <th>{t('report.backups.verified')}</th>
              <td>{t('report.backups.count', { n: number(backups.verified), failed: number(backups.verifyFailed) })}</td>
            </tr>
            <tr>
              <th>{t('report.backups.uploaded')}</th>
              <td>{t('report.times', { n: number(backups.uploaded) })}</td>
              <th>{t('report.backups.last')}</th>
              <td>{formatTime(backups.lastBackupAt)}</td>
            </tr>
            <tr>
              <th>{t('report.backups.lastVerified')}</th>
              <td colSpan={3}>{formatTime(backups.lastVerifiedAt)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('report.section.outages')}</h2>
        {report.outages.length === 0 ? (
          <p data-testid={TID.reportOutages}>{t('report.outages.none')}</p>
        ) : (
          <table className="edge-report-table" data-testid={TID.reportOutages}>
            <thead>
              <tr>
                <th>{t('report.outages.from')}</th>
                <th>{t('report.outages.to')}</th>
                <th>{t('report.outages.duration')}</th>
                <th>{t('report.outages.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.outages.map((o) => (
                <tr key={o.from}>
                  <td>{formatTime(o.from)}</td>
                  <td>{o.to ? formatTime(o.to) : t('report.outages.ongoing')}</td>
                  <td>{formatDuration(o.minutes * 60_000, t)}</td>
                  <td>{o.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <footer className="edge-report-foot">{t('report.generatedAt', { time: formatTime(report.generatedAt) })}</footer>
    </article>
  );
}
