// The first thing an official reads: is the node doing its job? The worst tile decides the
// banner; it names the tiles that need attention so nobody has to scan the grid for colour.
import { Alert } from 'antd';
import type { DashboardTiles, TileKey, TileLevel } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';
import { TILE_ORDER } from './tile-order';

const ALERT_TYPE: Record<TileLevel, 'success' | 'warning' | 'error'> = { green: 'success', yellow: 'warning', red: 'error' };

export function OverallBanner({ overall, tiles }: { overall: TileLevel; tiles: DashboardTiles }) {
  const { t } = useI18n();
  const names = (level: TileLevel) => TILE_ORDER.filter((k: TileKey) => tiles[k].level === level).map((k) => t(`dash.tile.${k}`));
  const red = names('red');
  const yellow = names('yellow');
  const parts = [
    red.length > 0 ? t('dash.overall.redList', { list: red.join(t('dash.overall.listSep')) }) : null,
    yellow.length > 0 ? t('dash.overall.yellowList', { list: yellow.join(t('dash.overall.listSep')) }) : null,
  ].filter((p): p is string => p !== null);
  return (
    <div data-testid={TID.statusOverall} data-level={overall}>
      <Alert type={ALERT_TYPE[overall]} showIcon title={t(`dash.overall.${overall}`)} description={parts.length > 0 ? parts.join(t('dash.overall.groupSep')) : undefined} />
    </div>
  );
}
