// What a node made by an older release holds, written in that release's own shape. The
// writers use plain SQL against the columns each schema version had (not today's
// repositories, which may name columns a first-release database does not have yet), and
// the data varies row to row (bench/generate-records.ts) so a migration that mixes up
// rows or columns shows. The audit chain is computed with the documented formula
// h_i = HMAC(k, h_{i-1} || canonical(entry_i)); the real AuditLog verifies it afterwards.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../../main/store/database';
import { NodeMeta } from '../../../main/store/meta';
import { CatalogStore } from '../../../main/store/catalog-store';
import { hashPassword } from '../../../main/auth/password-hash';
import { canonicalJson } from '../../../sync/protocol/canonical-json';
import { recordAt } from '../../../bench/generate-records';
import { makeIdNumber } from '../../support/sample-records';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../../common/catalog/sample-catalog';
import { NODE_IDENTITY, PASSWORDS } from '../../support/test-node';
import type { Role } from '../../../common/contract';

export const UNIT = '扶贫办';
const GENESIS = '0'.repeat(64);
const ROLES: readonly Role[] = ['admin', 'clerk', 'operator', 'auditor', 'official'];

/** What the writers put in, for the checks after the last migration. */
export interface WrittenData {
  auditKey: Buffer;
  /** Every record's versions, oldest first, as written. */
  records: Map<string, { resourceCode: string; versions: { version: number; status: 'active' | 'withdrawn'; fields: Record<string, string> }[] }>;
  auditEntries: number;
  users: string[];
}

/** An instant some days back, so every row has its own time and all lie in the past. */
function at(step: number): string {
  return new Date(Date.UTC(2025, 0, 6, 1, 0, 0) + step * 61_000).toISOString();
}

class OldAudit {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  append(step: number, actor: string, role: string, action: string, target: string, detail: Record<string, string | number>, outcome: 'success' | 'failure' = 'success'): void {
    const head = this.head();
    const entry = { seq: head.seq + 1, at: at(step), actor, role, action, target, outcome, detail: canonicalJson(detail) };
    const hash = createHmac('sha256', this.key).update(head.hash).update(canonicalJson(entry)).digest('hex');
    this.db.prepare(`INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, hash) VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @hash)`).run({ ...entry, hash });
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(`${entry.seq}:${hash}`);
  }

  head(): { seq: number; hash: string } {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'audit_head'`).get() as { value: string } | undefined;
    if (!row) return { seq: 0, hash: GENESIS };
    const [seq, hash] = row.value.split(':');
    return { seq: Number(seq), hash: hash! };
  }
}

/**
 * The n-th distinct valid ID number: a three-digit sequence within one birth date, the birth
 * date moving on a day per thousand (1 January 1980 first, so the small CI data is unchanged).
 */
function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return makeIdNumber(n % 1000, birth);
}

function fieldsFor(resourceCode: string, i: number): Record<string, string> {
  if (resourceCode === RESOURCE_POVERTY_HOUSEHOLD) return { ...recordAt(i) } as Record<string, string>;
  const names = ['李四', '王芳', '陈建国', '林小梅', '黄德福', '符秀英'];
  if (resourceCode === RESOURCE_POPULATION) {
    return { name: names[i % names.length]!, id_number: idNumber(100 + i), gender: String((i % 2) + 1), ethnicity: i % 3 ? '01' : '19', household_address: `海南省琼中县湾岭镇第${i + 1}村民小组` };
  }
  return { id_number: idNumber(500 + i), name: names[(i + 2) % names.length]!, visited_on: `2025-0${(i % 9) + 1}-1${i % 10}`, notes: `第${i + 1}次走访，${i % 2 ? '独居老人' : '残疾人家庭'}` };
}

/** Schema 001: identity, accounts, records with corrections and withdrawals, the outbox, the audit log. */
export async function writeSchema1Data(db: Db, perResource: number): Promise<WrittenData> {
  const auditKey = randomBytes(32);
  const written: WrittenData = { auditKey, records: new Map(), auditEntries: 0, users: [] };
  const meta = new NodeMeta(db);
  meta.recordNewNode({ nodeId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', ...NODE_IDENTITY, createdAt: at(0) });
  meta.saveAuditChainKey(auditKey);
  new CatalogStore(db).write(sampleCatalog);
  const audit = new OldAudit(db, auditKey);
  let step = 1;
  audit.append(step++, 'admin', 'admin', 'node.setup', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { unitName: NODE_IDENTITY.unitName });

  for (const role of ROLES) {
    const hash = await hashPassword(PASSWORDS[role]);
    db.prepare(`INSERT INTO users (username, display_name, role, unit, password_hash, disabled, failed_logins, created_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      role,
      `测试${role}`,
      role,
      UNIT,
      hash,
      0,
      role === 'official' ? 2 : 0,
      at(step),
      role === 'clerk' ? at(step + 1) : null,
    );
    audit.append(step++, 'admin', 'admin', 'user.create', role, { role });
    written.users.push(role);
  }
  audit.append(step++, 'clerk', '', 'auth.login', 'clerk', { reason: 'bad_password' }, 'failure');

