// An audit trail the admin cannot rewrite (issue 10 §2), end to end: real nodes report their
// signed audit heads to a real reference exchange over mutual TLS. The exchange checks each
// head's signature against the certificate the node connected with and that it extends the
// last one (the HMACs in between fold the old public link into the new one); it refuses a
// sequence that goes backwards, a head that does not extend, and a bad signature, and lists
// the node as 审计链异常. An insider who rewrites history with the database key passes the
// node's own check but not the exchange's. A restore to an older backup is an alarm on both
// sides, and the restored node carries the old tail forward as a recorded gap.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, syncNow, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { auditChecks, handMadeHeartbeat, headSeq, listingLine, SCHEDULE } from './audit-heads-support';
import { openRawDatabase } from '../support/raw-database';
import { ADMIN, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { backupSettings, usbFolder, waitForJob } from '../backup/support';
import { call } from '../../sync/exchange/test-client';
import { canonicalJson } from '../../sync/protocol/canonical-json';
import { foldLinks, GENESIS_LINK } from '../../sync/protocol/audit-chain';
import { sign, verify } from '../../sync/protocol/signing';
import { BASE_AUDIT_PROOF_LINKS, PATHS, type Heartbeat, type Signature } from '../../sync/protocol/messages';
import type { KeyAndCert } from '../support/pki';
import type { Role } from '../../common/contract';

describe('signed audit heads: the exchange holds every node to its own history', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let a: SyncNode;
  let idA: string;
  let certA: string;

  before(async () => {
    pki = createTestPki();
    // An exchange of the first release: 256 HMACs a heartbeat, so a few hundred entries take
    // several steps (test/sync/audit-proof-size.test.ts has today's exchange).
    exchange = await startTestExchange(pki, { auditProofLinks: BASE_AUDIT_PROOF_LINKS });
    a = await startSyncNode(FAST_SYNC);
    idA = (await a.ok('admin', 'status.get', {})).nodeId;
  });
  after(async () => {
    a?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  test('a log longer than one proof reaches the exchange in signed steps, each verified and extending the last', async () => {
    // More entries than one heartbeat may prove, before the node ever contacts the exchange.
    await auditChecks(a, BASE_AUDIT_PROOF_LINKS + 40);
    certA = await connectNode(a, pki, exchange.url, SCHEDULE);
    const target = await headSeq(a);
    const heads = await waitFor(
      () => exchange.auditHeads(idA),
      (hs) => hs.some((h) => h.outcome === 'accepted' && h.seq !== null && h.seq >= target),
      30_000,
      'the exchange to hold the whole chain',
    );
    assert.deepEqual(heads.filter((h) => h.outcome !== 'accepted'), [], 'no anomaly');
    // The first step stops at the cap: a signed intermediate head, the rest sent next time.
    assert.equal(heads[0]!.seq, BASE_AUDIT_PROOF_LINKS);
    assert.ok(heads.length >= 2);
    for (let i = 1; i < heads.length; i++) assert.ok(heads[i]!.seq! > heads[i - 1]!.seq!, 'each head extends the one before');
    // Every kept head is signed by the node's certificate key over exactly what the exchange stored.
    for (const head of heads) {
      const signed = head.signed as { body: { nodeId: string; seq: number; link: string }; signature: Signature };
      assert.equal(signed.body.nodeId, idA);
      assert.equal(signed.body.link, head.link);
      assert.ok(verify(signed, certA), `head ${head.seq} verifies against the node's certificate`);
      assert.ok(!verify({ ...signed, body: { ...signed.body, seq: signed.body.seq + 1 } }, certA), 'an altered head does not');
    }
    assert.doesNotMatch(listingLine(exchange, idA), /审计链异常/);

    // More work, another report: still one chain.
    await auditChecks(a, 5);
    const before = exchange.auditHeads(idA).length;
    await syncNow(a);
    const more = await waitFor(() => exchange.auditHeads(idA), (hs) => hs.length > before, 15_000, 'the next head');
    assert.equal(more.at(-1)!.outcome, 'accepted');
    assert.ok(more.at(-1)!.seq! > heads.at(-1)!.seq!);
  });

  test('an insider who rewrites history with the database key passes the node check, not the exchange', async () => {
    const lastAccepted = exchange.auditHeads(idA).at(-1)!;
    // The admin with the database key: drop the append-only triggers, make entry 3 say
    // someone else did it, recompute every HMAC with meta.audit_key and the public links
    // too (knowing how), and reset the recorded head.
    const db = await openRawDatabase(a.dataDir, a.keyFile);
    try {
      const key = Buffer.from((db.prepare(`SELECT value FROM meta WHERE key = 'audit_key'`).get() as { value: string }).value, 'hex');
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      db.prepare(`UPDATE audit_log SET actor = 'clerk' WHERE seq = 3`).run();
      const rows = db.prepare('SELECT seq, at, actor, role, action, target, outcome, detail FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
      let previous = '0'.repeat(64);
      let link = GENESIS_LINK;
      const setHash = db.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?');
      const setLink = db.prepare('UPDATE audit_links SET link = ? WHERE seq = ?');
      db.transaction(() => {
        for (const row of rows) {
          previous = createHmac('sha256', key).update(previous).update(canonicalJson(row)).digest('hex');
          link = foldLinks(0, link, [previous])!;
          setHash.run(previous, row.seq);
          setLink.run(link, row.seq);
        }
        db.prepare(`UPDATE meta SET value = ? WHERE key = 'audit_head'`).run(`${rows.at(-1)!.seq as number}:${previous}`);
      })();
    } finally {
      db.close();
    }
    const check = await a.ok('auditor', 'audit.verify', {});
    assert.equal(check.ok, true, 'the rewritten log passes the node’s own check');

    const status = await a.ok('operator', 'sync.now', {}).then(() =>
      waitFor(() => a.ok('operator', 'sync.status', {}), (s) => (s.problem ?? '').includes('审计链异常'), 15_000, 'the node to hear the refusal'),
    );
    assert.match(status.problem!, /链头不连续/);
    const refused = exchange.auditHeads(idA).filter((h) => h.outcome === 'refused');
    assert.equal(refused.at(-1)?.code, 'AUDIT_HEAD_NOT_EXTENDING');
    assert.match(listingLine(exchange, idA), /【审计链异常（链头不连续）：.*序号 \d+ 及以前的审计记录可能已被改写/);
    // The base stays what the exchange had accepted: the rewritten chain never becomes it.
    assert.deepEqual(exchange.auditHeads(idA).filter((h) => h.outcome === 'accepted').at(-1), lastAccepted);
  });

  describe('heads that go backwards or are not signed by the connecting node', () => {
    let x: KeyAndCert;
    let other: KeyAndCert;
    const NODE_X = 'node-x-audit';
    /** Random stand-ins for the HMACs of entries 1…n: the exchange sees only these. */
    const hmacs = Array.from({ length: 8 }, () => randomBytes(32).toString('hex'));
    const heartbeat = (seq: number, signer: KeyAndCert, proof?: { fromSeq: number; hmacs: string[] }) => handMadeHeartbeat(NODE_X, hmacs, seq, signer, proof);
    const post = (body: Heartbeat) => call(exchange.url, { keyPem: x.keyPem, certPem: x.certPem, caPem: pki.root.certPem }, { path: PATHS.heartbeat, body: sign(body, x.keyPem, x.certPem) });

    before(() => {
      x = pki.issueClient(NODE_X);
      other = pki.issueClient('node-y-audit');
    });

    test('a good head is accepted; one signed by another key is refused and listed as 签名无效', async () => {
      assert.equal((await post(heartbeat(5, x, { fromSeq: 0, hmacs: hmacs.slice(0, 5) }))).status, 200);
      const forged = await post(heartbeat(6, other, { fromSeq: 5, hmacs: hmacs.slice(5, 6) }));
      assert.equal(forged.status, 409);
      assert.equal(forged.json<{ error: { code: string } }>().error.code, 'AUDIT_HEAD_BAD_SIGNATURE');
      assert.match(listingLine(exchange, NODE_X), /【审计链异常（签名无效）/);
    });

    test('a sequence that goes backwards is refused with its own code and listed as 序号倒退', async () => {
      const back = await post(heartbeat(3, x, { fromSeq: 0, hmacs: hmacs.slice(0, 3) }));
      assert.equal(back.status, 409);
      const error = back.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, 'AUDIT_SEQ_BACKWARDS');
      assert.match(error.message, /审计链异常（序号倒退）：本次上报审计序号 3，平台已记录到 5/);
      assert.match(listingLine(exchange, NODE_X), /【审计链异常（序号倒退）/);
      assert.deepEqual(exchange.auditHeads(NODE_X).map((h) => [h.outcome, h.seq]), [['accepted', 5], ['refused', 6], ['refused', 3]]);
      // Extending the real last head is still accepted.
      assert.equal((await post(heartbeat(8, x, { fromSeq: 5, hmacs: hmacs.slice(5, 8) }))).status, 200);
    });
  });
});

describe('a restore to an older backup: an alarm on the node and at the exchange, and a recorded gap', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let b: SyncNode;
  let idB: string;
  let usb: string;

  const login = async (role: Role) => {
    const answer = await b.node.dispatch(null, 'auth.login', { username: role === 'admin' ? ADMIN.username : role, password: PASSWORDS[role] });
    if (!answer.result.ok || !answer.sessionToken) throw new Error(`login failed: ${JSON.stringify(answer.result)}`);
    b.tokens[role] = answer.sessionToken;
  };

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    b = await startSyncNode(FAST_SYNC);
    idB = (await b.ok('admin', 'status.get', {})).nodeId;
    usb = usbFolder();
    await b.ok('admin', 'backup.setSettings', backupSettings(usb, { verifyAfterBackup: false }));
    await connectNode(b, pki, exchange.url, SCHEDULE);
    await waitFor(() => exchange.auditHeads(idB), (hs) => hs.length > 0, 15_000, 'the first head');
  });
  after(async () => {
    b?.cleanup();
    await exchange?.close();
    pki?.cleanup();
    if (usb) rmSync(usb, { recursive: true, force: true });
  });

  test('the node records the lost entries and alarms; the exchange flags it as an explained gap, then follows the new chain', async () => {
    const { jobId } = await b.ok('admin', 'backup.create', {});
    const made = await waitForJob(() => b.call(b.tokens.admin, 'backup.job', { jobId }));
    assert.equal(made.state, 'done', JSON.stringify(made));
    // After the backup: work that the exchange hears of, then is lost by the restore.
    await auditChecks(b, 6);
    await syncNow(b);
    const reported = await headSeq(b);
    await waitFor(() => exchange.auditHeads(idB).at(-1)!, (h) => h.outcome === 'accepted' && h.seq! >= reported, 15_000, 'the exchange to hold the newest head');

    const restore = await b.ok('admin', 'backup.restore', { source: { kind: 'path', path: join(usb, made.fileName!) }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true, migration: false });
    // Work goes on while the backup is unlocked, decrypted and checked: those entries are lost
    // too, and the gap must count them (refused once the swap has begun — that is fine).
    for (let i = 0; i < 3; i++) await b.call(b.tokens.auditor, 'audit.verify', {});
    // The swap ends every session of the replaced database: the admin signs in again to watch the job.
    const done = await waitForJob(async () => {
      const answer = await b.call(b.tokens.admin, 'backup.job', { jobId: restore.jobId });
      if (answer.ok || answer.error.code !== 'UNAUTHENTICATED') return answer;
      await login('admin');
      return b.call(b.tokens.admin, 'backup.job', { jobId: restore.jobId });
    });
    assert.equal(done.state, 'done', JSON.stringify(done));
    for (const role of ['admin', 'operator', 'auditor', 'official'] as const) await login(role);

    // The node: a gap entry in its audit log, carrying the old tail, and a red alarm on the dashboard.
    const page = await b.ok('auditor', 'audit.list', { action: 'audit.gap', pageSize: 5, withTotal: false });
    assert.equal(page.items.length, 1);
    const gap = page.items[0]!;
    // The restore's own entry took the first number after the backup's last; from there to the
    // replaced log's end (at least what the exchange was told) the old entries are not here.
    const restoreEntry = (await b.ok('auditor', 'audit.list', { action: 'backup.restore', pageSize: 1, withTotal: false })).items[0]!;
    const range = new RegExp(`恢复到较早的备份：审计序号 ${restoreEntry.seq}–(\\d+) 的记录不在本机`).exec(gap.sentence.zh);
    assert.ok(range, gap.sentence.zh);
    const lostTo = Number(range[1]);
    assert.ok(lostTo >= reported && gap.seq === restoreEntry.seq + 1);
    // Exactly up to the replaced log's last entry, kept in the folder the restore names.
    const replaced = await openRawDatabase(done.result!.replacedDir!, b.keyFile);
    try {
      assert.equal(lostTo, (replaced.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq);
    } finally {
      replaced.close();
    }
    assert.equal((await b.ok('auditor', 'audit.verify', {})).ok, true, 'the restored chain with its gap entry verifies');
    const dashboard = await b.ok('admin', 'status.dashboard', {});
    assert.equal(dashboard.tiles.app.level, 'red');
    assert.match(dashboard.tiles.app.sentence ?? '', new RegExp(`恢复到较早的备份：审计序号 ${restoreEntry.seq}–${lostTo} 的记录不在本机`));

    // The exchange: the restored chain is behind what it holds; the gap explains it, and it stays visible.
    await syncNow(b);
    const heads = await waitFor(() => exchange.auditHeads(idB), (hs) => hs.some((h) => h.outcome === 'gap'), 15_000, 'the gap at the exchange');
    const explained = heads.find((h) => h.outcome === 'gap')!;
    assert.equal(explained.code, 'AUDIT_RESTORED_GAP');
    assert.equal(heads.filter((h) => h.outcome === 'refused').length, 0, 'an explained gap is not a forgery');
    assert.match(listingLine(exchange, idB), new RegExp(`【审计链异常（节点恢复到较早备份）：审计序号 ${restoreEntry.seq}–${lostTo} 的记录不在本机`));

    // The new chain is the base from now on: further work extends it.
    await auditChecks(b, 3);
    const count = exchange.auditHeads(idB).length;
    await syncNow(b);
    const next = await waitFor(() => exchange.auditHeads(idB), (hs) => hs.length > count, 15_000, 'a head after the gap');
    assert.equal(next.at(-1)!.outcome, 'accepted');
    assert.ok(next.at(-1)!.seq! > explained.seq!);
  });
});
