// Which row of the file registered a key value (an ID number, a credit code), so a later row
// with the same key can be reported as "与本文件第 N 行重复". A million-row file must not
// cost a million strings in a Map (≈ 80 MB): keys are kept as 53-bit hashes in an
// open-addressing table of typed arrays (12 bytes a slot, load ≤ 0.5: ≈ 24 MB for a million).
// A hash collision could only ever change WHICH earlier row a duplicate names — whether a
// row is a duplicate is decided by the database, never by this table.
export class KeyRowTable {
  private hashes = new Float64Array(1024);
  private rows = new Int32Array(1024);
  private count = 0;

  set(key: string, row: number): void {
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    if (this.put(hash53(key), row)) this.count++;
  }

  get(key: string): number | undefined {
    const h = hash53(key);
    const mask = this.hashes.length - 1;
    for (let i = h % this.hashes.length; ; i = (i + 1) & mask) {
      const found = this.hashes[i]!;
      if (found === 0) return undefined;
      if (found === h) return this.rows[i];
    }
  }

  get size(): number {
    return this.count;
  }

  /** Returns true when the hash was new. The first row to register a key keeps it. */
  private put(h: number, row: number): boolean {
    const mask = this.hashes.length - 1;
    for (let i = h % this.hashes.length; ; i = (i + 1) & mask) {
      const found = this.hashes[i]!;
      if (found === h) return false;
      if (found === 0) {
        this.hashes[i] = h;
        this.rows[i] = row;
        return true;
      }
    }
  }

  private grow(): void {
    const hashes = this.hashes;
    const rows = this.rows;
    this.hashes = new Float64Array(hashes.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== 0) this.put(hashes[i]!, rows[i]!);
  }
}

/** Two 32-bit FNV-1a variants combined into a positive 53-bit integer (never 0: 0 marks an empty slot). */
function hash53(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return ((a >>> 0) * 0x200000 + ((b >>> 0) >>> 11)) + 1;
}
