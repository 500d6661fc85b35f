// Applies one batch idempotently, in one transaction, and builds its (unsigned) receipt.
//
// Per item, keyed by (nodeId, epoch, seq):
//   key already accepted (or already answered 'duplicate')  → 'duplicate', nothing changes
//   key previously rejected                                  → checked again (the node may
//                                                              requeue it after the catalog
//                                                              or the data was fixed)
//   new key: item checks (check-item.ts), then against what is stored for the record:
//     same record version already here, same hash           → 'duplicate' (exactly once per
//                                                              record version, whatever key)
//     same version, other content / older than stored       → STALE_VERSION
//     otherwise                                             → stored, 'accepted'
//
// Both protocol versions apply through applyItems: a v1 item brings the node's payloadHash
// (checked), a v2 item none — the exchange computes it here (the signature over the
// compressed body already binds the content), so `hashComputed` skips the comparison.
import type { Catalog } from '../../common/catalog/types';
import { PROTOCOL_VERSION, type Batch, type BatchItem, type Receipt, type ReceiptItem } from '../protocol/messages';
import type { BatchV2 } from '../protocol/batch-v2';
import { checkItem, payloadHashOf } from './check-item';
import type { ExchangeStore, ItemKey, ProcessedItem } from './store';

/** What any protocol version's batch comes down to once its envelope has been checked. */
export interface BatchToApply {
  nodeId: string;
  epoch: number;
  batchId: string;
  items: readonly BatchItem[];
  /** v2: payloadHash was computed by the exchange, not sent by the node. */
  hashComputed: boolean;
}

export interface Applied {
  /** One per item, in batch order. */
  items: ReceiptItem[];
  highWaterMark: number;
  serverTime: string;
}

export function applyItems(store: ExchangeStore, catalog: Catalog, batch: BatchToApply, now: () => Date): Applied {
  return store.transaction(() => {
    const at = now().toISOString();
    const holdings = new Holdings(store, batch);
    const items = batch.items.map((item) => applyItem(store, holdings, catalog, batch, item, at));
    return { items, highWaterMark: store.highWaterMark(batch.nodeId, batch.epoch), serverTime: at };
  });
}

/** Protocol v1: the receipt lists { seq, outcome } per item. */
export function applyBatch(store: ExchangeStore, catalog: Catalog, batch: Batch, now: () => Date): Receipt {
  const applied = applyItems(store, catalog, { ...batch, hashComputed: false }, now);
  return { protocol: PROTOCOL_VERSION, nodeId: batch.nodeId, epoch: batch.epoch, batchId: batch.batchId, ...applied };
}

/** Protocol v2: the items with the hash the exchange keys duplicates on, computed here. */
export function withComputedHashes(batch: BatchV2): BatchToApply {
  return { nodeId: batch.nodeId, epoch: batch.epoch, batchId: batch.batchId, items: batch.items.map((item) => ({ ...item, payloadHash: payloadHashOf(item) })), hashComputed: true };
}

/**
 * What the exchange already holds for one batch's keys and records: read in two statements
 * (not three per item), then kept current as the batch's own items are applied, so a later
 * item sees an earlier one of the same batch exactly as a fresh read would.
 */
class Holdings {
  private readonly seen: Map<number, ProcessedItem>;
  private readonly versions: Map<string, Map<number, string>>;

  constructor(store: ExchangeStore, batch: BatchToApply) {
    this.seen = store.processedItems(batch.nodeId, batch.epoch, batch.items.map((i) => i.seq));
    this.versions = store.storedVersions(batch.nodeId, batch.items.map((i) => i.recordId));
  }

  processed(seq: number): ProcessedItem | undefined {
    return this.seen.get(seq);
  }

  /** Payload hash of the stored record version, if held. */
  stored(recordId: string, version: number): string | undefined {
    return this.versions.get(recordId)?.get(version);
  }

  latest(recordId: string): number {
    return Math.max(0, ...(this.versions.get(recordId)?.keys() ?? []));
  }

  noteOutcome(item: BatchItem, outcome: ReceiptItem['outcome']): void {
    this.seen.set(item.seq, { recordId: item.recordId, version: item.version, payloadHash: item.payloadHash, outcome });
  }

  noteStored(item: BatchItem): void {
    let versions = this.versions.get(item.recordId);
    if (!versions) this.versions.set(item.recordId, (versions = new Map()));
    versions.set(item.version, item.payloadHash);
  }
}

function applyItem(store: ExchangeStore, holdings: Holdings, catalog: Catalog, batch: BatchToApply, item: BatchItem, at: string): ReceiptItem {
  const key: ItemKey = { nodeId: batch.nodeId, epoch: batch.epoch, seq: item.seq };
  const seen = holdings.processed(item.seq);
  if (seen && seen.outcome !== 'rejected') {
    if (seen.recordId === item.recordId && seen.version === item.version && seen.payloadHash === item.payloadHash) {
      return { seq: item.seq, outcome: 'duplicate' };
    }
    // The same key carrying other content means the node reused a sequence number (a
    // restore without a new epoch). Answering 'duplicate' would retire a row whose data
    // never arrived, so refuse it loudly. No dedicated code exists in the contract yet.
    return {
      seq: item.seq,
      outcome: 'rejected',
      code: 'HASH_MISMATCH',
      reason: `序号 ${item.seq}（纪元 ${batch.epoch}）已用于记录 ${seen.recordId} 第 ${seen.version} 版，与本次内容不同；节点恢复数据后应先查询高水位并开始新的纪元`,
    };
  }

  const result = evaluate(holdings, catalog, item, batch.hashComputed);
  store.recordOutcome(key, item, result, batch.batchId, at);
  holdings.noteOutcome(item, result.outcome);
  if (result.outcome === 'accepted') {
    store.storeVersion(key, item, at);
    holdings.noteStored(item);
  }
  return result;
}

function evaluate(holdings: Holdings, catalog: Catalog, item: BatchItem, hashComputed: boolean): ReceiptItem {
  const rejection = checkItem(catalog, item, { hashComputed });
  if (rejection) return { seq: item.seq, outcome: 'rejected', ...rejection };

  const stored = holdings.stored(item.recordId, item.version);
  if (stored !== undefined) {
    if (stored === item.payloadHash) return { seq: item.seq, outcome: 'duplicate' };
    return {
      seq: item.seq,
      outcome: 'rejected',
      code: 'STALE_VERSION',
      reason: `记录 ${item.recordId} 的第 ${item.version} 版已以不同内容送达交换平台；请更正该记录（生成新版本）后再提交`,
    };
  }
  const latest = holdings.latest(item.recordId);
  if (latest > item.version) {
    return {
      seq: item.seq,
      outcome: 'rejected',
      code: 'STALE_VERSION',
      reason: `记录 ${item.recordId} 已有更新的第 ${latest} 版送达交换平台，第 ${item.version} 版不再接收`,
    };
  }
  return { seq: item.seq, outcome: 'accepted' };
}
