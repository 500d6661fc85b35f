// What the audit-head tests share: growing a node's log, reading its newest entry's seq, the
// node's line in the province's listing (`exchange nodes`), heartbeats made by hand, and what
// `edge-node sync status` says.
import { spawnSync } from 'node:child_process';
import { formatListing, summarizeNodes } from '../../sync/exchange/node-listing';
import { foldLinks, GENESIS_LINK } from '../../sync/protocol/audit-chain';
import { PROTOCOL_VERSION, type Heartbeat } from '../../sync/protocol/messages';
import { sign } from '../../sync/protocol/signing';
import type { KeyAndCert } from '../support/pki';
import type { SyncNode, TestExchange } from '../support/sync-node';
import { PASSWORDS } from '../support/test-node';

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

/**
 * `edge-node sync status` as county IT runs it: a process of its own on the node's data folder,
 * which has not talked to the exchange itself. The node steps aside for it and opens again (in
 * manual mode) afterwards.
 */
export async function cliSyncStatus(t: Pick<SyncNode, 'node' | 'dataDir' | 'keyFile' | 'reopen'>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  t.node.close();
  const run = spawnSync(process.execPath, ['bin/edge-node.mjs', 'sync', 'status', '--as', 'operator'], {
    env: { ...process.env, EDGE_NODE_DATA_DIR: t.dataDir, EDGE_NODE_KEY_FILE: t.keyFile, EDGE_NODE_PASSWORD: PASSWORDS.operator },
    encoding: 'utf8',
    timeout: 300_000, // a bound for a loaded machine, not a wait
  });
  await t.reopen({ automatic: false });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
