// The tile rules the integration test (test/status/dashboard-tiles.test.ts) does not reach
// from real states cheaply: a paused queue, a node "online" that has stopped contacting the
// exchange, stale verify drills and DR uploads, a failed last backup, a stale catalog, a
// restore not yet reconciled. Facts in, tiles out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardTilesSchema, type SyncStatus } from '../../common/contract';
import { buildTiles, worst, type StatusFacts } from './tiles';
import { DEFAULT_THRESHOLDS } from './thresholds';

const NOW = new Date('2026-11-26T08:00:00Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

function facts(change: { sync?: Partial<SyncStatus>; backup?: Partial<StatusFacts['backup']>; catalogCheckedAt?: string | null } = {}): StatusFacts {
  return {
    now: NOW,
    sync: { link: 'online', problem: null, paused: false, running: false, queueDepth: 0, inFlight: 0, rejected: 0, oldestPendingAt: null, lastSuccessAt: ago(0.1), lastAttemptAt: ago(0.1), nextAttemptAt: null, consecutiveFailures: 0, throughputPerMinute: 0, epoch: 1, highWaterMark: 0, progress: null, eta: null, auditToProve: 0, clockSkew: null, ...change.sync },
    lastLatencyMs: 40,
    certificate: { subject: 'CN=n', issuer: 'CN=ca', serialNumber: '01', notBefore: ago(24), notAfter: ago(-24 * 300), fingerprintSha256: 'ab', daysLeft: 300, warning: 'none', warningMessage: null },
    backup: { lastGoodBackupAt: ago(2), lastGoodVerifyAt: ago(3), lastGoodUploadAt: ago(2), verifyFileGone: false, lastBackupFailure: null, folderProblem: null, drUploadConfigured: true, reconcilePending: false, ...change.backup },
    catalog: { version: '2026.1', checkedAt: change.catalogCheckedAt === undefined ? ago(1) : change.catalogCheckedAt },
    disk: { freeBytes: 50 * 1024 ** 3, totalBytes: 100 * 1024 ** 3 },
    databaseBytes: 1024 ** 2,
    appVersion: '0.1.0',
    schemaVersion: 4,
  };
}

const tiles = (f: StatusFacts) => buildTiles(f, DEFAULT_THRESHOLDS);

test('a healthy node is green everywhere, with no sentences', () => {
  const all = tiles(facts());
  for (const [key, tile] of Object.entries(all)) assert.deepEqual([key, tile.level, tile.sentence], [key, 'green', null]);
  assert.equal(worst(Object.values(all).map((t) => t.level)), 'green');
});

test('paused sync is yellow and says who resumes it', () => {
  const link = tiles(facts({ sync: { link: 'paused', paused: true } })).link;
  assert.equal(link.level, 'yellow');
  assert.match(link.sentence!, /同步已暂停.*运维员.*继续/);
});

test('"online" but silent for hours: yellow after 2 h, red after 24 h', () => {
  assert.equal(tiles(facts({ sync: { lastSuccessAt: ago(1) } })).link.level, 'green');
  const quiet = tiles(facts({ sync: { lastSuccessAt: ago(3) } })).link;
  assert.equal(quiet.level, 'yellow');
  assert.match(quiet.sentence!, /已 3 小时没有与省交换平台联系.*立即同步/);
  assert.equal(tiles(facts({ sync: { lastSuccessAt: ago(30) } })).link.level, 'red');
});

test('offline below the thresholds is yellow (the tile reads 连接中断), saying it retries; a node that never connected and fails is red', () => {
  // Issue 12: this was green, under a state that read "连接中断，自动重试中".
  const once = tiles(facts({ sync: { link: 'offline', consecutiveFailures: 1 } })).link;
  assert.equal(once.level, 'yellow');
  assert.match(once.sentence!, /暂时连不上省交换平台.*自动重试.*2 小时后仍未恢复/);
  const never = tiles(facts({ sync: { link: 'offline', consecutiveFailures: 1, lastSuccessAt: null } })).link;
  assert.equal(never.level, 'red');
  assert.match(never.sentence!, /从未连通/);
});

test('every link state: the level and the sentence agree, and a link that is down is never green', () => {
  const states = dashboardTilesSchema.shape.link.shape.state.options;
  const down = new Set(['offline', 'certificate', 'not-configured']);
  for (const link of states) {
    for (const consecutiveFailures of [0, 1, 3, 10]) {
      for (const quietHours of [0.1, 3, 30, null]) {
        const tile = tiles(facts({ sync: { link, paused: link === 'paused', consecutiveFailures, lastSuccessAt: quietHours === null ? null : ago(quietHours), problem: link === 'certificate' ? '证书已过期' : null } })).link;
        const what = `${link}, ${consecutiveFailures} failures, quiet ${quietHours} h`;
        assert.equal(tile.state, link, what);
        // A sentence exactly when the tile is not green: a green tile says nothing is wrong.
        assert.equal(tile.sentence === null, tile.level === 'green', `${what}: level ${tile.level}, sentence ${tile.sentence}`);
        if (down.has(link) || link === 'paused' || link === 'not-contacted') assert.notEqual(tile.level, 'green', what);
        if (link === 'certificate' || link === 'not-configured') assert.equal(tile.level, 'red', what);
        if (tile.level === 'red' && link === 'offline') assert.match(tile.sentence!, /联系县信息中心|很久|没有与省交换平台联系/, what);
      }
    }
  }
});

test('every tile: a sentence exactly when it is not green', () => {
  const variants = [
    facts(),
    facts({ sync: { link: 'offline', consecutiveFailures: 1 } }),
    facts({ sync: { rejected: 2 } }),
    facts({ backup: { lastGoodVerifyAt: null, verifyFileGone: true } }),
    facts({ backup: { drUploadConfigured: false } }),
    facts({ backup: { lastGoodBackupAt: null } }),
    facts({ catalogCheckedAt: null }),
    facts({ backup: { reconcilePending: true } }),
  ];
  for (const f of variants) for (const [key, tile] of Object.entries(tiles(f))) assert.equal(tile.sentence === null, tile.level === 'green', `${key}: ${tile.level} / ${tile.sentence}`);
});

test('a verify drill whose file retention deleted no longer counts, and the tile says so', () => {
  const gone = tiles(facts({ backup: { lastGoodVerifyAt: null, verifyFileGone: true } })).backup;
  assert.equal(gone.level, 'yellow');
  assert.equal(gone.lastVerifiedAt, null);
  assert.match(gone.sentence!, /做过恢复演练的备份文件已被删除.*执行“验证”/);
});

test('backups: a failed last attempt, a stale drill, a stale or missing DR upload', () => {
  const failed = tiles(facts({ backup: { lastBackupFailure: '备份文件夹已满' } })).backup;
  assert.deepEqual([failed.level, failed.lastBackupOk], ['yellow', false]);
  assert.match(failed.sentence!, /最近一次备份失败：备份文件夹已满/);
  const drill = tiles(facts({ backup: { lastGoodVerifyAt: ago(24 * 31) } })).backup;
  assert.match(drill.sentence!, /已 31 天未做恢复演练/);
  assert.match(tiles(facts({ backup: { lastGoodUploadAt: null } })).backup.sentence!, /从未成功上传到省容灾备份中心/);
  assert.match(tiles(facts({ backup: { lastGoodUploadAt: ago(24 * 4) } })).backup.sentence!, /已 4 天没有备份上传/);
});

test('catalog unchecked for 30 days is yellow; a restore not yet reconciled turns the app tile yellow', () => {
  const stale = tiles(facts({ catalogCheckedAt: ago(24 * 31) })).catalog;
  assert.equal(stale.level, 'yellow');
  assert.match(stale.sentence!, /已 31 天未与省交换平台核对/);
  const app = tiles(facts({ backup: { reconcilePending: true } })).app;
  assert.equal(app.level, 'yellow');
  assert.match(app.sentence!, /从备份恢复.*核对同步位置/);
});

test('the worst level wins', () => {
  assert.equal(worst(['green', 'yellow', 'green']), 'yellow');
  assert.equal(worst(['yellow', 'red', 'green']), 'red');
});
