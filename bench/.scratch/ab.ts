// EXPERIMENT: interleaved A/B of the records.create transaction under store variants.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { openEncryptedDatabase } from '../../main/store/database';
import { migrate } from '../../main/store/migrate';
import { setMeta } from '../../main/store/meta';
import { RecordsRepo } from '../../main/store/records-repo';
import { AuditLog } from '../../main/audit/audit-log';
import { uuid7 } from '../../main/store/uuid7';
import { recordAt } from '../generate-records';
import './patch-findbykey';

const N = Number(process.argv[2] ?? 20000);
const names = (process.argv[3] ?? 'raw,plain,enc,enc-cache,enc-ckpt,enc-noautoinc').split(',');
const BLOCK = 500;
const dir = mkdtempSync(join(tmpdir(), 'ab-'));
type V = { name: string; db: Database.Database; step: (i: number) => void; ms: number; done: number };
const variants: V[] = names.map((name) => {
  const file = join(dir, name + '.db');
  let db: Database.Database;
  if (name === 'raw' || name.startsWith('plain')) { db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); }
  else db = openEncryptedDatabase(file, randomBytes(32));
  if (name.includes('cache')) db.pragma('cache_size = -65536');
  if (name.includes('ckpt')) db.pragma('wal_autocheckpoint = 10000');
  if (name === 'raw') {
    db.exec('CREATE TABLE raw_records (id TEXT PRIMARY KEY, fields TEXT NOT NULL)');
    const ins = db.prepare('INSERT INTO raw_records VALUES (?, ?)');
    const tx = db.transaction((f: object) => { ins.run(uuid7(), JSON.stringify(f)); });
    return { name, db, ms: 0, done: 0, step: (i) => tx.immediate(recordAt(i)) };
  }
  migrate(db); setMeta(db, 'epoch', '1');
  if (name.includes('noautoinc')) db.exec(`DROP TABLE outbox; CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL, payload_hash TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','in_flight','acknowledged','rejected')),
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT, created_at TEXT NOT NULL, UNIQUE (record_id, version)) STRICT;
      CREATE INDEX outbox_by_state ON outbox (state, seq);`);
  const repo = new RecordsRepo(db);
  const audit = new AuditLog(db, randomBytes(32), () => new Date());
  return { name, db, ms: 0, done: 0, step: (i) => {
    const f = recordAt(i); const id = uuid7();
    db.transaction(() => {
      repo.findByKey('u', f.householder_id_number, 'r');
      repo.writeVersion({ id, version: 1, resourceCode: 'r', status: 'active', fields: f, unit: 'u', author: 'clerk', at: new Date().toISOString(), reason: null, keyValue: f.householder_id_number, title: f.householder_name, shareable: true });
      audit.append({ actor: 'clerk', role: 'clerk', action: 'record.create', target: id, outcome: 'success', detail: { resource: 'r' } });
      repo.current(id);
    }).immediate();
  } };
});
for (let start = 0; start < N; start += BLOCK) {
  for (const v of variants) {
    const t0 = performance.now();
    for (let i = start; i < Math.min(N, start + BLOCK); i++) v.step(i);
    v.ms += performance.now() - t0; v.done = Math.min(N, start + BLOCK);
  }
  if ((start / BLOCK) % 10 === 9) console.log(`  ${start + BLOCK}: ` + variants.map((v) => `${v.name} ${Math.round(v.done / v.ms * 1000)}/s`).join(', '));
}
const raw = variants.find((v) => v.name === 'raw');
for (const v of variants) console.log(`${v.name.padEnd(16)} ${Math.round(v.done / v.ms * 1000)} tx/s, ${(v.ms / v.done * 1000).toFixed(0)} µs/tx${raw ? `, vs raw ${(raw.ms / v.ms).toFixed(2)}` : ''}`);
for (const v of variants) v.db.close();
rmSync(dir, { recursive: true });
