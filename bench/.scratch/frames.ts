// EXPERIMENT: WAL frames (pages) written per records.create transaction.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openEncryptedDatabase } from '../../main/store/database';
import { migrate } from '../../main/store/migrate';
import { setMeta } from '../../main/store/meta';
import { RecordsRepo } from '../../main/store/records-repo';
import { AuditLog } from '../../main/audit/audit-log';
import { uuid7 } from '../../main/store/uuid7';
import { recordAt } from '../generate-records';
import './patch-findbykey';
const dir = mkdtempSync(join(tmpdir(), 'fr-'));
const file = join(dir, 'x.db');
const db = openEncryptedDatabase(file, randomBytes(32));
migrate(db); setMeta(db, 'epoch', '1');
const repo = new RecordsRepo(db);
const audit = new AuditLog(db, randomBytes(32), () => new Date());
const one = (i: number, parts: Set<string>) => {
  const f = recordAt(i); const id = uuid7();
  db.transaction(() => {
    if (parts.has('find')) repo.findByKey('u', f.householder_id_number, 'r');
    repo.writeVersion({ id, version: 1, resourceCode: 'r', status: 'active', fields: f, unit: 'u', author: 'clerk', at: new Date().toISOString(), reason: null, keyValue: f.householder_id_number, title: f.householder_name, shareable: parts.has('outbox') });
    if (parts.has('audit')) audit.append({ actor: 'clerk', role: 'clerk', action: 'record.create', target: id, outcome: 'success', detail: { resource: 'r' } });
  }).immediate();
};
let i = 0;
for (; i < 20000; i++) one(i, new Set(['find', 'outbox', 'audit']));
db.pragma('wal_checkpoint(TRUNCATE)');
db.pragma('wal_autocheckpoint = 0');
for (const parts of [['find','outbox','audit'], [], ['outbox'], ['audit'], ['find','outbox','audit']]) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const n = 500;
  for (let k = 0; k < n; k++, i++) one(i, new Set(parts));
  const frames = statSync(file + '-wal').size / (4096 + 24);
  console.log(`writeVersion + [${parts.join(',')}]: ${(frames / n).toFixed(1)} WAL frames (pages) per transaction`);
}
db.close(); rmSync(dir, { recursive: true });
