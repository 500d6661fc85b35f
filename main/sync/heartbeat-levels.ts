// The heartbeat's status record and the levels in it. The sync service compares levels to
// send a heartbeat soon after one changes (level-watch.ts); the status concern fills the
// record (main/status/heartbeat-status.ts). Kept here so sync never imports status.

/** A flat record of levels, key figures and usage counts (docs/protocol.md "Heartbeat status"). */
export type HeartbeatStatus = Record<string, string | number | boolean | null>;

/** The overall level's key; every tile's level is `tile.<key>` (link, certificate, queue…). */
export const LEVEL_KEY = 'level';
export const TILE_PREFIX = 'tile.';

/** The levels of a heartbeat status (overall and per tile): what a state change is judged by. */
export function levelsOf(status: HeartbeatStatus): Record<string, string> {
  const levels: Record<string, string> = {};
  for (const [key, value] of Object.entries(status)) {
    if ((key === LEVEL_KEY || key.startsWith(TILE_PREFIX)) && typeof value === 'string') levels[key] = value;
  }
  return levels;
}
