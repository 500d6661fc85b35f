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
import type { Catalog } from '../../common/catalog/types';
import { PROTOCOL_VERSION, type Batch, type BatchItem, type Receipt, type ReceiptItem } from '../protocol/messages';
import { checkItem } from './check-item';
import type { ExchangeStore, ItemKey } from './store';

export function applyBatch(store: ExchangeStore, catalog: Catalog, batch: Batch, now: () => Date): Receipt {
  return store.transaction(() => {
    const at = now().toISOString();
    const items = batch.items.map((item) => applyItem(store, catalog, batch, item, at));
    return {
      protocol: PROTOCOL_VERSION,
      nodeId: batch.nodeId,
      epoch: batch.epoch,
      batchId: batch.batchId,
      items,
      highWaterMark: store.highWaterMark(batch.nodeId, batch.epoch),
      serverTime: at,
    };
  });
}

function applyItem(store: ExchangeStore, catalog: Catalog, batch: Batch, item: BatchItem, at: string): ReceiptItem {
  const key: ItemKey = { nodeId: batch.nodeId, epoch: batch.epoch, seq: item.seq };
  const seen = store.processedItem(key);
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

  const result = evaluate(store, catalog, key, item);
  store.recordOutcome(key, item, result, batch.batchId, at);
  if (result.outcome === 'accepted') store.storeVersion(key, item, at);
  return result;
}

function evaluate(store: ExchangeStore, catalog: Catalog, key: ItemKey, item: BatchItem): ReceiptItem {
  const rejection = checkItem(catalog, item);
  if (rejection) return { seq: item.seq, outcome: 'rejected', ...rejection };

  const stored = store.storedVersion(key.nodeId, item.recordId, item.version);
  if (stored) {
    if (stored.payloadHash === item.payloadHash) return { seq: item.seq, outcome: 'duplicate' };
    return {
      seq: item.seq,
      outcome: 'rejected',
      code: 'STALE_VERSION',
      reason: `记录 ${item.recordId} 的第 ${item.version} 版已以不同内容送达交换平台；请更正该记录（生成新版本）后再提交`,
    };
  }
  const latest = store.latestVersion(key.nodeId, item.recordId);
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
