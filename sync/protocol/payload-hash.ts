// The payload hash of one record version, as both ends compute it:
//   sha256_hex(canonicalJson({ id, version, resourceCode, status, fields, at }))
// (main/store/records-repo.ts writes it with the outbox row). The node checks every row
// against it before sending, and the exchange computes it for every v2 item, so it sits on
// the hot path of sync: this writes the canonical text for the one shape it has (flat string
// fields, six known members in sorted order) without the generic serialiser's entry lists
// and sorts. payload-hash.test.ts holds it byte for byte to canonicalJson.
import { createHash } from 'node:crypto';
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
  let fields = '';
  for (const key of keys) {
    const value = p.fields[key];
    // Anything but a string (a damaged row) takes the generic path, which also throws where it must.
    if (typeof value !== 'string') return genericText(p);
    fields += `${fields ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  if (!Number.isFinite(p.version)) return genericText(p);
  return `{"at":${JSON.stringify(p.registeredAt)},"fields":{${fields}},"id":${JSON.stringify(p.recordId)},"resourceCode":${JSON.stringify(p.resourceCode)},"status":${JSON.stringify(p.status)},"version":${JSON.stringify(p.version)}}`;
}

export function genericText(p: HashedPayload): string {
  return canonicalJson({ id: p.recordId, version: p.version, resourceCode: p.resourceCode, status: p.status, fields: p.fields, at: p.registeredAt });
}

export function payloadHashOfText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function payloadHash(p: HashedPayload): string {
  return payloadHashOfText(payloadText(p));
}
