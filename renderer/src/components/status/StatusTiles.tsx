// The eight tiles of 节点状态, each with the figures behind its level: the exchange link,
// the node certificate, the sync queue, backups, the catalog, disk space, the local clock
// and the app.
// Aggregates and times only — nothing here can carry a record's content.
import { Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { DashboardTiles } from '../../../../common/contract';
import { formatBytes } from '../../../../common/text/format-bytes';
import { formatDuration, formatTime, formatTimeRelative } from '../../format';
import { useI18n } from '../../i18n';
import { statusTileTestId } from '../../testids';
import { StatusTile, type Figure } from './StatusTile';
import { TILE_ORDER } from './tile-order';

const HOUR_MS = 60 * 60_000;

export function StatusTiles({ tiles, now }: { tiles: DashboardTiles; now: number }) {
  const { t, lang } = useI18n();
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const never = t('dash.never');
  const when = (iso: string | null) => (iso ? formatTimeRelative(iso, now, t) : never);
  const danger = (show: boolean, node: ReactNode) => (show ? <Typography.Text type="danger">{node}</Typography.Text> : node);

  const { link, certificate, queue, backup, catalog, disk, app, clock } = tiles;
  const clockOffset = (seconds: number) =>
    seconds === 0 ? t('dash.clock.same') : t(seconds > 0 ? 'dash.clock.ahead' : 'dash.clock.behind', { d: formatDuration(Math.abs(seconds) * 1000, t) });
  const figures: Record<keyof DashboardTiles, Figure[]> = {
    link: [
      { key: 'state', label: t('dash.link.state'), value: t(`sync.link.${link.state}`) },
      { key: 'contact', label: t('dash.link.lastContact'), value: when(link.lastContactAt) },
      { key: 'latency', label: t('dash.link.latency'), value: link.latencyMs === null ? '—' : t('dash.unit.ms', { n: number(link.latencyMs) }) },
      { key: 'failures', label: t('dash.link.failures'), value: danger(link.consecutiveFailures > 0, t('dash.unit.times', { n: number(link.consecutiveFailures) })) },
    ],
    certificate: certificate.present
      ? [
          { key: 'notAfter', label: t('dash.cert.notAfter'), value: formatTime(certificate.notAfter) },
          { key: 'days', label: t('dash.cert.daysLeft'), value: certificate.daysLeft === null ? '—' : danger(certificate.daysLeft < 0, t('dash.unit.days', { n: number(certificate.daysLeft) })) },
          { key: 'revoked', label: t('dash.cert.revoked'), value: danger(certificate.revoked, t(certificate.revoked ? 'dash.cert.revokedYes' : 'dash.cert.revokedNo')) },
        ]
      : [{ key: 'present', label: t('dash.cert.present'), value: t('dash.cert.none') }],
    queue: [
      { key: 'depth', label: t('dash.queue.depth'), value: <span data-value={queue.depth}>{t('dash.unit.records', { n: number(queue.depth) })}</span> },
      {
        key: 'oldest',
        label: t('dash.queue.oldest'),
        value: queue.oldestPendingHours === null ? t('dash.queue.empty') : <span title={formatTime(queue.oldestPendingAt)}>{formatDuration(queue.oldestPendingHours * HOUR_MS, t)}</span>,
      },
      { key: 'rejected', label: t('dash.queue.rejected'), value: danger(queue.rejected > 0, t('dash.unit.records', { n: number(queue.rejected) })) },
    ],
    backup: [
      {
        key: 'last',
        label: t('dash.backup.last'),
        value: backup.lastBackupAt ? (
          <>
            {when(backup.lastBackupAt)}
            {backup.lastBackupOk === false && <Typography.Text type="danger">{` ${t('dash.backup.failed')}`}</Typography.Text>}
          </>
        ) : (
          never
        ),
      },
      { key: 'verified', label: t('dash.backup.verified'), value: when(backup.lastVerifiedAt) },
      { key: 'upload', label: t('dash.backup.upload'), value: when(backup.lastUploadAt) },
    ],
    catalog: [
      { key: 'version', label: t('dash.catalog.version'), value: <span className="edge-mono">{catalog.version}</span> },
      { key: 'checked', label: t('dash.catalog.checked'), value: when(catalog.checkedAt) },
    ],
    disk: [
      {
        key: 'free',
        label: t('dash.disk.free'),
        value: disk.freeBytes === null ? t('dash.disk.unknown') : disk.totalBytes ? t('dash.disk.freeOfTotal', { free: formatBytes(disk.freeBytes), total: formatBytes(disk.totalBytes) }) : formatBytes(disk.freeBytes),
      },
      { key: 'db', label: t('dash.disk.database'), value: formatBytes(disk.databaseBytes) },
    ],
    clock:
      clock.offsetSeconds === null
        ? [{ key: 'offset', label: t('dash.clock.offset'), value: t('dash.clock.never') }]
        : [
            { key: 'offset', label: t('dash.clock.offset'), value: danger(clock.level !== 'green', clockOffset(clock.offsetSeconds)) },
            { key: 'measured', label: t('dash.clock.measured'), value: formatTime(clock.measuredAt) },
          ],
    app: [
      { key: 'version', label: t('dash.app.version'), value: app.appVersion },
      { key: 'schema', label: t('dash.app.schema'), value: app.schemaVersion },
    ],
  };

  return (
    <Row gutter={[16, 16]}>
      {TILE_ORDER.map((key) => (
        <Col key={key} xs={24} md={12} xl={8}>
          <StatusTile testId={statusTileTestId(key)} title={t(`dash.tile.${key}`)} level={tiles[key].level} sentence={tiles[key].sentence} figures={figures[key]} />
        </Col>
      ))}
    </Row>
  );
}
