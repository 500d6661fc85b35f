// `edge-node status` (领导、系统管理员、运维员、审计员), `edge-node diagnostics` (系统管理员、
// 运维员) and `edge-node report` (领导、系统管理员): the dashboard's tiles and per-resource
// figures, the redacted diagnostics bundle for support, and the quarterly report as XLSX —
// the same channels, role checks and audit entries as the 节点状态 page.
// Exit codes of `status` (with or without --json), for monitoring scripts: 0 every tile
// 正常 (green); 2 at least one 注意 (yellow), none 异常; 3 at least one 异常 (red);
// 1 the status could not be read (refused, wrong password, locked node), as for every command.
import { chmodSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Dashboard, DashboardTiles, TileKey, TileLevel } from '../../common/contract';
import { withNode, type GlobalOptions } from './cli-node';
import { printJson, printTable } from './print';
import { CliError } from './secrets';
import { CYCLE_LABEL, SHARING_LABEL } from '../status/labels';
import { chinaDateTime } from '../../common/text/china-time';

export const LEVEL_LABEL: Record<TileLevel, string> = { green: '正常', yellow: '注意', red: '异常' };
export const LEVEL_EXIT_CODE: Record<TileLevel, number> = { green: 0, yellow: 2, red: 3 };

const TILE_LABEL: Record<TileKey, string> = {
  link: '交换平台链路',
  certificate: '节点证书',
  queue: '上报队列',
  backup: '备份',
  catalog: '资源目录',
  disk: '磁盘空间',
  app: '程序版本',
  clock: '本机时钟',
};

const LINK_LABEL: Record<DashboardTiles['link']['state'], string> = {
  'not-configured': '未配置',
  'not-contacted': '已配置，尚未联系',
  online: '在线',
  offline: '离线',
  certificate: '证书问题',
  paused: '已暂停',
};

const TILE_ORDER: TileKey[] = ['link', 'certificate', 'queue', 'backup', 'catalog', 'disk', 'clock', 'app'];

/** A stored UTC time as the offices read it: China Standard Time, to the minute (the header says 北京时间). */
const cst = (iso: string | null) => (iso === null ? '从未' : chinaDateTime(iso, { seconds: false }));
const mib = (bytes: number | null) => (bytes === null ? '未知' : `${Math.round(bytes / 1024 / 1024)} MiB`);
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The facts behind each tile, in one line of Chinese. */
function facts(tiles: DashboardTiles, key: TileKey): string {
  switch (key) {
    case 'link': {
      const t = tiles.link;
      return `${LINK_LABEL[t.state]}，上次联系 ${cst(t.lastContactAt)}${t.latencyMs === null ? '' : `，往返 ${t.latencyMs} 毫秒`}，连续失败 ${t.consecutiveFailures} 次`;
    }
    case 'certificate': {
      const t = tiles.certificate;
      if (!t.present) return '未导入证书';
      return `有效期至 ${t.notAfter === null ? '?' : cst(t.notAfter)}${t.daysLeft === null ? '' : `（剩 ${t.daysLeft} 天）`}${t.revoked ? '，已吊销' : ''}`;
    }
    case 'queue': {
      const t = tiles.queue;
      return `待上报 ${t.depth} 条${t.oldestPendingHours === null ? '' : `，最早一条已等待 ${t.oldestPendingHours} 小时`}，被拒收 ${t.rejected} 条`;
    }
    case 'backup': {
      const t = tiles.backup;
      const last = t.lastBackupAt ? `${cst(t.lastBackupAt)}${t.lastBackupOk === false ? '（失败）' : ''}` : '从未';
      return `上次备份 ${last}，上次恢复演练 ${cst(t.lastVerifiedAt)}，上次上传容灾中心 ${cst(t.lastUploadAt)}`;
    }
    case 'catalog':
      return `版本 ${tiles.catalog.version}，上次与交换平台核对 ${cst(tiles.catalog.checkedAt)}`;
    case 'disk':
      return `剩余 ${mib(tiles.disk.freeBytes)} / 共 ${mib(tiles.disk.totalBytes)}，数据库 ${mib(tiles.disk.databaseBytes)}`;
    case 'app':
      return `程序 ${tiles.app.appVersion}，数据库版本 ${tiles.app.schemaVersion}`;
    case 'clock': {
      const t = tiles.clock;
      if (t.offsetSeconds === null) return '尚未与交换平台对时';
      const seconds = Math.abs(t.offsetSeconds);
      const way = t.offsetSeconds === 0 ? '一致' : t.offsetSeconds > 0 ? `快 ${seconds} 秒` : `慢 ${seconds} 秒`;
      return `与交换平台相比本机${way}（${cst(t.measuredAt)} 测得）`;
    }
  }
}

