// A node and a reference exchange on clocks the test sets apart: the exchange's for its
// receipts and its HTTP Date header, the node's through the injectable `now` every service
// uses. TLS checks certificates against the OS clock, which stays where it is.
import assert from 'node:assert/strict';
import { createTestPki, type TestPki } from '../../support/pki';
import { connectNode, FAST_SYNC, startSyncNode, startTestExchange, type SyncNode, type TestExchange } from '../../support/sync-node';
import { ADMIN, PASSWORDS } from '../../support/test-node';
import type { Dashboard, Role } from '../../../common/contract';

export const DAY = 24 * 3_600_000;

/** Every "how long ago" the dashboard computes is zero or more. */
export function assertNoNegativeAges(d: Dashboard): void {
  const q = d.tiles.queue.oldestPendingHours;
  assert.ok(q === null || q >= 0, `queue age ${q}`);
  assert.doesNotMatch(JSON.stringify(d.tiles), /-\d+ ?(分钟|小时|天)/, 'no sentence speaks of a negative age');
}

/** Logs every role in again: sessions idle out when the node's clock jumps. */
export async function relogin(t: SyncNode): Promise<void> {
  for (const role of Object.keys(t.tokens) as Role[]) {
    const answer = await t.node.dispatch(null, 'auth.login', { username: role === 'admin' ? ADMIN.username : role, password: PASSWORDS[role] });
    if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${role} failed: ${JSON.stringify(answer.result)}`);
    t.tokens[role] = answer.sessionToken;
  }
}

export interface SkewScene {
  pki: TestPki;
  exchange: TestExchange;
  node: SyncNode;
  nodeId: string;
  /** Moves the node's clock (the exchange's stays where it was set). */
  setNodeOffset(ms: number): void;
}

/** Runs `body` with an exchange `exchangeOffsetMs` off the real clock and a connected node on it. */
export async function skewScene(exchangeOffsetMs: number, body: (s: SkewScene) => Promise<void>): Promise<void> {
  const pki = createTestPki();
  const exchange = await startTestExchange(pki, { now: () => new Date(Date.now() + exchangeOffsetMs) });
  let nodeOffset = 0;
  try {
    const node = await startSyncNode({ ...FAST_SYNC, automatic: false }, { now: () => new Date(Date.now() + nodeOffset) });
    try {
      const nodeId = (await node.ok('admin', 'status.get', {})).nodeId;
      await connectNode(node, pki, exchange.url);
      await body({ pki, exchange, node, nodeId, setNodeOffset: (ms) => void (nodeOffset = ms) });
    } finally {
      node.cleanup();
    }
  } finally {
    await exchange.close();
    pki.cleanup();
  }
}
