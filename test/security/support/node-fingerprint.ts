// Everything a call could have written, read straight from a node's database and data
// folder, so a fuzz walk can say "nothing written" without trusting the API it is testing.
// The audit log (with its public hash chain, audit_links, one link per entry) is left out on
// purpose: refused roles are audited (api.forbidden), and the caller checks those entries one by one.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Db } from '../../../main/store/database';

/** SQLite's own side files come and go with checkpoints; they are not data. */
const SIDE_FILE = /-(wal|shm|journal)$/;

/** The names of every file under `dir`, at most `limit` (a runaway folder fails loudly, not slowly). */
export function fileNames(dir: string, limit = 10_000): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (out.length >= limit) throw new Error(`more than ${limit} files under ${dir}`);
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!SIDE_FILE.test(entry.name)) out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** A digest per table (every row, in rowid order), the audit log, its links and its head left out. */
export function tableDigests(db: Db): Record<string, string> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'audit_links') ORDER BY name`).pluck().all() as string[];
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const where = table === 'meta' ? ` WHERE key <> 'audit_head'` : '';
    const hash = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${table}"${where}`).iterate()) hash.update(JSON.stringify(row)); // a Buffer (BLOB) serialises as its bytes
    digests[table] = hash.digest('hex');
  }
  return digests;
}