function printDashboard(d: Dashboard): void {
  console.log(`节点状态：${LEVEL_LABEL[d.overall]}  ${d.node.unitName}（区划 ${d.node.divisionCode}，节点编号 ${d.node.nodeId}）  ${cst(d.generatedAt)}（北京时间）`);
  for (const key of TILE_ORDER) {
    const tile = d.tiles[key];
    console.log(`[${LEVEL_LABEL[tile.level]}] ${TILE_LABEL[key]}：${facts(d.tiles, key)}`);
    if (tile.sentence) console.log(`       ${tile.sentence}`);
  }
  console.log('');
  printTable(
    ['资源代码', '资源名称', '共享类型', '更新周期', '有效记录', '本月新增', '本季新增', '最近更新', '逾期', '拒收率', '共享率'],
    d.resources.map((r) => {
      const negative = r.sharingType === 'none';
      return [
        r.resourceCode,
        r.name,
        SHARING_LABEL[r.sharingType],
        CYCLE_LABEL[r.updateCycle],
        r.records,
        r.newThisMonth,
        r.newThisQuarter,
        r.lastUpdateDay ?? '从未',
        r.overdue ? '逾期' : '-',
        negative ? '不上报' : percent(r.rejectionRate),
        negative ? '不上报' : percent(r.sharingRate),
      ];
    }),
  );
}

/** `2026Q3`, `2026-Q3` or `2026q3`. */
export function parseQuarter(text: string): { year: number; quarter: number } {
  const match = /^(\d{4})\s*-?\s*[Qq]([1-4])$/.exec(text.trim());
  if (!match) throw new CliError(`--quarter 应写成 年份Q季度，例如 2026Q3（季度为 1–4），收到「${text}」`);
  return { year: Number(match[1]), quarter: Number(match[2]) };
}

/** Writes a file only its owner can read, also when it replaces an existing file (whose mode `writeFileSync` would keep). */
function writePrivateFile(path: string, data: string | Buffer): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function addStatusCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('节点状态：各项指标（正常/注意/异常）与各资源的数据情况（领导、系统管理员、运维员、审计员）。退出码：0 全部正常，2 有“注意”，3 有“异常”')
    .requiredOption('--as <用户名>', '用户名')
    .option('--json', '以 JSON 输出（供脚本使用；退出码相同）')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const dashboard = await node.call('status.dashboard', {});
        if (o.json) printJson(dashboard);
        else printDashboard(dashboard);
        process.exitCode = LEVEL_EXIT_CODE[dashboard.overall];
      });
    });

  program
    .command('diagnostics')
    .description('生成诊断包（已脱敏的 JSON，不含个人数据与密钥），可发给技术支持（系统管理员、运维员）')
    .requiredOption('--as <用户名>', '系统管理员或运维员用户名')
    .option('--out <文件>', '写入的文件（默认当前目录下的诊断包文件名）')
    .action(async (o: { as: string; out?: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const bundle = await node.call('status.diagnostics', {});
        const path = resolve(o.out ?? bundle.fileName);
        writePrivateFile(path, bundle.json);
        console.log(`诊断包已写入：${path}（${Buffer.byteLength(bundle.json)} 字节，仅本用户可读）`);
      });
    });

  program
    .command('report')
    .description('季度报告：导出为 XLSX（领导、系统管理员）')
    .requiredOption('--as <用户名>', '领导或系统管理员用户名')
    .requiredOption('--quarter <季度>', '季度，例如 2026Q3', parseQuarter)
    .option('--out <文件>', '写入的文件（默认当前目录下的 季度报告-<节点编号>-<季度>.xlsx）')
    .option('--json', '不写 XLSX，以 JSON 输出报告内容')
    .action(async (o: { as: string; quarter: { year: number; quarter: number }; out?: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        if (o.json) return printJson(await node.call('status.quarterlyReport', o.quarter));
        const { fileName, xlsxBase64 } = await node.call('status.quarterlyReportXlsx', o.quarter);
        const path = resolve(o.out ?? fileName);
        const bytes = Buffer.from(xlsxBase64, 'base64');
        writePrivateFile(path, bytes);
        console.log(`${o.quarter.year}年第${o.quarter.quarter}季度报告已写入：${path}（${bytes.length} 字节）`);
      });
    });
}
