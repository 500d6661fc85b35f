// The table of contents of a zip (an .xlsx is one): each part's name, how big it says it is
// unpacked, and whether that is true. A workbook is read whole into memory, so its unpacked
// size is what costs memory — and a zip can lie about it (a "zip bomb" of a few megabytes
// that unpacks to gigabytes). The central directory gives the declared sizes; each part is
// then inflated with zlib, refusing to produce more than declared, so what the workbook
// reader later unpacks is bounded by the sizes checked here. The inflated bytes are dropped
// at once (one part at a time in memory); nothing is written to disk.
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated (the two methods Office files use). */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The zip's entries, or null when the file is not a well-formed zip. */
export function zipEntries(zip: Buffer): ZipEntry[] | null {
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const at = Number(zip.readBigUInt64LE(eocd - 12));
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== ZIP64_EOCD) return null;
    count = Number(zip.readBigUInt64LE(at + 32));
    offset = Number(zip.readBigUInt64LE(at + 48));
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (at + 46 + nameLength + extraLength > zip.length) return null;
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    };
    readZip64Sizes(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes of 0xFFFFFFFF live in the ZIP64 extra field (id 1), in this order, only those that overflowed. */
function readZip64Sizes(extra: Buffer, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const next = () => {
        const value = field + 8 <= at + 4 + size ? Number(extra.readBigUInt64LE(field)) : Number.NaN;
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

/**
 * True when the entry's data unpacks to exactly its declared size. Stored parts are their
 * size; deflated parts are inflated with an output cap of the declared size.
 */
export function entryHonest(zip: Buffer, entry: ZipEntry): boolean {
  return inflateEntry(zip, entry) !== null;
}

/**
 * The entry's unpacked bytes, or null when it does not unpack to exactly its declared size.
 * The caller has bounded the declared size, so the output is bounded too.
 */
export function inflateEntry(zip: Buffer, entry: ZipEntry): Buffer | null {
  const at = entry.localHeaderOffset;
  if (!Number.isFinite(entry.uncompressedSize) || at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) return null;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) return null;
  if (entry.method === 0) return entry.compressedSize === entry.uncompressedSize ? data : null;
  if (entry.method !== 8) return null;
  try {
    // One more byte than declared would be a lie; maxOutputLength makes zlib stop there.
    const out = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
    return out.length === entry.uncompressedSize ? out : null;
  } catch {
    return null;
  }
}
