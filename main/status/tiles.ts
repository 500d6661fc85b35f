// The dashboard's tiles: from facts about the node to green / yellow / red, each with one
// Chinese sentence saying what is wrong and what to do. Pure (facts in, tiles out), so every
// rule is testable without waiting for a certificate to expire; the facts are gathered by
// status-facts.ts. The thresholds and the reasoning behind them are in docs/status.md.
import type { CertificateView, DashboardTiles, StatusThresholds, SyncStatus, TileLevel } from '../../common/contract';
import { CLOCK_SKEW_WARN_MS, roughDuration } from '../../sync/client/clock-skew';

export interface StatusFacts {
  now: Date;
  sync: SyncStatus;
  lastLatencyMs: number | null;
  certificate: CertificateView | null;
  backup: {
    /** Last good backup, verified restore and DR upload (from the events kept since each began). */
    lastGoodBackupAt: string | null;
    lastGoodVerifyAt: string | null;
    lastGoodUploadAt: string | null;
    /** The file of the last verify drill is no longer in the backup folder, and no file there passed one. */
    verifyFileGone: boolean;
    /** The last backup attempt failed: its Chinese message. */
    lastBackupFailure: string | null;
    folderProblem: string | null;
    drUploadConfigured: boolean;
    reconcilePending: boolean;
  };
  catalog: { version: string; checkedAt: string | null };
  disk: { freeBytes: number; totalBytes: number } | null;
  databaseBytes: number;
  appVersion: string;
  schemaVersion: number;
  /** A restore to an older backup lost audit entries (main/audit/public-chain.ts gapAlarm). */
  auditGap?: { lostFrom: number; lostTo: number; restoredAt: string } | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RANK: Record<TileLevel, number> = { green: 0, yellow: 1, red: 2 };

export function worst(levels: TileLevel[]): TileLevel {
  return levels.reduce<TileLevel>((a, b) => (RANK[b] > RANK[a] ? b : a), 'green');
}

/** "3 小时" / "2 天" — how long ago, in the words an office uses. */
export function ageText(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / 60_000))} 分钟`;
  if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} 小时`;
  return `${Math.floor(ms / DAY)} 天`;
}

