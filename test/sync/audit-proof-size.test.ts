// After weeks offline a node owes the exchange the audit proof of every registration since (one
// HMAC each, main/audit/public-chain.ts). A current exchange takes LARGE_AUDIT_PROOF_LINKS of
// them a heartbeat and says so on every answer; the node sends that many, so 4,500
// registrations are proven in two heartbeats instead of eighteen round trips. An exchange of the
// first release says nothing and gets 256 at a time (audit-chain.test.ts, audit-proof-eta.test.ts).
// A real node against a real exchange over mutual TLS; sync runs only when asked (the CLI's mode),
// so each 同步 is one heartbeat.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, syncNow, type SyncNode, type TestExchange } from '../support/sync-node';
import { bulkRegister } from '../support/bulk-register';
import { cliSyncStatus, handMadeHeartbeat, headSeq, SCHEDULE } from './audit-heads-support';
import { call } from '../../sync/exchange/test-client';
import { sign } from '../../sync/protocol/signing';
import { AUDIT_PROOF_LINKS_HEADER, BASE_AUDIT_PROOF_LINKS, LARGE_AUDIT_PROOF_LINKS, PATHS, type Heartbeat } from '../../sync/protocol/messages';

const REGISTERED_OFFLINE = 4_500;

describe('a current exchange takes 4,096 audit entries a heartbeat, and the node sends that many', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode({ automatic: false });
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    // Registered before the node ever reached the exchange: every entry is owed.
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, REGISTERED_OFFLINE);
    await t.reopen({ automatic: false });
    await connectNode(t, pki, exchange.url, SCHEDULE);
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
  });

  const accepted = () => exchange.auditHeads(nodeId).filter((h) => h.outcome === 'accepted');

  test('every answer names the limit', async () => {
    const client = pki.issueClient('node-proof-header');
    const answer = await call(exchange.url, { keyPem: client.keyPem, certPem: client.certPem, caPem: pki.root.certPem }, { method: 'GET', path: PATHS.catalog });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers[AUDIT_PROOF_LINKS_HEADER], String(LARGE_AUDIT_PROOF_LINKS));
  });

  test('the first 同步 delivers the records and proves 4,096 entries; the second proves the rest', async () => {
    const owed = await headSeq(t);
    assert.ok(owed > LARGE_AUDIT_PROOF_LINKS, `${owed} entries owed`);

    const first = await syncNow(t);
    assert.equal(first.link, 'online', first.problem ?? '');
    assert.equal(first.queueDepth, 0);
    assert.deepEqual(accepted().map((h) => h.seq), [LARGE_AUDIT_PROOF_LINKS], 'one signed head at the cap');
    assert.equal(exchange.heartbeats(nodeId)[0]!.auditHead.proof?.hmacs.length, LARGE_AUDIT_PROOF_LINKS);
    assert.ok(first.auditToProve >= owed - LARGE_AUDIT_PROOF_LINKS, `${first.auditToProve} still owed`);

    // County IT asks the CLI, which has not talked to the exchange: the size the node was told
    // is kept, so what is left (more than 256, less than 4,096) is one heartbeat, no estimate —
    // not two of 256 and 审计证明待补交 with a time.
    assert.ok(first.auditToProve > BASE_AUDIT_PROOF_LINKS, `${first.auditToProve} still owed`);
    const cli = await cliSyncStatus(t);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /连接状态：在线/);
    assert.doesNotMatch(cli.stdout, /审计证明待补交|预计还需/);

    const second = await syncNow(t);
    assert.equal(second.link, 'online', second.problem ?? '');
    assert.ok(accepted().at(-1)!.seq! >= owed, `the exchange holds the chain up to ${accepted().at(-1)!.seq}, ${owed} were owed`);
    assert.equal(accepted().length, 2, 'two heartbeats, where a first-release exchange needed eighteen');
    assert.ok(second.auditToProve < BASE_AUDIT_PROOF_LINKS, `${second.auditToProve} still owed`);
    assert.equal(second.eta, null);
  });
});

describe('a heartbeat whose proof is longer than the exchange takes', () => {
  let pki: TestPki;
  let x: KeyAndCert;
  const NODE_X = 'node-x-proof-size';

  before(() => {
    pki = createTestPki();
    x = pki.issueClient(NODE_X);
  });
  after(() => pki?.cleanup());

  /** A signed head at `links` random HMACs, with its whole proof. */
  const heartbeat = (links: number): Heartbeat => {
    const hmacs = Array.from({ length: links }, () => randomBytes(32).toString('hex'));
    return handMadeHeartbeat(NODE_X, hmacs, links, x, { fromSeq: 0, hmacs });
  };

  for (const [kind, limit] of [
    ['a current exchange', LARGE_AUDIT_PROOF_LINKS],
    ['an exchange of the first release', BASE_AUDIT_PROOF_LINKS],
  ] as const) {
    test(`${kind} (${limit}) refuses one more, naming both numbers, and keeps nothing of it; exactly ${limit} is taken`, async () => {
      const exchange = await startTestExchange(pki, { auditProofLinks: limit });
      try {
        const post = (body: Heartbeat) => call(exchange.url, { keyPem: x.keyPem, certPem: x.certPem, caPem: pki.root.certPem }, { path: PATHS.heartbeat, body: sign(body, x.keyPem, x.certPem), gzip: true });
        const tooLong = await post(heartbeat(limit + 1));
        assert.equal(tooLong.status, 413);
        const error = tooLong.json<{ error: { code: string; message: string } }>().error;
        assert.equal(error.code, 'TOO_LARGE');
        assert.equal(error.message, `心跳中的审计证明有 ${limit + 1} 条，超过交换平台每次接收的上限（${limit} 条），请分次补交`);
        assert.deepEqual([exchange.heartbeats(NODE_X).length, exchange.auditHeads(NODE_X).length], [0, 0], 'nothing kept');
        assert.equal(tooLong.headers[AUDIT_PROOF_LINKS_HEADER], limit > BASE_AUDIT_PROOF_LINKS ? String(limit) : undefined);

        const fits = await post(heartbeat(limit));
        assert.equal(fits.status, 200, fits.body.toString());
        assert.deepEqual(exchange.auditHeads(NODE_X).map((h) => [h.outcome, h.seq]), [['accepted', limit]]);
      } finally {
        await exchange.close();
      }
    });
  }
});
