// The province's view of its nodes: one summary per node from its latest heartbeat, and the
// Chinese listing `exchange nodes` prints, so a county sees all its township nodes at once —
// including the ones that stopped reporting (silent) or never reported. Pure: rows and a
// clock in, summaries and text out. The heartbeat status fields are described in
// docs/protocol.md ("Heartbeat status"). A node whose signed audit heads misbehaved
// (audit-heads.ts) is marked 审计链异常 with the reason, until the province looks into it and
// clears it (`exchange audit-clear`); then it reads 审计链异常已核查, with who cleared it and why.
import type { Heartbeat } from '../protocol/messages';
import { AUDIT_ANOMALIES } from './audit-heads';
import type { NodeRow } from './store';

export type Level = 'green' | 'yellow' | 'red';

export interface NodeSummary {
  nodeId: string;
  /** The unit as the node reports it, else as its client certificate names it. */
  unit: string | null;
  /** The node's division code (GB/T 2260) as it reports it. */
  divisionCode: string | null;
  /** The client certificate's unit (O) and county (L): the province's own record of who it is. */
  certUnit: string | null;
  certCounty: string | null;
  lastHeartbeatAt: string | null;
  /** Minutes since the latest heartbeat arrived; null when none ever did. */
  ageMinutes: number | null;
  /** No heartbeat for longer than the silence threshold, or never one. */
  silent: boolean;
  /** The node's own overall level in its latest heartbeat; null before it reported one. */
  level: Level | null;
  /** Tiles that were not green in the latest heartbeat (link, certificate, queue…). */
  problems: string[];
  queueDepth: number | null;
  oldestPendingAt: string | null;
  rejected: number | null;
  lastBackupAt: string | null;
  appVersion: string | null;
  catalogVersion: string | null;
  /** The latest heartbeat's status as sent (aggregates only), for scripts. */
  status: Heartbeat['status'] | null;
  /**
   * 审计链异常: the newest anomaly of the node's signed audit heads; null when there was none.
   * `clearedBy` set: the province looked into it and cleared it (listed as 已核查, not counted).
   */
  auditChain: { code: string; kind: string; reason: string; at: string; count: number; clearedBy: string | null } | null;
}

export interface ListingOptions {
  now: Date;
  /** A node is silent after this many hours without a heartbeat. */
  silentHours: number;
  /** Only nodes whose division code starts with this (a county's 6-digit code lists its townships). */
  division?: string;
}

export const LEVEL_NAMES: Record<Level, string> = { green: '正常', yellow: '注意', red: '异常' };

/** Tile keys of the heartbeat (`tile.<key>`) in the words of the dashboard. */
const TILE_NAMES: Record<string, string> = {
  link: '链路',
  certificate: '证书',
  queue: '同步队列',
  backup: '备份',
  catalog: '目录',
  disk: '磁盘',
  app: '程序',
};

