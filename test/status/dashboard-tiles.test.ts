// The dashboard's tiles driven through green, yellow and red by real states of a real node:
// no exchange configured, no certificate, a stopped exchange, records waiting for days, a
// certificate near and past its end, a revoked certificate, backups missing, unverified,
// kept only locally, at the DR centre, stale and on a folder that is gone, a disk under the
// thresholds. The node's clock is moved (the same clock its certificate, backup and queue
// ages are judged by) instead of waiting; the exchange, TLS, certificates (openssl),
// backups and database are real.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statfsSync } from 'node:fs';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { openRawDatabase } from '../support/raw-database';
import { ADMIN, PASSWORDS } from '../support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { DEFAULT_THRESHOLDS } from '../../main/status/thresholds';
import type { Dashboard, Role, StatusThresholds } from '../../common/contract';
import { backupSettings, usbFolder, waitForJob } from '../backup/support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('dashboard tiles from real states', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let usb: string;
  let offsetMs = 0; // how far the node's clock runs ahead of the real one
  const now = () => new Date(Date.now() + offsetMs);
  // Disk thresholds far below any machine's free space, so the disk tile stays out of the
  // way until its own test moves them.
  const thresholds: StatusThresholds = { ...DEFAULT_THRESHOLDS, diskYellowFreeMiB: 2, diskRedFreeMiB: 1 };

  /** Moving the clock ends idle sessions (15 minutes): every role logs in again. */
  async function setClock(ms: number): Promise<void> {
    offsetMs = ms;
    for (const role of Object.keys(t.tokens) as Role[]) {
      const answer = await t.node.dispatch(null, 'auth.login', { username: role === 'admin' ? ADMIN.username : role, password: PASSWORDS[role] });
      assert.ok(answer.sessionToken, JSON.stringify(answer.result));
      t.tokens[role] = answer.sessionToken;
    }
  }

  const dashboard = (): Promise<Dashboard> => t.ok('official', 'status.dashboard', {});

  async function tile<K extends keyof Dashboard['tiles']>(key: K): Promise<Dashboard['tiles'][K]> {
    return (await dashboard()).tiles[key];
  }

  function assertTile(actual: { level: string; sentence: string | null }, level: 'green' | 'yellow' | 'red', sentence?: RegExp): void {
    assert.equal(actual.level, level, JSON.stringify(actual));
    if (level === 'green') assert.equal(actual.sentence, null);
    else assert.match(actual.sentence ?? '', sentence ?? /./);
  }

  /** One sync attempt, asked for by the operator, waited for by its failure count. */
  async function attempt(failuresAfter: number): Promise<void> {
    await t.ok('operator', 'sync.now', {});
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => !s.running && s.consecutiveFailures === failuresAfter, 20_000, `${failuresAfter} failures`);
  }

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    // Only the operator starts a run, and a failed run waits a minute before its retry: each
    // attempt below is one failure, counted exactly.
    t = await startSyncNode({ automatic: false, engine: { backoff: { baseMs: 60_000, capMs: 60_000 }, requestTimeoutMs: 3_000, newDataDelayMs: 50 } }, { now });
    await t.ok('admin', 'status.setThresholds', thresholds);
    usb = usbFolder();
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
    rmSync(usb, { recursive: true, force: true });
  });

  test('a node just set up: no exchange, no certificate, no backup, catalog never checked — each says what to do', async () => {
    const d = await dashboard();
    assertTile(d.tiles.link, 'red', /尚未配置省交换平台地址.*同步设置/);
    assertTile(d.tiles.certificate, 'red', /还没有证书.*证书管理/);
    assertTile(d.tiles.backup, 'red', /还没有任何成功的备份.*立即备份/);
    assertTile(d.tiles.catalog, 'yellow', /从未与省交换平台核对/);
    assertTile(d.tiles.queue, 'green');
    assertTile(d.tiles.app, 'green');
    assert.equal(d.overall, 'red');
  });

  test('link, certificate and catalog: green once connected', async () => {
    await connectNode(t, pki, exchange.url);
    await t.ok('operator', 'sync.now', {});
    await waitFor(() => t.ok('operator', 'sync.status', {}), (s) => !s.running && s.link === 'online', 60_000, 'the first contact');
    const d = await dashboard();
    assertTile(d.tiles.link, 'green');
    assert.ok(d.tiles.link.latencyMs !== null && d.tiles.link.latencyMs >= 0);
    assertTile(d.tiles.certificate, 'green');
    assert.ok(d.tiles.certificate.daysLeft! > 300);
    assertTile(d.tiles.catalog, 'green');
  });

  test('backups: none is red; never verified, or kept only here, is yellow; verified and at the DR centre is green; stale goes yellow then red; a missing folder is red', async () => {
    assertTile(await tile('backup'), 'red', /还没有任何成功的备份/);
    await t.ok('admin', 'backup.setSettings', backupSettings(usb, { verifyAfterBackup: false }));
    const { jobId } = await t.ok('admin', 'backup.create', {});
    const job = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
    assertTile(await tile('backup'), 'yellow', /从未做过恢复演练.*执行“验证”/);
    const verify = await t.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: job.fileName! } });
    assert.equal((await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId: verify.jobId }))).state, 'done');
    const fresh = await tile('backup');
    assert.ok(fresh.lastVerifiedAt);
    assertTile(fresh, 'yellow', /备份只保存在本单位.*容灾备份中心/);
    assert.ok(fresh.lastBackupAt && fresh.lastBackupOk === true);

    // Uploaded to the DR centre (the reference exchange's DR side, over mutual TLS): green.
    const drCentre = pki.issueClient('海南省容灾备份中心');
    await t.ok('admin', 'backup.setSettings', backupSettings(usb, { verifyAfterBackup: false, drUpload: true, drCertificatePem: drCentre.certPem }));
    const second = await t.ok('admin', 'backup.create', {});
    const made = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId: second.jobId }));
    assert.ok(made.state === 'done' && made.result?.uploadJobId, JSON.stringify(made));
    const upload = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId: made.result!.uploadJobId! }));
    assert.equal(upload.state, 'done', JSON.stringify(upload));
    const safe = await tile('backup');
    assertTile(safe, 'green');
    assert.ok(safe.lastUploadAt);

    await setClock(31 * HOUR);
    assertTile(await tile('backup'), 'yellow', /距上次成功备份已 31 小时.*立即备份/);
    await setClock(73 * HOUR);
    assertTile(await tile('backup'), 'red', /距上次成功备份已 3 天/);
    await setClock(0);

    rmSync(usb, { recursive: true, force: true }); // the USB drive is unplugged
    assertTile(await tile('backup'), 'red', /不存在.*接好备份盘/);
  });

  test('a stopped exchange turns the link yellow after one failure, red after three (thresholds set by the admin)', async () => {
    await t.ok('admin', 'status.setThresholds', { ...thresholds, linkYellowFailures: 1, linkRedFailures: 3 });
    await exchange.close();
    await attempt(1);
    const d = await dashboard();
    assertTile(d.tiles.link, 'yellow', /已连续 1 次连接省交换平台失败.*数据暂存本机不会丢失/);
    assert.equal(d.tiles.link.consecutiveFailures, 1);
    await attempt(2);
    await attempt(3);
    assertTile(await tile('link'), 'red', /已连续 3 次连接省交换平台失败.*联系县信息中心/);
  });

  test('queue: records waiting a day turn it yellow, three days red; rejected items alone turn it yellow', async () => {
    for (let i = 0; i < 3; i++) await t.ok('clerk', 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(910 + i) }) });
    let queue = await tile('queue');
    assertTile(queue, 'green');
    assert.equal(queue.depth, 3);
    await setClock(25 * HOUR);
    queue = await tile('queue');
    assertTile(queue, 'yellow', /有 3 条数据尚未上传，最早的一条已等待 25 小时/);
    await setClock(73 * HOUR);
    assertTile(await tile('queue'), 'red', /已等待 3 天.*联系县信息中心/);
    await setClock(0);

    // An item the exchange refused (written as the engine writes a receipt's rejection).
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      raw.prepare(`UPDATE outbox SET state = 'rejected', reject_code = 'INVALID', reject_reason = '测试退回', settled_at = ? WHERE seq = (SELECT min(seq) FROM outbox WHERE state = 'pending')`).run(new Date().toISOString());
    } finally {
      raw.close();
    }
    queue = await tile('queue');
    assertTile(queue, 'yellow', /有 1 条数据被省交换平台退回.*同步队列/);
    assert.equal(queue.rejected, 1);
  });

  test('certificate: yellow within 30 days of its end, red within 7, red once expired, red when revoked', async () => {
    const { notAfter } = await tile('certificate');
    const end = Date.parse(notAfter!);
    await setClock(end - Date.now() - 20 * DAY);
    assertTile(await tile('certificate'), 'yellow', /将在 (19|20) 天后.*过期.*生成新的证书申请/);
    await setClock(end - Date.now() - 5 * DAY);
    assertTile(await tile('certificate'), 'red', /将在 [45] 天后.*立即申请新证书/);
    await setClock(end - Date.now() + DAY);
    assertTile(await tile('certificate'), 'red', /已于 \d{4}-\d{2}-\d{2} 过期/);
    await setClock(0);
    assertTile(await tile('certificate'), 'green');

    // The provincial CA revokes it; the node holds the CRL that lists it.
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      const { certificate_pem: pem } = raw.prepare('SELECT certificate_pem FROM node_credentials WHERE id = 1').get() as { certificate_pem: string };
      pki.revoke(pem);
      raw.prepare('UPDATE node_credentials SET crl_pem = ?, crl_updated_at = ? WHERE id = 1').run(pki.crlPem(), new Date().toISOString());
    } finally {
      raw.close();
    }
    const revoked = await tile('certificate');
    assertTile(revoked, 'red', /已被省 CA 吊销/);
    assert.equal(revoked.revoked, true);
  });

  test('disk: thresholds above the free space turn it yellow, then red; the sentence gives the free space', async () => {
    const fs = statfsSync(t.dataDir);
    const freeMiB = Math.floor((fs.bavail * fs.bsize) / 1024 ** 2);
    await t.ok('admin', 'status.setThresholds', { ...thresholds, diskYellowFreeMiB: freeMiB + 1000, diskRedFreeMiB: 1 });
    const yellow = await tile('disk');
    assertTile(yellow, 'yellow', /数据所在磁盘仅剩 .*(MB|GB).*清理磁盘/);
    assert.ok(yellow.databaseBytes > 0 && yellow.freeBytes! > 0);
    await t.ok('admin', 'status.setThresholds', { ...thresholds, diskYellowFreeMiB: freeMiB + 2000, diskRedFreeMiB: freeMiB + 1000 });
    assertTile(await tile('disk'), 'red', /空间耗尽时将无法登记新数据/);
    await t.ok('admin', 'status.setThresholds', thresholds);
    assertTile(await tile('disk'), 'green');
  });

  test('thresholds out of order are refused with a Chinese reason and the old ones stay', async () => {
    const refused = await t.call(t.tokens.admin, 'status.setThresholds', { ...thresholds, certYellowDays: 5, certRedDays: 10 });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'BAD_INPUT');
    assert.match(refused.error.message, /证书剩余天数：“异常”阈值应比“注意”阈值更严重/);
    assert.deepEqual((await dashboard()).thresholds, thresholds);
    const official = await t.call(t.tokens.official, 'status.setThresholds', thresholds);
    assert.ok(!official.ok && official.error.code === 'FORBIDDEN');
  });
});
