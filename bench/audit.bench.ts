// The auditor's 审计日志 with 1,000,000 audit entries (issue 12: a page stays fast however long
// the log; target p95 < 20 ms for the first and the last page).
//
//   node --import tsx bench/audit.bench.ts [--count 1000000] [--pages 200] [--series-seconds 30]
//
// Setup (not measured): a node is set up and closed; `count` entries are appended through the
// real AuditLog (hash chain, head in meta, the indexes of migration 005) on a second
// connection, spread over the last three years: ten clerks and the node itself, a realistic
// mix of actions (mostly registrations and sign-ins), 2 % failures. The node is reopened and
// the auditor signs in.
//
// Measured, one call at a time after 5 warm-up calls, each series bounded by --series-seconds:
// - audit.list through node.dispatch as the auditor (sentences and all): the newest page, the
//   oldest page (after 0), a page in the middle (before count/2), and with filters (a person,
//   a kind, failures, one China day a year ago, a person within a month) on their first page
//   with the total counted, as the screen asks for it;
// - the page query alone on a raw connection, same run, same database: keyset (seq < / seq >)
//   against the LIMIT/OFFSET the log was read with before (and with the count(*) every old
//   page also ran). The ratio keyset / OFFSET of the p95s is printed for both ends.
import { openRawDatabase } from '../test/support/raw-database';
import { buildNodeParts } from '../main/core/services';
import { SessionStore } from '../main/auth/sessions';
import type { AuditAction, InputOf } from '../common/contract';
import { argNumber } from './generate-records';
import { benchOnFilledNode, timedSeries } from './node-bench';

const count = argNumber('count', 1_000_000);
const pages = argNumber('pages', 200);
const seriesSeconds = argNumber('series-seconds', 30);
const TARGET_MS = 20;
const SPAN_MS = 3 * 365 * 86_400_000;
const CLERKS = Array.from({ length: 10 }, (_, i) => `clerk${i}`);

/** Weighted mix: what a township node's log mostly holds. */
const MIX: [AuditAction, number][] = [
  ['record.create', 50],
  ['auth.login', 15],
  ['auth.logout', 12],
  ['record.correct', 8],
  ['record.withdraw', 2],
  ['intake.import', 3],
  ['sync.now', 3],
  ['backup.create', 3],
  ['backup.verify', 2],
  ['user.create', 1],
  ['cert.import', 1],
];
const WHEEL = MIX.flatMap(([action, weight]) => Array<AuditAction>(weight).fill(action));

const series = timedSeries({ runs: pages, seconds: seriesSeconds, labelWidth: 52, countWidth: 3, digits: 2, msWidth: 8 });

/** Appends `count` entries through the real audit log, in big transactions, on a second connection. */
async function fill(dataDir: string, keyFile: string): Promise<void> {
  const db = await openRawDatabase(dataDir, keyFile);
  try {
    const start = Date.now() - SPAN_MS;
    let i = 0;
    const now = () => new Date(start + Math.floor((i / count) * SPAN_MS));
    const { services } = buildNodeParts(db, new SessionStore(now), now, 'bench', { automatic: false });
    for (let from = 0; from < count; from += 20_000) {
      db.transaction(() => {
        for (i = from; i < Math.min(count, from + 20_000); i++) {
          const action = WHEEL[(i * 7919) % WHEEL.length]!;
          const system = action === 'backup.create' || action === 'backup.verify';
          const actor = system ? 'system' : CLERKS[(i * 31) % CLERKS.length]!;
          services.audit.append({
            actor,
            role: system ? 'system' : 'clerk',
            action,
            target: `0190a2b3-c4d5-7e6f-8a9b-${String(i).padStart(12, '0')}`,
            outcome: i % 50 === 7 ? 'failure' : 'success',
            detail: action.startsWith('record.') ? { resource: '203001-00001', version: 1 } : {},
          });
        }
      }).immediate();
      if ((from / 20_000) % 10 === 9) console.log(`  ${(from + 20_000).toLocaleString()} entries`);
    }
  } finally {
    db.close();
  }
}

