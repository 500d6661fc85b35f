// What the exchange checks about one item on its own, before looking at what it already
// holds: the resource exists, is shareable, the hash matches, the fields pass the same
// catalog validators the node's forms use. Pure, so each rule is easy to test.
import type { Catalog } from '../../common/catalog/types';
import { findResource } from '../../common/catalog/lookup';
import { validateRecord } from '../../common/catalog/validate-record';
import { payloadHash } from '../protocol/payload-hash';
import type { BatchItem, REJECTION_CODES } from '../protocol/messages';

export interface Rejection {
  code: (typeof REJECTION_CODES)[number];
  reason: string;
}

/**
 * The hash the node stored with its outbox row. Mirrors main/store/records-repo.ts
 * (RecordsRepo.enqueue) exactly: the record version's registration time is `at` there and
 * `registeredAt` on the wire.
 */
export function payloadHashOf(item: Pick<BatchItem, 'recordId' | 'version' | 'resourceCode' | 'status' | 'fields' | 'registeredAt'>): string {
  return payloadHash(item);
}

/** `hashComputed`: the exchange computed item.payloadHash itself (protocol v2), so comparing it is moot. */
export function checkItem(catalog: Catalog, item: BatchItem, options: { hashComputed?: boolean } = {}): Rejection | null {
  const resource = findResource(catalog, item.resourceCode);
  if (!resource) {
    return { code: 'UNKNOWN_RESOURCE', reason: `交换平台目录（版本 ${catalog.version}）中没有资源「${item.resourceCode}」，请核对资源代码或等待目录更新后重新提交` };
  }
  // The negative list is refused before anything else: such data must never be accepted,
  // whatever state it is in.
  if (resource.sharingType === 'none') {
    return { code: 'NOT_SHAREABLE', reason: `资源「${resource.name}」（${resource.code}）属于不予共享类，不得上传到交换平台` };
  }
  if (!options.hashComputed && payloadHashOf(item) !== item.payloadHash) {
    return { code: 'HASH_MISMATCH', reason: `记录 ${item.recordId} 第 ${item.version} 版的内容与节点登记时的数据摘要不一致，可能在存储或传输中被改动` };
  }
  // A withdrawal carries the last fields as they were registered; it must arrive even if
  // the catalog has since become stricter, or the exchange would keep a record the
  // township withdrew. Only active versions are held to the current catalog.
  if (item.status === 'active') {
    const result = validateRecord(resource, item.fields);
    if (!result.ok) {
      const details = result.errors.map((e) => e.message).join('；');
      return { code: 'INVALID_FIELD', reason: `「${resource.name}」有 ${result.errors.length} 项不符合目录要求：${details}` };
    }
  }
  return null;
}
