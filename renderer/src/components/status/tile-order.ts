// The order the tiles appear in (and are listed in the banner): is data reaching the
// exchange, is the node allowed to send it, is it safe, then the housekeeping.
import type { TileKey } from '../../../../common/contract';

export const TILE_ORDER: readonly TileKey[] = ['link', 'certificate', 'queue', 'backup', 'catalog', 'disk', 'clock', 'app'];
