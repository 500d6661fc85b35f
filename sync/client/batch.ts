// Choosing the next batch: pending rows in seq order, one epoch per batch, capped by the
// configured item count and bytes (and the protocol's MAX_*), with every row checked
// against the node's catalog *at send time*. Rows of a negative-list (不予共享) resource
// are never put on the wire: they are marked rejected here, locally, with the reason
// 负面清单资源不上报 — even when the row was forced into the outbox, or the resource was
// moved onto the negative list after the record was registered.
import { payloadHash, payloadHashOfText, payloadText, payloadTextWithFields } from '../protocol/payload-hash';
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS, type BatchItem } from '../protocol/messages';
import type { LocalRejection, PendingRow } from '../../main/store/sync-rows';

export type SharingType = 'unconditional' | 'conditional' | 'none';

export const LOCAL_REJECTIONS = {
  negativeList: { code: 'NOT_SHAREABLE', reason: '负面清单资源不上报' },
  unknownResource: { code: 'UNKNOWN_RESOURCE', reason: '本节点目录中没有该资源，不上报' },
  missingVersion: { code: 'MISSING_RECORD', reason: '本节点找不到该记录版本，不上报' },
  hashMismatch: { code: 'HASH_MISMATCH', reason: '该记录版本与登记时的数据摘要不一致（数据可能被改动），不上报' },
} as const;

/** Room for the batch envelope (protocol, ids, signature) around the items. */
const ENVELOPE_BYTES = 1024;
/**
 * What a v1 item's canonical JSON holds beyond the hashed payload's: payloadHash, seq and
 * unit with their keys, and the longer names of id and at (about 130 bytes); rounded up so
 * the estimate never falls short of the exchange's measure.
 */
const ITEM_OVERHEAD_BYTES = 160;

export interface BatchPlan {
  epoch: number;
  items: BatchItem[];
  /** Canonical JSON bytes of the items (uncompressed). */
  bytes: number;
  rejections: LocalRejection[];
  /** The batch stopped early at a record whose earlier version is still on the wire. */
  blocked: boolean;
  /** The last row taken (sent or rejected; 0: none): the rows after it are for the next batch. */
  lastSeq: number;
}

export { payloadHash };

/**
 * Plans one batch from `rows` (pending, seq order). Returns the items to send and the rows
 * to reject locally; rows after the cut stay pending for the next batch. The batch is cut
 * before the first row of a record in `busy` (a version of it is on the wire).
 */
export function planBatch(
  rows: readonly PendingRow[],
  caps: { maxItems: number; maxBytes: number },
  sharingType: (resourceCode: string) => SharingType | undefined,
  busy: ReadonlySet<string> = new Set(),
): BatchPlan {
  const maxItems = Math.min(caps.maxItems, MAX_BATCH_ITEMS);
  const maxBytes = Math.min(caps.maxBytes, MAX_BATCH_BYTES) - ENVELOPE_BYTES;
  const items: BatchItem[] = [];
  const rejections: LocalRejection[] = [];
  let epoch: number | null = null;
  let bytes = 0;
  let blocked = false;
  for (const row of rows) {
    if (items.length >= maxItems) break;
    if (epoch !== null && row.epoch !== epoch) break;
    if (busy.has(row.recordId)) {
      blocked = true;
      break;
    }
    if (row.resourceCode === null || row.status === null || row.fields === null || row.registeredAt === null) {
      rejections.push({ seq: row.seq, ...LOCAL_REJECTIONS.missingVersion });
      continue;
    }
    const sharing = sharingType(row.resourceCode);
    if (sharing === 'none') {
      rejections.push({ seq: row.seq, ...LOCAL_REJECTIONS.negativeList });
      continue;
    }
    if (sharing === undefined) {
      rejections.push({ seq: row.seq, ...LOCAL_REJECTIONS.unknownResource });
      continue;
    }
    const meta = { recordId: row.recordId, version: row.version, resourceCode: row.resourceCode, status: row.status, registeredAt: row.registeredAt };
    // Hashed to prove the row is what was registered, and measured for the size cap. The
    // stored fields text is canonical (payload-hash.ts, fieldsText) and goes in as it is; a
    // row stored before that, with its fields in the order given, is canonicalised first.
    let text = payloadTextWithFields(meta, row.fields);
    const fields = JSON.parse(row.fields) as Record<string, string>;
    if (payloadHashOfText(text) !== row.payloadHash) {
      text = payloadText({ ...meta, fields });
      if (payloadHashOfText(text) !== row.payloadHash) {
        rejections.push({ seq: row.seq, ...LOCAL_REJECTIONS.hashMismatch });
        continue;
      }
    }
    const item: BatchItem = { seq: row.seq, ...meta, fields, unit: row.unit ?? '', payloadHash: row.payloadHash };
    const size = Buffer.byteLength(text) + Buffer.byteLength(item.unit) + ITEM_OVERHEAD_BYTES;
    // One item larger than the cap still travels, alone: it cannot be split.
    if (items.length > 0 && bytes + size > maxBytes) break;
    epoch ??= row.epoch;
    items.push(item);
    bytes += size;
  }
  // Both lists are in seq order.
  const lastSeq = Math.max(items.at(-1)?.seq ?? 0, rejections.at(-1)?.seq ?? 0);
  return { epoch: epoch ?? rows[0]?.epoch ?? 1, items, bytes, rejections, blocked, lastSeq };
}
