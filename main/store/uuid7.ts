import { randomFillSync } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Record ids sort by
 * creation time, which keeps the primary-key index append-mostly on large tables.
 */
export function uuid7(now: number = Date.now()): string {
  return formatUuid7(randomIdBytes(1), now);
}

/**
 * n UUIDv7s for one moment, in ascending order: rows written in that order append at the
 * right edge of every b-tree keyed by the id (records, record_versions, the outbox's
 * (record_id, version)), where SQLite fills pages whole instead of splitting them half-full.
 */
export function uuid7Many(n: number, now: number): string[] {
  const random = randomIdBytes(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(formatUuid7(random.subarray(16 * i, 16 * i + 16), now));
  return ids.sort();
}

/** Writes the time, version and variant into 16 random bytes (which it overwrites) and formats them. */
function formatUuid7(bytes: Buffer, now: number): string {
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids' random bytes are drawn from the system's CSPRNG 4 KiB at a time: one draw costs several µs, as much as the rest of an id. */
const pool = Buffer.alloc(4096);
let drawn = pool.length;

/** 16 fresh random bytes per id, each byte handed out once. */
function randomIdBytes(ids: number): Buffer {
  const size = 16 * ids;
  if (size > pool.length) return randomFillSync(Buffer.alloc(size));
  if (drawn + size > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  const bytes = pool.subarray(drawn, drawn + size);
  drawn += size;
  return bytes;
}
