// After a long time offline the audit proof is part of the drain: the exchange is given the
// proof of as many audit entries a heartbeat as it takes — here an exchange of the first
// release, 256 — one heartbeat a round trip (main/audit/public-chain.ts). A real node against a real exchange over mutual TLS: the sync
// status says how many entries are still to prove, and the estimate counts the heartbeats they
// need — where it used to say 约 2 分钟 for the records and then ran for 19 minutes more.
// Sync runs only when asked here (the CLI's mode), so each 同步 takes exactly one proof step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { auditChecks, cliSyncStatus, SCHEDULE } from './audit-heads-support';
import { BASE_AUDIT_PROOF_LINKS } from '../../sync/protocol/messages';
import type { SyncStatus } from '../../common/contract';

/** Entries owed: three full heartbeats and part of a fourth. */
const OWED = 3 * BASE_AUDIT_PROOF_LINKS + 40;

describe('sync status: the audit proof still owed to the exchange, and its share of the estimate', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki, { auditProofLinks: BASE_AUDIT_PROOF_LINKS });
    t = await startSyncNode({ automatic: false });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  const status = () => t.ok('operator', 'sync.status', {});
  const acceptedSeq = () => Math.max(0, ...exchange.auditHeads(nodeId).filter((h) => h.outcome === 'accepted').map((h) => h.seq ?? 0));

  test('before any contact every entry is owed, with no estimate: no heartbeat has been timed', async () => {
    await auditChecks(t, OWED);
    const s = await status();
    assert.ok(s.auditToProve >= OWED, `${s.auditToProve} entries owed`);
    assert.equal(s.eta, null);
  });

  test('each 同步 proves one heartbeat’s worth; the estimate names what is owed and the time it needs, and goes once one heartbeat carries the rest', async () => {
    await connectNode(t, pki, exchange.url, SCHEDULE);
    const seen: SyncStatus[] = [];
    // Bounded: OWED needs four steps; the entries the steps themselves add fit in a fifth.
    for (let step = 0; step < 8; step++) {
      const s = await syncNow(t);
      assert.equal(s.link, 'online', s.problem ?? '');
      seen.push(s);
      if (s.eta === null) break;
    }
    const last = seen.at(-1)!;
    assert.equal(last.eta, null, `an estimate stayed after ${seen.length} steps: ${JSON.stringify(last.eta)}`);
    assert.ok(last.auditToProve <= BASE_AUDIT_PROOF_LINKS, `${last.auditToProve} entries still owed at the end`);
    assert.equal(acceptedSeq(), seen.length * BASE_AUDIT_PROOF_LINKS, 'the exchange took one full heartbeat’s worth a step');

    const catchingUp = seen.slice(0, -1);
    assert.ok(catchingUp.length >= 2, `the catch-up took ${seen.length} steps`);
    for (const [i, s] of catchingUp.entries()) {
      // Nothing but the proof is left: the estimate is all heartbeats, and says so.
      assert.ok(s.eta, `no estimate after step ${i + 1} with ${s.auditToProve} entries owed`);
      assert.deepEqual([s.eta.remaining, s.eta.secondsLeft], [0, s.eta.auditSecondsLeft]);
      assert.ok(s.eta.auditSecondsLeft > 0);
      assert.ok(s.auditToProve > BASE_AUDIT_PROOF_LINKS);
      if (i > 0) assert.ok(s.auditToProve < catchingUp[i - 1]!.auditToProve, 'each step leaves less owed');
    }
  });

  test('`edge-node sync status` says what is owed beside the estimate', async () => {
    await auditChecks(t, 2 * BASE_AUDIT_PROOF_LINKS);
    const owed = await status();
    assert.ok(owed.eta && owed.eta.auditSecondsLeft > 0, JSON.stringify(owed.eta));
    const run = await cliSyncStatus(t);
    assert.equal(run.status, 0, run.stderr);
    const line = /审计证明待补交：(\d+) 条，预计还需(不到 1 分钟|约 \d+ 分钟)/.exec(run.stdout);
    assert.ok(line, run.stdout);
    assert.ok(Number(line[1]) >= owed.auditToProve, `${line[1]} owed by the CLI's count, ${owed.auditToProve} before it logged in`);
    assert.doesNotMatch(run.stdout, /剩余：/, 'no records wait');
  });
});
