// The dashboard's two charts: record versions to deliver and delivered per day over the last
// 90 days (is data reaching the exchange), and the sync queue's depth over time (does the
// backlog drain). Each has a one-line total beneath it, so the figures are there in words too
// — for screen readers, and for anyone who cannot read the colours. Both series of the first
// chart count the same thing, record versions (a registration, a correction and a withdrawal
// are one each): "登记 6 条，上报成功 8 条" compared records with versions. New records are
// said in words beside them.
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useMemo } from 'react';
import type { Dashboard } from '../../../../common/contract';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { EChart, type ChartOption } from './EChart';

const QUEUED = '#1a5fb4';
const DELIVERED = '#389e0d';
const QUEUE = '#d48806';

export function ActivityCharts({ daily, queueDepth }: Pick<Dashboard, 'daily' | 'queueDepth'>) {
  const { t, lang } = useI18n();
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const registered = daily.reduce((sum, d) => sum + d.registered, 0);
  const queued = daily.reduce((sum, d) => sum + d.queued, 0);
  const delivered = daily.reduce((sum, d) => sum + d.delivered, 0);
  const maxDepth = queueDepth.reduce((max, s) => Math.max(max, s.depth), 0);

  const dailyOption = useMemo<ChartOption>(
    () => ({
      // No animation: the dashboard refreshes itself, and a chart that regrows every half
      // minute draws the eye for nothing.
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: daily.map((d) => d.day), axisLabel: { formatter: (v: string) => v.slice(5) } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dash.chart.queued'), type: 'bar', data: daily.map((d) => d.queued), itemStyle: { color: QUEUED } },
        { name: t('dash.chart.delivered'), type: 'line', data: daily.map((d) => d.delivered), itemStyle: { color: DELIVERED }, symbol: 'none', lineStyle: { width: 2 } },
      ],
    }),
    [daily, t],
  );

  const queueOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dash.chart.queueDepth'),
          type: 'line',
          step: 'end',
          // A fresh node has a sample or two: without dots they would draw nothing at all.
          showSymbol: queueDepth.length < 30,
          areaStyle: { opacity: 0.15 },
          itemStyle: { color: QUEUE },
          data: queueDepth.map((s) => [s.at, s.depth]),
        },
      ],
    }),
    [queueDepth, t],
  );

  const dailyLabel = t('dash.chart.dailySummary', { days: daily.length, registered: number(registered), queued: number(queued), delivered: number(delivered) });
  const queueLabel =
    queueDepth.length > 0
      ? t('dash.chart.queueSummary', { from: formatTime(queueDepth[0]!.at), max: number(maxDepth), last: number(queueDepth[queueDepth.length - 1]!.depth) })
      : t('dash.chart.queueNone');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('dash.chart.dailyTitle')} style={{ height: '100%' }}>
          <EChart option={dailyOption} height={280} label={dailyLabel} testId={TID.statusChartDaily} />
          <Typography.Text type="secondary" data-testid={TID.statusChartDailySummary} data-registered={registered} data-queued={queued} data-delivered={delivered}>
            {dailyLabel}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dash.chart.versionsNote')}
            </Typography.Text>
          </div>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('dash.chart.queueTitle')} style={{ height: '100%' }}>
          {queueDepth.length > 0 ? (
            <EChart option={queueOption} height={280} label={queueLabel} testId={TID.statusChartQueue} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={queueLabel} style={{ height: 280, display: 'flex', flexDirection: 'column', justifyContent: 'center' }} />
          )}
          {queueDepth.length > 0 && <Typography.Text type="secondary">{queueLabel}</Typography.Text>}
        </Card>
      </Col>
    </Row>
  );
}