/** China day (YYYY-MM-DD) of a time. */
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

benchOnFilledNode(
  'auditor',
  async (t) => {
    console.log(`appending ${count.toLocaleString()} audit entries over the last three years...`);
    await fill(t.dataDir, t.keyFile);
  },
  async (t, auditor) => {
    const list = (input: InputOf<'audit.list'>) => async () => {
      const answer = await t.node.dispatch(auditor, 'audit.list', input);
      if (!answer.result.ok) throw new Error(JSON.stringify(answer.result.error));
    };
    const yearAgo = Date.now() - 365 * 86_400_000;

    console.log('keyset paging (audit.list via dispatch, 20 entries with sentences):');
    const first = await series('newest page', list({ pageSize: 20 }));
    const last = await series('oldest page (after 0)', list({ after: 0, pageSize: 20 }));
    await series('a middle page (before count/2)', list({ before: Math.floor(count / 2), pageSize: 20 }));
    await series('newest page with the total (the first load)', list({ pageSize: 20, withTotal: true }));
    console.log('filters, first page with the total:');
    await series('one person', list({ user: 'clerk3', pageSize: 20, withTotal: true }));
    await series('one kind (登录与账户)', list({ kind: 'account', pageSize: 20, withTotal: true }));
    await series('a rare action (新建账户)', list({ action: 'user.create', pageSize: 20, withTotal: true }));
    await series('failures', list({ outcome: 'failure', pageSize: 20, withTotal: true }));
    await series('one China day a year ago', list({ from: chinaDay(yearAgo), to: chinaDay(yearAgo), pageSize: 20, withTotal: true }));
    await series('one person within a month a year ago', list({ user: 'clerk3', from: chinaDay(yearAgo - 30 * 86_400_000), to: chinaDay(yearAgo), pageSize: 20, withTotal: true }));

    console.log('the page query alone, on a raw connection: keyset (now) against LIMIT/OFFSET (before):');
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    let ratioNewest: number;
    let ratioOldest: number;
    try {
      const columns = 'seq, at, actor, role, action, target, outcome, detail';
      const older = raw.prepare(`SELECT ${columns} FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 20`);
      const newer = raw.prepare(`SELECT ${columns} FROM audit_log WHERE seq > ? ORDER BY seq ASC LIMIT 20`);
      const offset = raw.prepare(`SELECT ${columns} FROM audit_log ORDER BY seq DESC LIMIT 20 OFFSET ?`);
      const total = raw.prepare('SELECT count(*) AS n FROM audit_log');
      const n = (total.get() as { n: number }).n;
      const keysetNewest = await series('keyset: newest page', () => older.all(Number.MAX_SAFE_INTEGER));
      const keysetOldest = await series('keyset: oldest page', () => newer.all(0));
      const offsetNewest = await series('OFFSET: newest page', () => offset.all(0));
      const offsetOldest = await series('OFFSET: oldest page', () => offset.all(n - 20));
      // Every page of the old screen also counted the whole log for its page numbers.
      await series('OFFSET: oldest page with count(*), as the old screen', () => {
        total.get();
        offset.all(n - 20);
      });
      ratioNewest = keysetNewest / offsetNewest;
      ratioOldest = keysetOldest / offsetOldest;
    } finally {
      raw.close();
    }
    const pass = first < TARGET_MS && last < TARGET_MS;
    console.log(
      `audit page p95 via dispatch: newest ${first.toFixed(2)} ms, oldest ${last.toFixed(2)} ms (target < ${TARGET_MS} ms) ${pass ? 'PASS' : 'MISS'}; ` +
        `page query p95 ratio keyset / OFFSET: newest ${ratioNewest.toFixed(2)}, oldest ${ratioOldest.toFixed(5)}`,
    );
    return pass;
  },
);
