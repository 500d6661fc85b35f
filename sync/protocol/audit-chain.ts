// The keyless public chain over the node's audit log, which a third party (the provincial
// exchange) can check without the node's secret HMAC key:
//
//   link_0 = 64 zeros,   link_i = sha256(link_{i-1} ‖ hmac_i)   (raw 32-byte values)
//
// where hmac_i is the audit entry's own chain hash (main/audit/audit-log.ts). The HMAC chain
// proves the entries to whoever holds the key — including an insider, who can recompute it
// after editing rows. The public chain commits to the HMACs: once the exchange holds a
// node's signed link at seq s, any change to an entry at or below s changes every HMAC after
// it, and no sequence of HMACs the node can later send leads from the exchange's link_s to
// the link the node reports. The HMACs carry nothing personal (they are keyed digests).
import { createHash } from 'node:crypto';

export const GENESIS_LINK = '0'.repeat(64);

/** link_i from link_{i-1} and the entry's HMAC (both 64 hex digits). */
export function nextLink(previousLink: string, hmac: string): string {
  return createHash('sha256').update(Buffer.from(previousLink, 'hex')).update(Buffer.from(hmac, 'hex')).digest('hex');
}

/**
 * Folds HMACs onto a link: the link at fromSeq + hmacs.length. `checkpoint`, when given,
 * must be met on the way (the link at an intermediate seq); returns null when it is not.
 */
export function foldLinks(fromSeq: number, fromLink: string, hmacs: readonly string[], checkpoint?: { seq: number; link: string }): string | null {
  let link = fromLink;
  if (checkpoint && checkpoint.seq === fromSeq && checkpoint.link !== link) return null;
  for (let i = 0; i < hmacs.length; i++) {
    link = nextLink(link, hmacs[i]!);
    if (checkpoint && checkpoint.seq === fromSeq + i + 1 && checkpoint.link !== link) return null;
  }
  return link;
}