  const insertVersion = db.prepare(`INSERT INTO record_versions (record_id, version, resource_code, status, fields, unit, author, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertHead = db.prepare(`INSERT INTO records (id, resource_code, version, status, unit, key_value, title, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const updateHead = db.prepare(`UPDATE records SET version = ?, status = ?, title = ?, updated_at = ?, updated_by = ? WHERE id = ?`);
  const count = db.prepare(`INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`);
  const enqueue = db.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, state, attempts, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)`);
  const shareable = (code: string) => code !== RESOURCE_HARDSHIP_VISIT;

  db.transaction(() => {
    for (const resourceCode of [RESOURCE_POVERTY_HOUSEHOLD, RESOURCE_POPULATION, RESOURCE_HARDSHIP_VISIT]) {
      for (let i = 0; i < perResource; i++) {
        const id = `0190a1b2-0000-7000-8000-${resourceCode.replace('-', '').slice(0, 6)}${String(i).padStart(6, '0')}`;
        const versions: { version: number; status: 'active' | 'withdrawn'; fields: Record<string, string> }[] = [];
        const write = (version: number, status: 'active' | 'withdrawn', fields: Record<string, string>, reason: string | null, action: string) => {
          const when = at(step);
          insertVersion.run(id, version, resourceCode, status, JSON.stringify(fields), UNIT, 'clerk', when, reason);
          const title = fields.householder_name ?? fields.name ?? '记录';
          if (version === 1) {
            insertHead.run(id, resourceCode, 1, status, UNIT, fields.householder_id_number ?? fields.id_number ?? null, title, when, when, 'clerk');
            count.run(resourceCode, UNIT, status, 1);
          } else {
            updateHead.run(version, status, title, when, 'clerk', id);
            if (status === 'withdrawn') {
              count.run(resourceCode, UNIT, 'active', -1);
              count.run(resourceCode, UNIT, 'withdrawn', 1);
            }
          }
          if (shareable(resourceCode)) {
            const payloadHash = createHash('sha256').update(canonicalJson({ id, version, resourceCode, status, fields, at: when })).digest('hex');
            // Older rows were delivered already; the newest wait in the queue.
            enqueue.run(id, version, payloadHash, i < perResource / 2 ? 'acknowledged' : 'pending', i < perResource / 2 ? 1 : 0, when);
          }
          audit.append(step++, 'clerk', 'clerk', action, id, { resource: resourceCode, version });
          versions.push({ version, status, fields });
        };
        const first = fieldsFor(resourceCode, i);
        write(1, 'active', first, null, 'record.create');
        if (i % 4 === 1) write(2, 'active', { ...first, ...fieldsFor(resourceCode, i + perResource) }, `更正第${i}条录入错误`, 'record.correct');
        if (i % 5 === 2) write(versions.length + 1, 'withdrawn', versions[versions.length - 1]!.fields, '重复登记，撤回', 'record.withdraw');
        written.records.set(id, { resourceCode, versions });
      }
    }
  })();
  written.auditEntries = audit.head().seq;
  return written;
}

/** Schema 002: credentials, sync settings and state, receipts, and delivered rows that name them. */
export function writeSchema2Data(db: Db, written: WrittenData, pems: { root: string; certificate: string; key: string; signing: string }): void {
  db.prepare(`UPDATE node_credentials SET private_key_pem = ?, key_bits = 2048, certificate_pem = ?, chain_pem = '', root_pem = ?, exchange_signing_pem = ?, updated_at = ? WHERE id = 1`).run(pems.key, pems.certificate, pems.root, pems.signing, at(9000));
  db.prepare(`UPDATE sync_settings SET exchange_url = 'https://127.0.0.1:1/', bandwidth_kibps = 256, batch_max_items = 200, interval_seconds = 600 WHERE id = 1`).run();
  db.prepare(`UPDATE sync_state SET high_water_mark = ?, catalog_etag = '"c-7"', last_success_at = ?, last_attempt_at = ?, last_heartbeat_at = ?, link = 'online' WHERE id = 1`).run(0, at(9001), at(9001), at(9002));
  const delivered = db.prepare(`SELECT seq FROM outbox WHERE state = 'acknowledged' ORDER BY seq`).all() as { seq: number }[];
  const insertReceipt = db.prepare(`INSERT INTO receipts (batch_id, epoch, first_seq, last_seq, items, accepted, rejected, high_water_mark, server_time, received_at, signed_receipt) VALUES (?, 1, ?, ?, ?, ?, 0, ?, ?, ?, ?)`);
  const nameBatch = db.prepare(`UPDATE outbox SET batch_id = ?, settled_at = ? WHERE seq = ?`);
  db.transaction(() => {
    for (let b = 0; b * 10 < delivered.length; b++) {
      const rows = delivered.slice(b * 10, b * 10 + 10);
      const batchId = `0190a1b2-bbbb-7000-8000-${String(b).padStart(12, '0')}`;
      const last = rows[rows.length - 1]!.seq;
      insertReceipt.run(batchId, rows[0]!.seq, last, rows.length, rows.length, last, at(9100 + b), at(9100 + b), canonicalJson({ batchId, accepted: rows.map((r) => r.seq), signature: createHash('sha256').update(batchId).digest('base64') }));
      for (const row of rows) nameBatch.run(batchId, at(9100 + b), row.seq);
    }
    db.prepare(`UPDATE sync_state SET high_water_mark = (SELECT coalesce(max(last_seq), 0) FROM receipts) WHERE id = 1`).run();
  })();
  void written;
}

/** Schema 003: an imported file with its listed row errors, and one left half done. */
export function writeSchema3Data(db: Db): void {
  const insertFile = db.prepare(
    `INSERT INTO intake_files (content_hash, resource_code, unit, file_name, source, actor, state, committed_through, total_rows, imported, rejected, duplicates, empty_rows, errors_not_listed, report, started_at, finished_at, delivered_at)
     VALUES (?, ?, ?, ?, ?, 'clerk', ?, ?, ?, ?, ?, 0, 1, 0, ?, ?, ?, ?)`,
  );
  const insertError = db.prepare(`INSERT INTO intake_errors (file_id, seq, row, col, value, reason) VALUES (?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    const done = insertFile.run(createHash('sha256').update('贫困户名单.xlsx').digest('hex'), RESOURCE_POVERTY_HOUSEHOLD, UNIT, '贫困户名单.xlsx', 'watch', 'done', 120, 120, 117, 2, JSON.stringify({ sheet: '第二季度', imported: 117 }), at(9300), at(9301), at(9302));
    insertError.run(done.lastInsertRowid, 1, 14, '户主身份证号', '4690**********123X', '公民身份号码校验位错误');
    insertError.run(done.lastInsertRowid, 2, 77, '人均纯收入', '四千', '应为数字');
    insertFile.run(createHash('sha256').update('人口.csv').digest('hex'), RESOURCE_POPULATION, UNIT, '人口.csv', 'cli', 'partial', 500, 2000, 500, 0, null, at(9310), null, null);
  })();
}