export function summarizeNodes(rows: NodeRow[], o: ListingOptions): NodeSummary[] {
  // Grouped by division, so a county's townships sit together; unknown divisions last.
  const key = (s: NodeSummary) => `${s.divisionCode ?? '\uffff'}\u0000${s.nodeId}`;
  return rows
    .map((row) => summarize(row, o))
    .filter((s) => !o.division || (s.divisionCode ?? '').startsWith(o.division))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function summarize(row: NodeRow, o: ListingOptions): NodeSummary {
  const status = row.heartbeat?.status ?? null;
  const str = (key: string) => (status && typeof status[key] === 'string' ? (status[key] as string) : null);
  const num = (key: string) => (status && typeof status[key] === 'number' ? (status[key] as number) : null);
  const level = str('level');
  const ageMs = row.receivedAt === null ? null : Math.max(0, o.now.getTime() - Date.parse(row.receivedAt));
  const ageMinutes = ageMs === null ? null : Math.floor(ageMs / 60_000);
  return {
    nodeId: row.nodeId,
    unit: str('unitName') ?? row.cert.unit,
    divisionCode: str('divisionCode'),
    certUnit: row.cert.unit,
    certCounty: row.cert.county,
    lastHeartbeatAt: row.receivedAt,
    ageMinutes,
    silent: ageMs === null || ageMs > o.silentHours * 3_600_000,
    level: level === 'green' || level === 'yellow' || level === 'red' ? level : null,
    problems: Object.entries(status ?? {})
      .filter(([key, value]) => key.startsWith('tile.') && (value === 'yellow' || value === 'red'))
      .map(([key]) => key.slice('tile.'.length)),
    queueDepth: num('queueDepth'),
    oldestPendingAt: str('oldestPendingAt'),
    rejected: num('rejected'),
    lastBackupAt: str('lastBackupAt'),
    appVersion: row.heartbeat?.appVersion ?? null,
    catalogVersion: row.heartbeat?.catalogVersion ?? null,
    status,
    auditChain: row.auditAnomaly && {
      code: row.auditAnomaly.code,
      kind: row.auditAnomaly.code === 'AUDIT_CLEARED' ? '已核查' : AUDIT_ANOMALIES[row.auditAnomaly.code],
      reason: row.auditAnomaly.reason,
      at: row.auditAnomaly.at,
      count: row.auditAnomaly.count,
      clearedBy: row.auditAnomaly.clearedBy,
    },
  };
}

/** The listing as printed: a summary line, then one line per node (times in China Standard Time). */
export function formatListing(nodes: NodeSummary[], o: ListingOptions): string {
  const silent = nodes.filter((n) => n.silent).length;
  const count = (level: Level) => nodes.filter((n) => !n.silent && n.level === level).length;
  const chains = nodes.filter((n) => n.auditChain !== null && n.auditChain.clearedBy === null).length;
  const head =
    `共 ${nodes.length} 个节点：正常 ${count('green')}，注意 ${count('yellow')}，异常 ${count('red')}，失联 ${silent}` +
    (chains > 0 ? `，审计链异常 ${chains}` : '') +
    `（超过 ${o.silentHours} 小时无心跳为失联；时间为北京时间，${cstTime(o.now.toISOString())}）`;
  if (nodes.length === 0) return `${head}\n尚无节点上报。\n`;
  return `${head}\n${nodes.map((n) => formatLine(n, o)).join('\n')}\n`;
}

export function formatLine(n: NodeSummary, o: ListingOptions): string {
  const parts = [
    n.nodeId,
    n.unit ?? '（单位未知）',
    n.divisionCode ?? '（区划未知）',
    n.lastHeartbeatAt === null ? '从未上报心跳' : `最后心跳 ${cstTime(n.lastHeartbeatAt)}（${ageText(n.ageMinutes!)}）`,
    n.level === null ? '状态未知' : `状态 ${LEVEL_NAMES[n.level]}${n.problems.length > 0 ? `（${n.problems.map((p) => TILE_NAMES[p] ?? p).join('、')}）` : ''}`,
    `队列 ${n.queueDepth ?? '—'}`,
    `最早待传 ${n.oldestPendingAt ? cstTime(n.oldestPendingAt) : '—'}`,
    `最后备份 ${n.lastBackupAt ? cstTime(n.lastBackupAt) : '—'}`,
    `版本 ${n.appVersion ?? '—'}`,
    `目录 ${n.catalogVersion ?? '—'}`,
  ];
  if (n.silent) parts.push(n.lastHeartbeatAt === null ? '【失联：从未上报】' : `【失联：超过 ${o.silentHours} 小时无心跳】`);
  const chain = n.auditChain;
  if (chain?.clearedBy) parts.push(`【审计链异常已核查：${chain.clearedBy} 于 ${cstTime(chain.at)} 确认「${chain.reason}」（此前异常共 ${chain.count} 次）】`);
  else if (chain) parts.push(`【审计链异常（${chain.kind}）：${chain.reason}；${cstTime(chain.at)} 记录${chain.count > 1 ? `，共 ${chain.count} 次` : ''}】`);
  return parts.join('  ');
}

/** YYYY-MM-DD HH:mm in China Standard Time (UTC+8 all year), the offices' clock. */
export function cstTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function ageText(minutes: number): string {
  if (minutes < 1) return '刚刚';
  if (minutes < 60) return `${minutes} 分钟前`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} 小时前`;
  return `${Math.floor(minutes / 1440)} 天前`;
}
