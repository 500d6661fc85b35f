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

/** Exactly canonicalJson({ id, version, resourceCode, status, fields, at }). */
export function payloadText(p: HashedPayload): string {
  const keys = Object.keys(p.fields).sort();
  // The fields copied in sorted order and serialised in one JSON.stringify call (several
  // times faster than one call per key and value). Object key order is insertion order
  // except for integer-like keys, which engines put first: those take the generic path.
  const sorted: Record<string, string> = {};
  for (const key of keys) {
    const value = p.fields[key];
    // Anything but a string (a damaged row) takes the generic path, which also throws where it must.
    if (typeof value !== 'string' || INTEGER_LIKE.test(key)) return genericText(p);
    sorted[key] = value;
  }
  if (!Number.isFinite(p.version)) return genericText(p);
  return `{"at":${JSON.stringify(p.registeredAt)},"fields":${JSON.stringify(sorted)},"id":${JSON.stringify(p.recordId)},"resourceCode":${JSON.stringify(p.resourceCode)},"status":${JSON.stringify(p.status)},"version":${JSON.stringify(p.version)}}`;
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
