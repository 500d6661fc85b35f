// The node and the exchange settle on one audit head when the node's own record of it cannot
// be trusted to be current (issue 10 §2), end to end over mutual TLS with real nodes:
// - a backup restored onto a new machine has no replaced database to read the lost tail
//   from: the node asks the exchange which head it holds (signed, GET …/audit-head) and
//   records the gap up to it, so the exchange hears an explained gap, not a forgery;
// - a refused node stays refused until the province looks into it; an operator who clears
//   the anomaly (`exchange audit-clear`) makes the node's refused head the base, and the
//   node extends it at its next heartbeat, while the listing keeps the anomaly as 已核查.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { auditChecks, headSeq, listingLine, SCHEDULE } from './audit-heads-support';
import { openRawDatabase } from '../support/raw-database';
import { RECOVERY_PASSPHRASE } from '../support/test-node';
import { backupSettings, openNodeAt, usbFolder, waitForJob, type PlainNode } from '../backup/support';

const EXCHANGE_CLI = join(import.meta.dirname, '..', '..', 'sync', 'exchange', 'cli.ts');


describe('a backup restored onto a new machine: the exchange names what the restored chain lost', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let old: SyncNode | undefined;
  let fresh: PlainNode | undefined;
  let usb: string;
  let freshRoot: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    old = await startSyncNode(FAST_SYNC);
    usb = usbFolder();
    freshRoot = mkdtempSync(join(tmpdir(), 'edge-node-new-machine-'));
    await old.ok('admin', 'backup.setSettings', backupSettings(usb, { verifyAfterBackup: false }));
    await connectNode(old, pki, exchange.url, SCHEDULE);
  });
  after(async () => {
    old?.cleanup();
    fresh?.close();
    await exchange?.close();
    pki?.cleanup();
    for (const dir of [usb, freshRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the restored node records the gap up to the exchange’s head and alarms; the exchange lists an explained gap, then follows', async () => {
    const nodeId = (await old!.ok('admin', 'status.get', {})).nodeId;
    await syncNow(old!);
    const { jobId } = await old!.ok('admin', 'backup.create', {});
    const made = await waitForJob(() => old!.call(old!.tokens.admin, 'backup.job', { jobId }));
    assert.equal(made.state, 'done', JSON.stringify(made));
    // Work after the backup that the exchange hears of; then the machine dies with it.
    await auditChecks(old!, 6);
    await syncNow(old!);
    const reported = await headSeq(old!);
    const held = await waitFor(() => exchange.auditHeads(nodeId).at(-1)!, (h) => h.outcome === 'accepted' && h.seq! >= reported, 30_000, 'the exchange to hold the newest head');
    old!.cleanup();
    old = undefined;

    // A new machine: 从备份恢复 at first run, with the engine running as in the app.
    fresh = await openNodeAt(join(freshRoot, 'data'), join(freshRoot, 'node.keyfile'), { sync: FAST_SYNC });
    const started = await fresh.call(null, 'setup.restoreBackup', { source: { kind: 'path', path: join(usb, made.fileName!) }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
    assert.ok(started.ok, JSON.stringify(started));
    const restored = await waitForJob(() => fresh!.call(null, 'setup.restoreJob', { jobId: started.value.jobId }));
    assert.equal(restored.state, 'done', JSON.stringify(restored));
    await syncNow(fresh);

    // The exchange: an explained gap whose base is the head it held, never a refusal.
    const heads = await waitFor(() => exchange.auditHeads(nodeId), (hs) => hs.some((h) => h.outcome === 'gap'), 30_000, 'the gap at the exchange');
    assert.deepEqual(heads.filter((h) => h.outcome === 'refused'), [], 'the restored node explained itself before any head was refused');
    const gapHead = heads.find((h) => h.outcome === 'gap')!;
    const statement = (gapHead.signed as { body: { gap: { reported: { seq: number; link: string }; lostTo: number } } }).body.gap;
    assert.deepEqual(statement.reported, { seq: held.seq, link: held.link });
    assert.equal(statement.lostTo, held.seq);

    // The node: the gap entry names the exchange's head, it verifies, and the admin sees the alarm.
    const restoreEntry = (await fresh.ok('auditor', 'audit.list', { action: 'backup.restore', pageSize: 1, withTotal: false })).items[0]!;
    const gap = (await fresh.ok('auditor', 'audit.list', { action: 'audit.gap', pageSize: 5, withTotal: false })).items;
    assert.equal(gap.length, 1);
    assert.match(gap[0]!.sentence.zh, new RegExp(`^恢复到较早的备份：审计序号 ${restoreEntry.seq}–${held.seq} 的记录不在本机（依据省交换平台记录的链头：序号 ${held.seq}`));
    assert.equal((await fresh.ok('auditor', 'audit.verify', {})).ok, true);
    const dashboard = await fresh.ok('admin', 'status.dashboard', {});
    assert.equal(dashboard.tiles.app.level, 'red');
    assert.match(dashboard.tiles.app.sentence ?? '', new RegExp(`审计序号 ${restoreEntry.seq}–${held.seq} 的记录不在本机`));
    assert.match(listingLine(exchange, nodeId), new RegExp(`【审计链异常（节点恢复到较早备份）：审计序号 ${restoreEntry.seq}–${held.seq} 的记录不在本机`));

    // From here the restored chain is the base: new work extends it.
    await auditChecks(fresh, 3);
    const count = exchange.auditHeads(nodeId).length;
    await fresh.ok('operator', 'sync.now', {});
    const next = await waitFor(() => exchange.auditHeads(nodeId), (hs) => hs.length > count, 30_000, 'a head after the gap');
    assert.equal(next.at(-1)!.outcome, 'accepted');
    assert.ok(next.at(-1)!.seq! > gapHead.seq!);
  });
});

describe('the province clears an anomaly it has looked into', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let a: SyncNode;
  let nodeId: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    a = await startSyncNode(FAST_SYNC);
    nodeId = (await a.ok('admin', 'status.get', {})).nodeId;
    await connectNode(a, pki, exchange.url, SCHEDULE);
    await auditChecks(a, 5);
    await syncNow(a);
  });
  after(async () => {
    a?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('a refused node stays refused; after `exchange audit-clear` it extends its refused head, and the listing says 已核查', async () => {
    const accepted = await waitFor(() => exchange.auditHeads(nodeId).at(-1)!, (h) => h.outcome === 'accepted' && h.seq! > 5, 30_000, 'an accepted head');
    // The newest entries cut off with the database key (as an insider, or a disk repair tool, would).
    const keep = accepted.seq! - 3;
    const db = await openRawDatabase(a.dataDir, a.keyFile);
    try {
      db.exec('DROP TRIGGER audit_log_no_delete;');
      db.transaction(() => {
        const hash = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(keep) as { hash: string }).hash;
        db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
        db.prepare('DELETE FROM audit_links WHERE seq > ?').run(keep);
        db.prepare(`UPDATE meta SET value = ? WHERE key = 'audit_head'`).run(`${keep}:${hash}`);
      })();
    } finally {
      db.close();
    }
    const refusedStatus = await a.ok('operator', 'sync.now', {}).then(() =>
      waitFor(() => a.ok('operator', 'sync.status', {}), (s) => (s.problem ?? '').includes('审计链异常'), 30_000, 'the node to hear the refusal'),
    );
    assert.match(refusedStatus.problem!, /序号倒退/);
    // Asking again changes nothing: the node never explains a gap it has no restore for.
    await a.ok('operator', 'sync.now', {});
    await waitFor(() => a.ok('operator', 'sync.status', {}), (s) => !s.running, 30_000, 'the second run to end');
    const refused = exchange.auditHeads(nodeId).filter((h) => h.outcome === 'refused');
    assert.ok(refused.length >= 1 && refused.every((h) => h.code === 'AUDIT_SEQ_BACKWARDS'), JSON.stringify(refused));
    assert.equal(exchange.auditHeads(nodeId).filter((h) => h.outcome === 'gap').length, 0);
    assert.match(listingLine(exchange, nodeId), /【审计链异常（序号倒退）：/);

    // The province's operator, with the real CLI against the running exchange's data folder.
    const printed = execFileSync(process.execPath, ['--import', 'tsx', EXCHANGE_CLI, 'audit-clear', '--data', exchange.dataDir, '--node', nodeId, '--by', '省运维 李工', '--reason', '核实为磁盘修复工具截断'], { encoding: 'utf8' });
    assert.match(printed, new RegExp(`已确认节点 ${nodeId} 的审计链异常；此后以审计序号 ${refused.at(-1)!.seq} 为基准核对`));
    assert.match(listingLine(exchange, nodeId), /【审计链异常已核查：省运维 李工 于 .* 确认「核实为磁盘修复工具截断」（此前异常共 \d+ 次）】/);
    assert.doesNotMatch(listingLine(exchange, nodeId), /【审计链异常（/);

    // The node's next heartbeat asks for the base, finds it in its own chain and extends it.
    await auditChecks(a, 2);
    const before = exchange.auditHeads(nodeId).length;
    await a.ok('operator', 'sync.now', {});
    const after = await waitFor(() => exchange.auditHeads(nodeId), (hs) => hs.length > before, 30_000, 'a head after the clearing');
    assert.deepEqual(after.slice(before).map((h) => h.outcome), ['accepted'], 'extended without another refusal');
    assert.ok(after.at(-1)!.seq! > refused.at(-1)!.seq!, 'the new head extends the cleared one');
    const status = await waitFor(() => a.ok('operator', 'sync.status', {}), (s) => !s.running, 30_000, 'the run to end');
    assert.doesNotMatch(status.problem ?? '', /审计链异常/);
    // A second clearing has nothing to clear.
    assert.throws(
      () => execFileSync(process.execPath, ['--import', 'tsx', EXCHANGE_CLI, 'audit-clear', '--data', exchange.dataDir, '--node', nodeId, '--by', '省运维 李工', '--reason', '再次确认'], { encoding: 'utf8', stdio: 'pipe' }),
      (error: { stderr?: string }) => /没有待核查的审计链异常/.test(error.stderr ?? ''),
    );
  });
});
