// The auditor's filters and pages, against a real encrypted log: each filter (person, kind,
// action, China days, outcome, and their combinations) selects exactly what a plain reading
// of every entry would, page after page; pages keyed on seq neither skip nor repeat entries
// while new ones are appended; and every read goes through an index, never a scan of the
// whole log.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditAction, AuditFilter, AuditListInput } from '../../common/contract';
import { actionsOfKind, auditListInputSchema } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import type { Db } from '../store/database';
import { chinaMidnight } from './audit-reader';
import { auditLogFixture } from './test-audit-log';

const ACTORS = ['clerk', 'clerk2', 'admin', 'auditor', 'system'] as const;
const ACTIONS: AuditAction[] = ['record.create', 'record.correct', 'auth.login', 'auth.logout', 'backup.create', 'user.create', 'sync.now'];
const ROLE: Record<string, string> = { clerk: 'clerk', clerk2: 'clerk', admin: 'admin', auditor: 'auditor', system: 'system' };

interface Written {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  outcome: 'success' | 'failure';
}

/** The China day of an ISO time. */
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

function matches(w: Written, f: AuditFilter): boolean {
  if (f.user !== undefined && w.actor !== f.user) return false;
  if (f.action !== undefined && w.action !== f.action) return false;
  if (f.kind !== undefined && !actionsOfKind(f.kind).includes(w.action)) return false;
  if (f.from !== undefined && chinaDay(w.at) < f.from) return false;
  if (f.to !== undefined && chinaDay(w.at) > f.to) return false;
  if (f.outcome !== undefined && w.outcome !== f.outcome) return false;
  return true;
}

const input = (x: Partial<AuditListInput>): AuditListInput => auditListInputSchema.parse(x);

