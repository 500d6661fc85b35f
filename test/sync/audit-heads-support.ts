// What the audit-head tests share: growing a node's log, reading its newest entry's seq, and
// the node's line in the province's listing (`exchange nodes`).
import { formatListing, summarizeNodes } from '../../sync/exchange/node-listing';
import type { SyncNode, TestExchange } from '../support/sync-node';

/** The exchange hears heartbeats on demand only: the tests decide when a head is reported. */
export const SCHEDULE = { intervalSeconds: 3600 };

/** Entries the auditor's 校验 leaves (each check appends one): a quick way to grow a log. */
export async function auditChecks(t: Pick<SyncNode, 'ok'>, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await t.ok('auditor', 'audit.verify', {});
}

export async function headSeq(t: Pick<SyncNode, 'ok'>): Promise<number> {
  return (await t.ok('auditor', 'audit.list', { pageSize: 1, withTotal: false })).items[0]!.seq;
}

export function listingLine(exchange: TestExchange, nodeId: string): string {
  const options = { now: new Date(), silentHours: 24 };
  return formatListing(summarizeNodes(exchange.nodes(), options), options).split('\n').find((line) => line.startsWith(nodeId)) ?? '';
}
