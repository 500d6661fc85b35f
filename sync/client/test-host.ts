// An in-memory host for the engine's own tests: the outbox and sync state as plain maps, so
// a test can see exactly which rows the engine moved and whether it touched the store at
// all (after stop() it must not: the node's database may already be closed). The real host
// is main/sync/sync-service.ts over SQLite; test/sync drives that one end to end.
import { BASE_AUDIT_PROOF_LINKS, type Receipt } from '../protocol/messages';
import type { LocalRejection, OutboxState, PendingRow, SettleResult, SyncStateRecord } from '../../main/store/sync-rows';
import type { SharingType } from './batch';
import type { EngineCredentials, EngineHost, EngineSettings } from './engine';
import type { SyncStore } from './store';

export interface MemoryStore extends SyncStore {
  /** Every store method called, in order (its name only). */
  readonly calls: string[];
  rowState(seq: number): OutboxState | undefined;
  count(state: OutboxState): number;
  /** Rows as an older version of the node left them after a crash: marked in flight. */
  leaveInFlight(seqs: readonly number[]): void;
  /** Every receipt outcome a row was given, in order: a row sent twice is answered twice. */
  answers(seq: number): string[];
}

const EMPTY_STATE: SyncStateRecord = {
  paused: false,
  link: 'not-configured',
  problem: null,
  consecutiveFailures: 0,
  lastSuccessAt: null,
  lastAttemptAt: null,
  nextAttemptAt: null,
  highWaterMark: 0,
  catalogEtag: null,
  lastHeartbeatAt: null,
  lastLatencyMs: null,
  catalogCheckedAt: null,
};

export function memoryStore(rows: readonly PendingRow[] = [], state: Partial<SyncStateRecord> = {}): MemoryStore {
  const outbox = new Map(rows.map((row) => [row.seq, { row, state: 'pending' as OutboxState }]));
  let saved: SyncStateRecord = { ...EMPTY_STATE, ...state };
  let protocols: number[] | null = null;
  let proofLinks = BASE_AUDIT_PROOF_LINKS;
  const calls: string[] = [];
  const answered = new Map<number, string[]>();
  return {
    calls,
    rowState: (seq) => outbox.get(seq)?.state,
    count: (s) => [...outbox.values()].filter((r) => r.state === s).length,
    answers: (seq) => answered.get(seq) ?? [],
    leaveInFlight(seqs) {
      for (const seq of seqs) outbox.get(seq)!.state = 'in_flight';
    },
    releaseAllInFlight() {
      calls.push('releaseAllInFlight');
      const inFlight = [...outbox.values()].filter((r) => r.state === 'in_flight');
      for (const r of inFlight) r.state = 'pending';
      return inFlight.length;
    },
    pendingRows(limit, afterSeq = 0) {
      calls.push('pendingRows');
      return [...outbox.values()].filter((r) => r.state === 'pending' && r.row.seq > afterSeq).map((r) => r.row).sort((a, b) => a.seq - b.seq).slice(0, limit);
    },
    queueDepth() {
      calls.push('queueDepth');
      return [...outbox.values()].filter((r) => r.state === 'pending' || r.state === 'in_flight').length;
    },
    noteFailedBatch() {
      calls.push('noteFailedBatch');
    },
    noteDrainStarted() {
      calls.push('noteDrainStarted');
    },
    exchangeProtocols() {
      calls.push('exchangeProtocols');
      return protocols;
    },
    saveExchangeProtocols(versions) {
      calls.push('saveExchangeProtocols');
      protocols = [...versions];
    },
    exchangeProofLinks() {
      calls.push('exchangeProofLinks');
      return proofLinks;
    },
    saveExchangeProofLinks(links) {
      calls.push('saveExchangeProofLinks');
      proofLinks = links;
    },
    rejectLocally(rejections: readonly LocalRejection[]) {
      calls.push('rejectLocally');
      for (const { seq } of rejections) outbox.get(seq)!.state = 'rejected';
    },
    settleBatch(receipt: Receipt, _json, sent, _at, state = {}): SettleResult {
      calls.push('settleBatch');
      saved = { ...saved, ...state };
      const result = { acknowledged: 0, rejected: 0, unanswered: 0 };
      for (const seq of sent.keys()) {
        const item = receipt.items.find((i) => i.seq === seq);
        const r = outbox.get(seq)!;
        if (item) answered.set(seq, [...(answered.get(seq) ?? []), item.outcome]);
        if (!item) result.unanswered++;
        // Only a row still pending is settled: one settled already (a resend) is not counted twice.
        else if (r.state !== 'pending') continue;
        else if (item.outcome === 'rejected') result.rejected++;
        else result.acknowledged++;
        if (item) r.state = item.outcome === 'rejected' ? 'rejected' : 'acknowledged';
      }
      return result;
    },
    readState() {
      calls.push('readState');
      return { ...saved };
    },
    writeState(patch) {
      calls.push('writeState');
      saved = { ...saved, ...patch };
    },
  };
}

export interface TestHostOptions {
  store: MemoryStore;
  nodeId?: string;
  settings?: Partial<EngineSettings>;
  credentials?: Partial<EngineCredentials>;
  /** Resource codes the node's catalog knows; default: every code, shared unconditionally. */
  sharingType?: (code: string) => SharingType | undefined;
}

export interface TestHost extends EngineHost {
  readonly logged: string[];
  /** Heartbeats the exchange accepted. */
  readonly heartbeatsSent: number;
}

export function testHost(options: TestHostOptions): TestHost {
  const logged: string[] = [];
  let heartbeatsSent = 0;
  let credentials: EngineCredentials = { privateKeyPem: null, certificatePem: null, chainPems: [], rootPem: null, revokedSerials: new Set(), exchangeSigningPem: null, ...options.credentials };
  const settings: EngineSettings = { exchangeUrl: '', bandwidthKiBps: 0, batchMaxItems: 200, batchMaxBytes: 1024 * 1024, intervalSeconds: 3600, ...options.settings };
  return {
    store: options.store,
    logged,
    get heartbeatsSent() {
      return heartbeatsSent;
    },
    nodeId: () => options.nodeId ?? 'node-under-test',
    settings: () => settings,
    credentials: () => credentials,
    saveSigningCertificate(pem) {
      credentials = { ...credentials, exchangeSigningPem: pem };
    },
    sharingType: options.sharingType ?? (() => 'unconditional'),
    heartbeat: () => ({ appVersion: 'test', catalogVersion: 'test', status: {}, auditHead: { seq: 0, hash: '0'.repeat(64) } }),
    heartbeatSent() {
      heartbeatsSent++;
    },
    applyCatalog() {},
    catalogVersion: () => 'test',
    applyCrl() {},
    now: () => new Date(),
    log: (line) => logged.push(line),
  };
}