/** How long ago; never negative: a time "in the future" (the clock was put back) counts as just now, and the clock tile says why. */
function since(now: Date, iso: string | null): number | null {
  return iso === null ? null : Math.max(0, now.getTime() - Date.parse(iso));
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

export function buildTiles(f: StatusFacts, th: StatusThresholds): DashboardTiles {
  return {
    link: linkTile(f, th),
    certificate: certificateTile(f, th),
    queue: queueTile(f, th),
    backup: backupTile(f, th),
    catalog: catalogTile(f, th),
    disk: diskTile(f, th),
    clock: clockTile(f),
    app: appTile(f),
  };
}

function appTile(f: StatusFacts): DashboardTiles['app'] {
  const versions = { appVersion: f.appVersion, schemaVersion: f.schemaVersion };
  const gap = f.auditGap;
  if (gap) {
    // Red: records of who did what are gone from this node; the province has been told.
    const sentence = `本节点已恢复到较早的备份：审计序号 ${gap.lostFrom}–${gap.lostTo} 的记录不在本机，已记入审计日志并报告省交换平台。请系统管理员核实恢复原因，并保留被替换的数据库文件夹备查。`;
    return { level: 'red', sentence, ...versions };
  }
  if (f.backup.reconcilePending) return { level: 'yellow', sentence: '本节点刚从备份恢复，尚未与省交换平台核对同步位置；联网后会自动完成，完成前暂不上传新数据。', ...versions };
  return { level: 'green', sentence: null, ...versions };
}

function linkTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['link'] {
  const s = f.sync;
  const figures = { state: s.link, lastContactAt: s.lastSuccessAt, latencyMs: f.lastLatencyMs, consecutiveFailures: s.consecutiveFailures };
  const quiet = since(f.now, s.lastSuccessAt);
  const lastContact = quiet === null ? '从未连通' : `最近一次连通在 ${ageText(quiet)}前`;
  if (s.link === 'not-configured') {
    return { ...figures, level: 'red', sentence: '尚未配置省交换平台地址，登记的数据不会上传。请系统管理员在「同步设置」中填写交换平台地址。' };
  }
  if (s.link === 'not-contacted') {
    return { ...figures, level: 'yellow', sentence: '已配置省交换平台地址，尚未与其联系。联网后会自动同步；也可请运维员在「同步队列」中点击「立即同步」。' };
  }
  if (s.link === 'certificate') {
    return { ...figures, level: 'red', sentence: `因证书问题无法连接省交换平台：${s.problem ?? '证书不可用'}。请系统管理员在「证书管理」中处理。` };
  }
  if (s.link === 'paused') {
    return { ...figures, level: 'yellow', sentence: '同步已暂停，数据暂存本机、不会上传。确认无误后请运维员在「同步队列」中点击「继续」。' };
  }
  const hours = quiet === null ? Infinity : quiet / HOUR;
  if (s.link === 'offline' || s.consecutiveFailures > 0) {
    const red = s.consecutiveFailures >= th.linkRedFailures || hours >= th.linkRedHours;
    const yellow = s.consecutiveFailures >= th.linkYellowFailures || hours >= th.linkYellowHours;
    if (red || yellow) {
      return {
        ...figures,
        level: red ? 'red' : 'yellow',
        sentence: `已连续 ${s.consecutiveFailures} 次连接省交换平台失败（${lastContact}），数据暂存本机不会丢失。请检查电子政务外网连接${red ? '，并联系县信息中心' : ''}。`,
      };
    }
    // Below the thresholds, but the tile's state reads 连接中断: a green tile would contradict
    // it. Yellow, and the sentence says that it is retrying and when to act.
    if (s.link === 'offline') {
      return {
        ...figures,
        level: 'yellow',
        sentence: `暂时连不上省交换平台（${lastContact}），正在自动重试，数据暂存本机不会丢失。若 ${th.linkYellowHours} 小时后仍未恢复，请检查电子政务外网连接。`,
      };
    }
    return { ...figures, level: 'green', sentence: null };
  }
  if (hours >= th.linkYellowHours) {
    // Online at the last attempt, but no contact for a long time: sync is not running.
    return {
      ...figures,
      level: hours >= th.linkRedHours ? 'red' : 'yellow',
      sentence: `已 ${quiet === null ? '很久' : ageText(quiet)}没有与省交换平台联系（${lastContact}）。请确认本机处于开机联网状态，必要时请运维员在「同步队列」中点击「立即同步」。`,
    };
  }
  return { ...figures, level: 'green', sentence: null };
}

/**
 * The clock: against the exchange's (its last answer), and against the times the node has
 * itself recorded — a last sync, backup or catalog check later than "now" means the clock
 * was put back, even while the exchange is out of reach.
 */
function clockTile(f: StatusFacts): DashboardTiles['clock'] {
  const skew = f.sync.clockSkew;
  const figures = { offsetSeconds: skew?.offsetSeconds ?? null, measuredAt: skew?.measuredAt ?? null };
  if (skew?.message) {
    const level = Math.abs(skew.offsetSeconds) >= 12 * 3600 ? 'red' : 'yellow';
    return { ...figures, level, sentence: `${skew.message}。` };
  }
  const recorded = [f.sync.lastSuccessAt, f.sync.lastAttemptAt, f.backup.lastGoodBackupAt, f.catalog.checkedAt].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  const ahead = Math.max(0, ...recorded) - f.now.getTime();
  if (ahead > CLOCK_SKEW_WARN_MS) {
    return { ...figures, level: 'yellow', sentence: `本机当前时间比已记录的最近一次同步或备份时间还早${roughDuration(ahead)}，本机时钟可能被调慢或电池失效。请校正本机的日期和时间。` };
  }
  return { ...figures, level: 'green', sentence: null };
}

function certificateTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['certificate'] {
  const c = f.certificate;
  if (!c) return { present: false, notAfter: null, daysLeft: null, revoked: false, level: 'red', sentence: '本节点还没有证书，无法与省交换平台连接。请系统管理员在「证书管理」中生成证书申请，交省 CA 签发后导入。' };
  const figures = { present: true, notAfter: c.notAfter, daysLeft: c.daysLeft, revoked: c.warning === 'revoked' };
  const until = c.notAfter.slice(0, 10);
  if (c.warning === 'revoked') return { ...figures, level: 'red', sentence: '本节点证书已被省 CA 吊销，交换平台将拒绝连接。请立即重新申请证书并导入。' };
  if (c.daysLeft < 0 || c.warning === 'expired') return { ...figures, level: 'red', sentence: `本节点证书已于 ${until} 过期，数据无法上传。请立即向省 CA 申请新证书并在「证书管理」中导入。` };
  if (c.daysLeft <= th.certRedDays) return { ...figures, level: 'red', sentence: `本节点证书将在 ${c.daysLeft} 天后（${until}）过期，过期后数据无法上传。请立即申请新证书并导入。` };
  if (c.daysLeft <= th.certYellowDays) return { ...figures, level: 'yellow', sentence: `本节点证书将在 ${c.daysLeft} 天后（${until}）过期。请尽早在「证书管理」中生成新的证书申请，交省 CA 签发。` };
  return { ...figures, level: 'green', sentence: null };
}

function queueTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['queue'] {
  const s = f.sync;
  const age = since(f.now, s.oldestPendingAt);
  const hours = age === null ? null : Math.round((age / HOUR) * 10) / 10;
  const figures = { depth: s.queueDepth, oldestPendingAt: s.oldestPendingAt, oldestPendingHours: hours, rejected: s.rejected };
  if (hours !== null && age !== null && hours >= th.queueYellowHours) {
    const red = hours >= th.queueRedHours;
    return {
      ...figures,
      level: red ? 'red' : 'yellow',
      sentence: `有 ${s.queueDepth} 条数据尚未上传，最早的一条已等待 ${ageText(age)}。数据保存在本机不会丢失；请先处理「交换平台连接」的问题${red ? '，并联系县信息中心' : ''}。`,
    };
  }
  if (s.rejected > 0) {
    return { ...figures, level: 'yellow', sentence: `有 ${s.rejected} 条数据被省交换平台退回。请运维员在「同步队列」中查看退回原因，由录入员更正后重新提交。` };
  }
  return { ...figures, level: 'green', sentence: null };
}

function backupTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['backup'] {
  const b = f.backup;
  const figures = { lastBackupAt: b.lastGoodBackupAt, lastBackupOk: b.lastBackupFailure === null ? (b.lastGoodBackupAt ? true : null) : false, lastVerifiedAt: b.lastGoodVerifyAt, lastUploadAt: b.lastGoodUploadAt };
  const age = since(f.now, b.lastGoodBackupAt);
  const failed = b.lastBackupFailure ? `最近一次备份失败：${b.lastBackupFailure}。` : '';
  // Before the first backup the folder may simply not exist yet (the backup creates it).
  if (age === null) return { ...figures, level: 'red', sentence: `${failed}本节点还没有任何成功的备份，机器损坏时数据将无法恢复。请系统管理员在「备份与恢复」中立即备份。` };
  if (b.folderProblem) return { ...figures, level: 'red', sentence: `${b.folderProblem}，定时备份无法进行。请系统管理员接好备份盘或在「备份与恢复」中更换备份位置。` };
  const hours = age / HOUR;
  if (hours >= th.backupYellowHours) {
    return {
      ...figures,
      level: hours >= th.backupRedHours ? 'red' : 'yellow',
      sentence: `${failed}距上次成功备份已 ${ageText(age)}。请系统管理员在「备份与恢复」中立即备份，并检查定时备份是否开启。`,
    };
  }
  if (failed) return { ...figures, level: 'yellow', sentence: `${failed}上次成功的备份在 ${ageText(age)}前。请系统管理员查看原因并重新备份。` };
  const verifyAge = since(f.now, b.lastGoodVerifyAt);
  if (verifyAge === null || verifyAge >= th.verifyYellowDays * DAY) {
    const why = verifyAge !== null ? `已 ${ageText(verifyAge)}未做恢复演练` : b.verifyFileGone ? '做过恢复演练的备份文件已被删除，现存的备份都未经恢复演练' : '从未做过恢复演练';
    return { ...figures, level: 'yellow', sentence: `${why}，无法确认备份能否恢复。请系统管理员在「备份与恢复」中对最新备份执行“验证”。` };
  }
  if (!b.drUploadConfigured) {
    return { ...figures, level: 'yellow', sentence: '备份只保存在本单位，机房失火或被盗时会一并丢失。请系统管理员在「备份与恢复」中开启上传到省容灾备份中心。' };
  }
  const uploadAge = since(f.now, b.lastGoodUploadAt);
  if (uploadAge === null || uploadAge >= th.uploadYellowDays * DAY) {
    return { ...figures, level: 'yellow', sentence: `${uploadAge === null ? '备份从未成功上传到省容灾备份中心' : `已 ${ageText(uploadAge)}没有备份上传到省容灾备份中心`}。请检查网络，或在「备份与恢复」中手动上传最新备份。` };
  }
  return { ...figures, level: 'green', sentence: null };
}

function catalogTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['catalog'] {
  const figures = { version: f.catalog.version, checkedAt: f.catalog.checkedAt };
  const age = since(f.now, f.catalog.checkedAt);
  if (age === null) return { ...figures, level: 'yellow', sentence: '资源目录从未与省交换平台核对，可能不是最新版本。连通交换平台后会自动更新。' };
  if (age >= th.catalogYellowDays * DAY) return { ...figures, level: 'yellow', sentence: `资源目录已 ${ageText(age)}未与省交换平台核对，可能不是最新版本。请先处理「交换平台连接」的问题。` };
  return { ...figures, level: 'green', sentence: null };
}

function diskTile(f: StatusFacts, th: StatusThresholds): DashboardTiles['disk'] {
  const figures = { freeBytes: f.disk?.freeBytes ?? null, totalBytes: f.disk?.totalBytes ?? null, databaseBytes: f.databaseBytes };
  if (!f.disk) return { ...figures, level: 'yellow', sentence: '无法读取数据所在磁盘的剩余空间。请联系县信息中心检查本机磁盘。' };
  const freeMiB = f.disk.freeBytes / 1024 ** 2;
  if (freeMiB < th.diskYellowFreeMiB) {
    const red = freeMiB < th.diskRedFreeMiB;
    return {
      ...figures,
      level: red ? 'red' : 'yellow',
      sentence: `数据所在磁盘仅剩 ${mib(f.disk.freeBytes)}（数据库 ${mib(f.databaseBytes)}）${red ? '，空间耗尽时将无法登记新数据' : ''}。请清理磁盘上的其他文件，或联系县信息中心扩容。`,
    };
  }
  return { ...figures, level: 'green', sentence: null };
}