describe('audit reader', () => {
  let fx: ReturnType<typeof auditLogFixture>;
  const written: Written[] = [];
  /** Every SQL text the repository prepared, to look at its query plan. */
  const prepared = new Set<string>();

  before(() => {
    fx = auditLogFixture();
    const db = fx.db as Db & { prepare: Db['prepare'] };
    const original = db.prepare.bind(db);
    db.prepare = ((text: string) => {
      if (/audit_log/.test(text) && /^\s*SELECT/i.test(text)) prepared.add(text);
      return original(text);
    }) as Db['prepare'];
    // 400 entries, one every 97 minutes from 1 March 2026 (UTC): about six days, each China
    // day boundary (16:00 UTC) crossed with entries on both sides.
    let t = Date.parse('2026-03-01T00:00:00.000Z');
    for (let i = 0; i < 400; i++) {
      const at = new Date(t).toISOString();
      const actor = ACTORS[(i * 7) % ACTORS.length]!;
      const action = ACTIONS[(i * 3 + (i >> 4)) % ACTIONS.length]!;
      const outcome = i % 9 === 4 ? 'failure' : 'success';
      fx.appendAt(at, { actor, role: ROLE[actor]!, action, target: `t${i}`, outcome, detail: action.startsWith('record') ? { resource: RESOURCE_POVERTY_HOUSEHOLD, version: 1 } : {} });
      written.push({ seq: i + 1, at, actor, action, outcome });
      t += 97 * 60_000;
    }
  });
  after(() => fx.cleanup());

  /** Every page of a filter, newest first, following the `before` cursor. */
  function walkOlder(filter: AuditFilter, pageSize: number) {
    const seqs: number[] = [];
    let page = fx.reader.page(input({ ...filter, pageSize, withTotal: true }));
    const total = page.total;
    assert.equal(page.hasNewer, false);
    for (let guard = 0; ; guard++) {
      assert.ok(guard < 1000, 'paging does not end');
      seqs.push(...page.items.map((e) => e.seq));
      if (!page.hasOlder) break;
      page = fx.reader.page(input({ ...filter, pageSize, before: page.items.at(-1)!.seq }));
      assert.equal(page.hasNewer, true);
    }
    return { seqs, total };
  }

  const FILTERS: AuditFilter[] = [
    {},
    { user: 'clerk' },
    { user: '周录入' }, // by display name
    { kind: 'record' },
    { kind: 'account' },
    { action: 'user.create' },
    { action: 'user.create', kind: 'record' }, // contradictory: nothing
    { outcome: 'failure' },
    { outcome: 'success' },
    { from: '2026-03-02', to: '2026-03-02' },
    { from: '2026-03-03' },
    { to: '2026-03-01' },
    { from: '2020-01-01', to: '2030-12-31' }, // wider than the log
    { user: 'admin', kind: 'account', outcome: 'success' },
    { user: 'clerk', from: '2026-03-02', to: '2026-03-04', outcome: 'failure' },
    { kind: 'record', from: '2026-03-04' },
    { user: 'nobody' },
  ];

  for (const filter of FILTERS) {
    test(`filter ${JSON.stringify(filter)}: exactly the matching entries, newest first, with the right total`, () => {
      const wanted = filter.user === '周录入' ? { ...filter, user: 'clerk2' } : filter;
      const expected = written.filter((w) => matches(w, wanted)).map((w) => w.seq).reverse();
      const { seqs, total } = walkOlder(filter, 13);
      assert.deepEqual(seqs, expected);
      assert.equal(total, expected.length);
    });
  }

  test('China days: 23:59:59 and 00:00:00 Beijing time fall on their own days', () => {
    assert.equal(chinaMidnight('2026-03-02', 0), '2026-03-01T16:00:00.000Z');
    assert.equal(chinaMidnight('2026-03-02', 1), '2026-03-02T16:00:00.000Z');
    const day = fx.reader.page(input({ from: '2026-03-02', to: '2026-03-02', pageSize: 200 })).items;
    assert.ok(day.length > 0);
    for (const e of day) assert.equal(chinaDay(e.at), '2026-03-02', e.at);
  });

  test('entries come as sentences with names, and the codes only beside them', () => {
    const [e] = fx.reader.page(input({ action: 'record.correct', user: 'clerk', pageSize: 1 })).items;
    assert.ok(e);
    assert.equal(e.sentence.zh, '李录入 更正了 贫困户信息 1 条（改后为第 1 版）');
    assert.deepEqual([e.actor, e.actorName.zh, e.roleName.zh, e.actionName.zh, e.action], ['clerk', '李录入', '录入员', '更正记录', 'record.correct']);
  });

  test('the oldest page (after 0) and walking back to the newest visit every entry once', () => {
    let page = fx.reader.page(input({ after: 0, pageSize: 50 }));
    assert.equal(page.hasOlder, false);
    assert.deepEqual(page.items.map((e) => e.seq), Array.from({ length: 50 }, (_, i) => 50 - i));
    const seen: number[] = [];
    for (;;) {
      seen.push(...[...page.items].reverse().map((e) => e.seq));
      if (!page.hasNewer) break;
      page = fx.reader.page(input({ after: page.items[0]!.seq, pageSize: 50 }));
    }
    assert.deepEqual(seen, written.map((w) => w.seq));
  });

  test('paging on while entries are appended: nothing skipped, nothing repeated', () => {
    const head = fx.repo.lastSeq();
    const seqs: number[] = [];
    let page = fx.reader.page(input({ pageSize: 17 }));
    let appended = 0;
    for (;;) {
      seqs.push(...page.items.map((e) => e.seq));
      // Three new entries between every two pages, as a busy office would add them.
      for (let k = 0; k < 3; k++, appended++) fx.log.append({ actor: 'clerk', role: 'clerk', action: 'record.create', target: `new${appended}`, outcome: 'success', detail: {} });
      if (!page.hasOlder) break;
      page = fx.reader.page(input({ pageSize: 17, before: page.items.at(-1)!.seq }));
    }
    assert.deepEqual(seqs, Array.from({ length: head }, (_, i) => head - i));
    // The new entries are there, newer than the walk's first page.
    const newest = fx.reader.page(input({ pageSize: 200, after: head }));
    assert.equal(newest.items.length, appended);
    assert.equal(new Set(newest.items.map((e) => e.seq)).size, appended);
    for (let k = 0; k < appended; k++) written.push({ seq: head + k + 1, at: written.at(-1)!.at, actor: 'clerk', action: 'record.create', outcome: 'success' });
  });

  test('every read goes through an index or the seq range, never a scan of the whole log', () => {
    assert.ok(prepared.size >= 10, `only ${prepared.size} statements seen`);
    for (const text of prepared) {
      const params = (text.match(/\?/g) ?? []).map(() => 'x');
      const plan = (fx.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      for (const step of plan) assert.ok(!/^SCAN audit_log( USING COVERING INDEX audit_log_by_time)?$/.test(step), `a full scan in\n${text}\n${plan.join('\n')}`);
    }
  });
});
