// Which row of the file registered a key value (an ID number, a credit code), so a later row
// with the same key can be reported as "与本文件第 N 行重复". A million-row file must not
// cost a million strings in a Map (≈ 80 MB): keys are kept as 40-bit hashes in an
// open-addressing table of two Uint32Arrays (8 bytes a slot, load ≤ 0.5: ≈ 16 MB for a
// million) — 32 bits of the hash in one, the row (24 bits) and 8 more bits of the hash in
// the other. A hash collision (about one in 10^6 duplicates of a million-row file) could only
// ever change WHICH earlier row a duplicate names — whether a row is a duplicate is decided by
// the database, never by this table. Rows past 16,777,215 are not kept: their duplicates are
// named by the record they repeat instead.
export class KeyRowTable {
  /** The hash's low 32 bits; 0 marks an empty slot. */
  private tags = new Uint32Array(1024);
  /** Row << 8 | the hash's next 8 bits. */
  private rows = new Uint32Array(1024);
  private count = 0;

  set(key: string, row: number): void {
    if (row > MAX_ROW || row < 1) return;
    if ((this.count + 1) * 2 > this.tags.length) this.grow();
    const h = hash40(key);
    if (this.put(tagOf(h), ((row << 8) | extraOf(h)) >>> 0)) this.count++;
  }

  get(key: string): number | undefined {
    const h = hash40(key);
    const tag = tagOf(h);
    const extra = extraOf(h);
    const mask = this.tags.length - 1;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const found = this.tags[i]!;
      if (found === 0) return undefined;
      if (found === tag && (this.rows[i]! & 0xff) === extra) return this.rows[i]! >>> 8;
    }
  }

  get size(): number {
    return this.count;
  }

  /** Returns true when the hash was new. The first row to register a key keeps it. */
  private put(tag: number, packed: number): boolean {
    const mask = this.tags.length - 1;
    for (let i = tag & mask; ; i = (i + 1) & mask) {
      const found = this.tags[i]!;
      if (found === tag && (this.rows[i]! & 0xff) === (packed & 0xff)) return false;
      if (found === 0) {
        this.tags[i] = tag;
        this.rows[i] = packed;
        return true;
      }
    }
  }

  private grow(): void {
    const tags = this.tags;
    const rows = this.rows;
    this.tags = new Uint32Array(tags.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    for (let i = 0; i < tags.length; i++) if (tags[i] !== 0) this.put(tags[i]!, rows[i]!);
  }
}

/** The largest row number the table keeps (24 bits). */
const MAX_ROW = 0xffffff;

/** Low 32 bits of the hash, never 0 (0 marks an empty slot). */
const tagOf = (h: number) => (h % 0x100000000) || 1;
/** The hash's bits 32–39. */
const extraOf = (h: number) => Math.floor(h / 0x100000000) & 0xff;

/** Two 32-bit FNV-1a variants combined into a 40-bit integer. */
function hash40(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (b >>> 24) * 0x100000000 + (a >>> 0);
}