/** Schema 004: queue samples, a link outage (through the trigger on sync_state), backups and DR uploads. */
export function writeSchema4Data(db: Db): void {
  db.transaction(() => {
    for (let h = 0; h < 24; h++) db.prepare(`INSERT INTO queue_samples (at, depth) VALUES (?, ?)`).run(at(9400 + h * 60), (h * 37) % 101);
    db.prepare(`UPDATE sync_state SET link = 'offline', problem = '无法连接交换平台（对方未开放服务或网络中断），将自动重试', last_attempt_at = ? WHERE id = 1`).run(at(9500));
    db.prepare(`UPDATE sync_state SET link = 'online', problem = NULL, last_success_at = ?, last_latency_ms = 84 WHERE id = 1`).run(at(9560));
    const event = db.prepare(`INSERT INTO status_events (at, kind, ok) VALUES (?, ?, ?)`);
    for (let d = 0; d < 7; d++) event.run(at(9600 + d * 1440), 'backup', d === 3 ? 0 : 1);
    event.run(at(9700), 'verify', 1);
    event.run(at(9701), 'upload', 1);
  })();
}

/** Schema 006: a workbook imported sheet by sheet. */
export function writeSchema6Data(db: Db): void {
  db.prepare(
    `INSERT INTO intake_files (content_hash, sheet, resource_code, unit, file_name, source, actor, state, committed_through, total_rows, imported, started_at, finished_at)
     VALUES (?, '第三季度', ?, ?, '贫困户名单.xlsx', 'upload', 'clerk', 'done', 40, 40, 40, ?, ?)`,
  ).run(createHash('sha256').update('贫困户名单.xlsx').digest('hex'), RESOURCE_POVERTY_HOUSEHOLD, UNIT, at(9800), at(9801));
}
