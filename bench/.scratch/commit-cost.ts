// EXPERIMENT: cost of the records.create transaction below the API, encrypted vs plain.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../main/store/migrate';
import { openEncryptedDatabase, sql } from '../../main/store/database';
import { setMeta } from '../../main/store/meta';
import { RecordsRepo } from '../../main/store/records-repo';
import { AuditLog } from '../../main/audit/audit-log';
import { uuid7 } from '../../main/store/uuid7';
import { recordAt } from '../generate-records';
import '../.scratch/patch-findbykey';

const N = Number(process.argv[2] ?? 5000);
const variants = (process.argv[3] ?? 'enc,plain,enc-normal,plain-normal,enc-nocount').split(',');
for (const v of variants) {
  const dir = mkdtempSync(join(tmpdir(), 'cc-'));
  const file = join(dir, 'x.db');
  let db: Database.Database;
  if (v.startsWith('enc')) db = openEncryptedDatabase(file, randomBytes(32));
  else { db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('foreign_keys = ON'); }
  if (v.endsWith('normal')) db.pragma('synchronous = NORMAL');
  if (v.includes('cache')) db.pragma('cache_size = -65536');
  if (v.includes('ckpt')) db.pragma('wal_autocheckpoint = 10000');
  if (v.includes('chacha')) { db.close(); rmSync(file, {force:true}); rmSync(file+'-wal',{force:true}); rmSync(file+'-shm',{force:true}); db = new Database(file); db.pragma(`cipher='chacha20'`); db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); }
  if (v.includes('aes256')) { db.close(); rmSync(file, {force:true}); rmSync(file+'-wal',{force:true}); rmSync(file+'-shm',{force:true}); db = new Database(file); db.pragma(`cipher='aes256cbc'`); db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); }
  if (v.includes('sha1')) { db.close(); rmSync(file, {force:true}); rmSync(file+'-wal',{force:true}); rmSync(file+'-shm',{force:true}); db = new Database(file); db.pragma(`cipher='sqlcipher'`); db.pragma('legacy=4'); db.pragma('hmac_algorithm=0'); db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); }
  migrate(db);
  setMeta(db, 'epoch', '1');
  const repo = new RecordsRepo(db);
  const audit = new AuditLog(db, randomBytes(32), () => new Date());
  const t0 = performance.now();
  let tx = 0;
  for (let i = 0; i < N; i++) {
    const f = recordAt(i);
    const id = uuid7();
    const a = performance.now();
    db.transaction(() => {
      repo.findByKey('u', f.householder_id_number, 'r');
      repo.writeVersion({ id, version: 1, resourceCode: 'r', status: 'active', fields: f, unit: 'u', author: 'clerk', at: new Date().toISOString(), reason: null, keyValue: f.householder_id_number, title: f.householder_name, shareable: !v.includes('noout') });
      audit.append({ actor: 'clerk', role: 'clerk', action: 'record.create', target: id, outcome: 'success', detail: { resource: 'r' } });
      repo.current(id);
    }).immediate();
    tx += performance.now() - a;
  }
  const s = (performance.now() - t0) / 1000;
  const wal = statSync(file + '-wal').size; const cipher = v.startsWith('enc') ? db.pragma('cipher', {simple:true}) : '-';
  console.log(`${v.padEnd(14)} ${N} tx in ${s.toFixed(2)} s = ${Math.round(N / s)} tx/s; ${(tx / N * 1000).toFixed(0)} µs/tx; cipher ${cipher}; db ${(statSync(file).size/1e6).toFixed(1)} MB wal ${(wal/1e6).toFixed(1)} MB`);
  db.close();
  rmSync(dir, { recursive: true });
}
