// What the audit-head tests share: growing a node's log, reading its newest entry's seq, the
// node's line in the province's listing (`exchange nodes`), and heartbeats made by hand.
import { formatListing, summarizeNodes } from '../../sync/exchange/node-listing';
import { foldLinks, GENESIS_LINK } from '../../sync/protocol/audit-chain';
import { PROTOCOL_VERSION, type Heartbeat } from '../../sync/protocol/messages';
import { sign } from '../../sync/protocol/signing';
import type { KeyAndCert } from '../support/pki';
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

/**
 * A heartbeat as a node of `nodeId` would send it, its head at entry `seq` of a chain whose
 * HMACs are `hmacs` (random stand-ins: the exchange sees only these), signed by `signer`.
 */
export function handMadeHeartbeat(nodeId: string, hmacs: readonly string[], seq: number, signer: KeyAndCert, proof?: { fromSeq: number; hmacs: string[] }): Heartbeat {
  return {
    protocol: PROTOCOL_VERSION,
    nodeId,
    sentAt: new Date().toISOString(),
    appVersion: 'test',
    catalogVersion: 'test',
    status: {},
    auditHead: {
      seq,
      hash: hmacs[seq - 1]!,
      signed: sign({ nodeId, seq, link: foldLinks(0, GENESIS_LINK, hmacs.slice(0, seq))!, signedAt: new Date().toISOString() }, signer.keyPem, signer.certPem),
      ...(proof ? { proof } : {}),
    },
  };
}
