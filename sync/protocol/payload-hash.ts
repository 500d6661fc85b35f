// The payload hash of one record version, as both ends compute it:
//   sha256_hex(canonicalJson({ id, version, resourceCode, status, fields, at }))
// (main/store/records-repo.ts writes it with the outbox row). The node checks every row
// against it before sending, and the exchange computes it for every v2 item, so it sits on
// the hot path of sync: this writes the canonical text for the one shape it has (flat string
// fields, six known members in sorted order) without the generic serialiser's entry lists
// and sorts. payload-hash.test.ts holds it byte for byte to canonicalJson.
import { createHash, hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export interface HashedPayload {
  recordId: string;
  version: number;
  resourceCode: string;
  status: string;
  fields: Record<string, string>;
  registeredAt: string;
}

/** A payload's members other than its fields. */
export type PayloadMeta = Omit<HashedPayload, 'fields'>;

/** Exactly canonicalJson({ id, version, resourceCode, status, fields, at }). */
export function payloadText(p: HashedPayload): string {
  if (!Number.isFinite(p.version)) return genericText(p);
  return payloadTextWithFields(p, fieldsText(p.fields));
}

/**
 * The canonical JSON of a version's fields (keys sorted): the `fields` member of the payload
 * text, and what the node stores in record_versions.fields, so that the send check puts a
 * stored row's text into the payload text as it is, without parsing and sorting it again.
 * (Rows written before 2026-12-07 hold their fields in the order they were given.)
 */
export function fieldsText(fields: Record<string, string>): string {
  // The fields copied in sorted order and serialised in one JSON.stringify call (several
  // times faster than one call per key and value). Object key order is insertion order
  // except for integer-like keys, which engines put first: those take the generic path.
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    // Anything but a string (a damaged row) takes the generic path, which also throws where it must.
    if (typeof value !== 'string' || INTEGER_LIKE.test(key)) return canonicalJson(fields);
    sorted[key] = value;
  }
  return JSON.stringify(sorted);
}

/**
 * The payload text around a fields text. Canonical JSON is built member by member, so this is
 * canonicalJson of the whole exactly when `fields` is the canonical JSON of the fields (as
 * fieldsText writes it); the node's send check relies on the hash to tell it is.
 */
export function payloadTextWithFields(p: PayloadMeta, fields: string): string {
  if (!Number.isFinite(p.version)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
  return `{"at":${JSON.stringify(p.registeredAt)},"fields":${fields},"id":${JSON.stringify(p.recordId)},"resourceCode":${JSON.stringify(p.resourceCode)},"status":${JSON.stringify(p.status)},"version":${JSON.stringify(p.version)}}`;
}

/** Keys an object orders by number, before the others (array indices). */
const INTEGER_LIKE = /^(0|[1-9][0-9]*)$/;

export function genericText(p: HashedPayload): string {
  return canonicalJson({ id: p.recordId, version: p.version, resourceCode: p.resourceCode, status: p.status, fields: p.fields, at: p.registeredAt });
}

export function payloadHashOfText(text: string): string {
  // The one-shot form skips a Hash object per item (Node ≥ 20.12; Electron's Node has it too).
  return typeof hash === 'function' ? hash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

export function payloadHash(p: HashedPayload): string {
  return payloadHashOfText(payloadText(p));
}

/** The payload hash of a version being stored, around the fields text stored with it (fieldsText). */
export function payloadHashWithFields(p: PayloadMeta, fields: string): string {
  return payloadHashOfText(payloadTextWithFields(p, fields));
}
