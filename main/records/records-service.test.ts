// Registering data as a clerk: create, list, look up, open, correct, withdraw — through the
// real core. Every write is one transaction with exactly one outbox row (none for 不予共享
// resources); a refused write leaves nothing behind; another unit's records stay invisible.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ApiResult, RecordView } from '../../common/contract';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_POPULATION, RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { canonicalJson } from '../../sync/protocol/canonical-json';
import { countRows } from '../../test/support/raw-database';
import { startSetUpNodeWithRaw, type SetUpNodeWithRaw } from '../../test/support/test-node';
import { addReadyAccount } from '../../test/support/accounts';
import { hardshipVisitFields, makeIdNumber, populationFields, povertyHouseholdFields, withWrongCheckCharacter } from '../../test/support/sample-records';

const ID = '11010519491231002X';

describe('records', () => {
  let t: SetUpNodeWithRaw;
  let clerk: string;
  let otherClerk: string;
  let record: RecordView;

  before(async () => {
    // A clock that ticks 1 ms per reading, so "newest first" never depends on two writes
    // landing in the same millisecond.
    let tick = Date.now();
    t = await startSetUpNodeWithRaw({ now: () => new Date(++tick) });
    clerk = t.tokens.clerk;
    otherClerk = (await addReadyAccount(t.node, t.tokens.admin, { username: 'minzheng', displayName: '民政录入', role: 'clerk', unit: '民政办', password: 'Lanhua#2026pass' })).token;
  });
  after(() => t.cleanup());

  const value = <T>(result: ApiResult<T>): T => {
    assert.ok(result.ok, JSON.stringify(result));
    return result.value;
  };
  const outboxOf = (id: string) => t.raw.prepare('SELECT record_id, version, state FROM outbox WHERE record_id = ? ORDER BY seq').all(id);
  const everyTable = () => ({
    records: countRows(t.raw, 'records'),
    versions: countRows(t.raw, 'record_versions'),
    outbox: countRows(t.raw, 'outbox'),
    counts: t.raw.prepare('SELECT * FROM record_counts ORDER BY resource_code, unit, status').all(),
    recordAudit: countRows(t.raw, 'audit_log', `action LIKE 'record.%'`),
  });

  test('a clerk registers a 贫困户 and gets it back normalised, as version 1 of their unit', async () => {
    record = value(await t.call(clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_name: ' 王小明 ', householder_id_number: '110105 19491231 002x', household_category: '低保贫困户' }),
    }));
    assert.equal(record.version, 1);
    assert.equal(record.status, 'active');
    assert.equal(record.unit, '扶贫办');
    assert.equal(record.updatedBy, 'clerk');
    assert.equal(record.reason, null);
    assert.equal(record.fields.householder_name, '王小明');
    assert.equal(record.fields.householder_id_number, ID);
    assert.equal(record.fields.household_category, '2');
    assert.match(record.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(outboxOf(record.id), [{ record_id: record.id, version: 1, state: 'pending' }]);
  });

  test('the stored version holds the fields as canonical JSON, and the outbox hash covers exactly that text', () => {
    const stored = t.raw.prepare('SELECT fields, created_at FROM record_versions WHERE record_id = ? AND version = 1').get(record.id) as { fields: string; created_at: string };
    assert.equal(stored.fields, canonicalJson(record.fields));
    const payload = { id: record.id, version: 1, resourceCode: RESOURCE_POVERTY_HOUSEHOLD, status: 'active', fields: record.fields, at: stored.created_at };
    const { payload_hash } = t.raw.prepare('SELECT payload_hash FROM outbox WHERE record_id = ?').get(record.id) as { payload_hash: string };
    assert.equal(payload_hash, createHash('sha256').update(canonicalJson(payload)).digest('hex'));
  });

  test('the list shows it with the ID number masked, and never the full number', async () => {
    const list = value(await t.call(clerk, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD }));
    const item = list.items.find((i) => i.id === record.id);
    assert.ok(item, 'expected item');
    assert.equal(item.maskedKey, '110105********002X');
    assert.equal(item.title, '王小明');
    assert.equal(item.version, 1);
    assert.equal(JSON.stringify(list).includes(ID), false);
  });

  test('looking up by ID number finds it however the number is typed (lower-case x, full-width digits, spaces)', async () => {
    for (const key of [ID, ID.toLowerCase(), '１１０１０５１９４９１２３１００２Ｘ', '１１０１０５１９４９１２３１００２ｘ', ' 110105 1949 1231 002x ']) {
      const found = value(await t.call(clerk, 'records.findByKey', { key }));
      assert.deepEqual(found.map((r) => r.id), [record.id], `lookup by "${key}"`);
      assert.equal(found[0]!.maskedKey, '110105********002X');
    }
    assert.deepEqual(value(await t.call(clerk, 'records.findByKey', { key: ID, resourceCode: RESOURCE_POPULATION })), []);
    assert.deepEqual(value(await t.call(clerk, 'records.findByKey', { key: makeIdNumber(999) })), []);
  });

  test('opening it shows every field in full', async () => {
    const got = value(await t.call(clerk, 'records.get', { id: record.id }));
    assert.deepEqual(got.current, record);
    assert.deepEqual(got.history, [record]);
  });

  test('a correction makes version 2 and keeps version 1 in the history; a stale one is a CONFLICT', async () => {
    const corrected = value(await t.call(clerk, 'records.correct', {
      id: record.id, baseVersion: 1, reason: '家庭人口核实为5人', fields: povertyHouseholdFields({ household_size: '5' }),
    }));
    assert.equal(corrected.version, 2);
    assert.equal(corrected.fields.household_size, '5');
    assert.equal(corrected.reason, '家庭人口核实为5人');
    const got = value(await t.call(clerk, 'records.get', { id: record.id }));
    assert.deepEqual(got.history.map((v) => [v.version, v.fields.household_size]), [[2, '5'], [1, '4']]);
    assert.deepEqual(got.history[1]!.fields, record.fields, 'version 1 was changed by the correction');
    assert.deepEqual(outboxOf(record.id).map((r) => (r as { version: number }).version), [1, 2]);

    const before = everyTable();
    const stale = await t.call(clerk, 'records.correct', { id: record.id, baseVersion: 1, reason: '又改', fields: povertyHouseholdFields({ household_size: '6' }) });
    assert.ok(!stale.ok, 'expected !stale.ok');
    assert.equal(stale.error.code, 'CONFLICT');
    assert.match(stale.error.message, /已被他人修改（当前为第 2 版）/);
    assert.deepEqual(everyTable(), before, 'a stale correction wrote something');
  });

  test('a correction that fails validation saves nothing', async () => {
    const before = everyTable();
    const result = await t.call(clerk, 'records.correct', { id: record.id, baseVersion: 2, reason: '改错', fields: povertyHouseholdFields({ household_size: '0' }) });
    assert.ok(!result.ok, 'expected !result.ok');
    assert.equal(result.error.code, 'VALIDATION');
    assert.deepEqual(result.error.fieldErrors?.map((e) => e.item), ['household_size']);
    assert.deepEqual(everyTable(), before);
  });

  test('withdrawing makes a tombstone version with the reason; the status and the counts move', async () => {
    const statusBefore = value(await t.call(t.tokens.official, 'status.get', {})).resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!;
    const withdrawn = value(await t.call(clerk, 'records.withdraw', { id: record.id, baseVersion: 2, reason: '户主已迁出本镇' }));
    assert.equal(withdrawn.version, 3);
    assert.equal(withdrawn.status, 'withdrawn');
    assert.equal(withdrawn.reason, '户主已迁出本镇');
    assert.equal(withdrawn.fields.household_size, '5', 'the tombstone should carry the last fields');
    const got = value(await t.call(clerk, 'records.get', { id: record.id }));
    assert.deepEqual(got.history.map((v) => [v.version, v.status]), [[3, 'withdrawn'], [2, 'active'], [1, 'active']]);
    assert.deepEqual(outboxOf(record.id).map((r) => (r as { version: number }).version), [1, 2, 3]);

    const statusAfter = value(await t.call(t.tokens.official, 'status.get', {})).resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)!;
    assert.equal(statusAfter.active, statusBefore.active - 1);
    assert.equal(statusAfter.withdrawn, statusBefore.withdrawn + 1);
    const active = value(await t.call(clerk, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, status: 'active' }));
    const gone = value(await t.call(clerk, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, status: 'withdrawn' }));
    assert.ok(!active.items.some((i) => i.id === record.id), 'expected !active.items.some((i) => i.id === record.id)');
    assert.ok(gone.items.some((i) => i.id === record.id && i.status === 'withdrawn'), 'expected gone.items.some((i) => i.id === record.id && i.status === \'withdrawn\')');

    // A withdrawn record can be neither withdrawn again nor corrected.
    const before = everyTable();
    const again = await t.call(clerk, 'records.withdraw', { id: record.id, baseVersion: 3, reason: '再撤' });
    assert.equal(again.ok ? 'ok' : again.error.code, 'CONFLICT');
    const correct = await t.call(clerk, 'records.correct', { id: record.id, baseVersion: 3, reason: '改', fields: povertyHouseholdFields() });
    assert.equal(correct.ok ? 'ok' : correct.error.code, 'CONFLICT');
    assert.deepEqual(everyTable(), before);
  });

  test('a bad ID number is a VALIDATION error naming the field, and nothing is saved: no record, no outbox row, no audit entry', async () => {
    const before = everyTable();
    const bad = withWrongCheckCharacter(makeIdNumber(77));
    const result = await t.call(clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_name: '错号码', householder_id_number: bad }),
    });
    assert.ok(!result.ok, 'expected !result.ok');
    assert.equal(result.error.code, 'VALIDATION');
    assert.match(result.error.message, /记录未保存/);
    assert.deepEqual(result.error.fieldErrors, [{ item: 'householder_id_number', message: '「户主公民身份号码」校验码不正确，请核对号码' }]);
    assert.deepEqual(everyTable(), before);
    assert.deepEqual(value(await t.call(clerk, 'records.findByKey', { key: bad })), []);
    // The search itself is recorded (one record.find entry, without the number searched for).
    before.recordAudit += 1;
    // All errors at once, in catalog order.
    const many = await t.call(clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_id_number: '110105194902300021', identified_on: '2023-02-29', household_category: '9' }),
    });
    assert.ok(!many.ok, 'expected !many.ok');
    assert.deepEqual(many.error.fieldErrors?.map((e) => e.item), ['householder_id_number', 'household_category', 'identified_on']);
    assert.deepEqual(everyTable(), before);
  });

  test('the same ID number twice in one resource is a CONFLICT; in another resource, or after withdrawal, it is allowed', async () => {
    const id = makeIdNumber(101);
    const first = value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: id }) }));
    const before = everyTable();
    const twice = await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: id.toLowerCase() }) });
    assert.ok(!twice.ok, 'expected !twice.ok');
    assert.equal(twice.error.code, 'CONFLICT');
    assert.match(twice.error.message, new RegExp(`已在「贫困户信息」中登记（记录编号 ${first.id}）`));
    assert.deepEqual(twice.error.fieldErrors?.map((e) => e.item), ['householder_id_number']);
    assert.deepEqual(everyTable(), before);

    // Another record may not be corrected into the same ID number either.
    const second = value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(102) }) }));
    const clash = await t.call(clerk, 'records.correct', { id: second.id, baseVersion: 1, reason: '改号', fields: povertyHouseholdFields({ householder_id_number: id }) });
    assert.equal(clash.ok ? 'ok' : clash.error.code, 'CONFLICT');

    value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ id_number: id }) }));
    value(await t.call(clerk, 'records.withdraw', { id: first.id, baseVersion: 1, reason: '录错，重新登记' }));
    value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: id }) }));
  });

  test('a clerk of another unit can neither see, open, correct nor withdraw the record (NOT_FOUND, nothing changes)', async () => {
    const mine = value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(201) }) }));
    const list = value(await t.call(otherClerk, 'records.list', {}));
    assert.equal(list.items.some((i) => i.id === mine.id), false);
    assert.equal(list.total, 0);
    assert.deepEqual(value(await t.call(otherClerk, 'records.findByKey', { key: makeIdNumber(201) })), []);
    const before = everyTable();
    for (const [channel, input] of [
      ['records.get', { id: mine.id }],
      ['records.correct', { id: mine.id, baseVersion: 1, reason: '越权', fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(201), household_size: '9' }) }],
      ['records.withdraw', { id: mine.id, baseVersion: 1, reason: '越权' }],
    ] as const) {
      const result = await t.node.dispatch(otherClerk, channel, input);
      assert.equal(result.result.ok, false, `${channel} by another unit succeeded`);
      if (!result.result.ok) {
        assert.equal(result.result.error.code, 'NOT_FOUND', channel);
        assert.equal(JSON.stringify(result.result.error).includes('王小明'), false);
      }
    }
    // Nothing changes but the log: the refused open is one record.read failure (probing is
    // worth seeing); the refused correction and withdrawal write nothing.
    assert.deepEqual(everyTable(), { ...before, recordAudit: before.recordAudit + 1 });
    assert.equal(countRows(t.raw, 'audit_log', `action = 'record.read' AND outcome = 'failure' AND actor = 'minzheng' AND target = ?`, mine.id), 1);
    assert.equal(value(await t.call(clerk, 'records.get', { id: mine.id })).current.version, 1);
    // The same unknown-looking answer as for a record that does not exist at all.
    const nowhere = await t.call(otherClerk, 'records.get', { id: '01900000-0000-7000-8000-000000000000' });
    assert.ok(!nowhere.ok, 'expected !nowhere.ok');
    assert.equal(nowhere.error.code, 'NOT_FOUND');
  });

  test('every write has exactly one outbox row for its record and version, written in the same transaction', async () => {
    // Every version of a shareable record has exactly one outbox row, and no row points elsewhere.
    const versions = t.raw.prepare(`SELECT record_id, version FROM record_versions WHERE resource_code <> ? ORDER BY record_id, version`).all(RESOURCE_HARDSHIP_VISIT);
    const outbox = t.raw.prepare(`SELECT record_id, version FROM outbox ORDER BY record_id, version`).all();
    assert.ok(versions.length >= 8, `only ${versions.length} versions so far`);
    assert.deepEqual(outbox, versions);

    // Proof of one transaction: if the outbox row cannot be written, the version is not written either.
    const mine = value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(301) }) }));
    t.raw.prepare(`INSERT INTO outbox (epoch, record_id, version, payload_hash, created_at) VALUES (1, ?, 2, 'blocker', 'x')`).run(mine.id);
    const before = everyTable();
    const originalError = console.error;
    console.error = () => undefined; // the core logs the unexpected failure; keep the test output clean
    let blocked: ApiResult<RecordView>;
    try {
      blocked = await t.call(clerk, 'records.correct', { id: mine.id, baseVersion: 1, reason: '改', fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(301), household_size: '7' }) });
    } finally {
      console.error = originalError;
    }
    assert.equal(blocked.ok ? 'ok' : blocked.error.code, 'INTERNAL', 'the write went through although its outbox row could not be written');
    assert.deepEqual(everyTable(), before, 'the version (or its audit entry) was saved without its outbox row');
    assert.equal(value(await t.call(clerk, 'records.get', { id: mine.id })).history.length, 1);
    // Only an attacker with the key could remove the blocker: drop the guard, delete, restore it.
    // (The queue counters and daily summary counted the blocker; they are put back too.)
    t.raw.exec(`DROP TRIGGER outbox_no_delete; DELETE FROM outbox WHERE payload_hash = 'blocker';
              UPDATE outbox_state_counts SET n = n - 1 WHERE state = 'pending';
              CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;`);
    assert.equal(value(await t.call(clerk, 'records.correct', { id: mine.id, baseVersion: 1, reason: '改', fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(301), household_size: '7' }) })).version, 2);
  });

  test('records of the 不予共享 resource never get an outbox row', async () => {
    const pendingBefore = value(await t.call(t.tokens.operator, 'status.get', {})).outboxPending;
    const visit = value(await t.call(clerk, 'records.create', { resourceCode: RESOURCE_HARDSHIP_VISIT, fields: hardshipVisitFields() }));
    value(await t.call(clerk, 'records.correct', { id: visit.id, baseVersion: 1, reason: '补充', fields: hardshipVisitFields({ notes: '已联系村医上门' }) }));
    value(await t.call(clerk, 'records.withdraw', { id: visit.id, baseVersion: 2, reason: '误录' }));
    assert.equal(countRows(t.raw, 'record_versions', 'record_id = ?', visit.id), 3);
    assert.deepEqual(outboxOf(visit.id), []);
    assert.equal(value(await t.call(t.tokens.operator, 'status.get', {})).outboxPending, pendingBefore);
  });

  test('the list is paged, newest first, with the right totals', async () => {
    const { token } = await addReadyAccount(t.node, t.tokens.admin, { username: 'renkou', displayName: '人口录入', role: 'clerk', unit: '人口办', password: 'Renkou#2026pass' });
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      ids.push(value(await t.call(token, 'records.create', { resourceCode: RESOURCE_POPULATION, fields: populationFields({ id_number: makeIdNumber(i, '19900101'), name: `居民${i}` }) })).id);
    }
    value(await t.call(token, 'records.withdraw', { id: ids[0]!, baseVersion: 1, reason: '重复' }));

    const seen: { id: string; updatedAt: string }[] = [];
    for (const [page, size] of [[1, 10], [2, 10], [3, 3], [4, 0]] as const) {
      const result = value(await t.call(token, 'records.list', { page, pageSize: 10 }));
      assert.equal(result.total, 23);
      assert.equal(result.items.length, size, `page ${page}`);
      seen.push(...result.items);
    }
    assert.deepEqual(seen.map((i) => i.id).sort(), [...ids].sort(), 'pages overlap or miss records');
    // Newest change first: the withdrawal moved record 0 to the top, the rest newest to oldest.
    assert.deepEqual(seen.map((i) => i.id), [ids[0], ...ids.slice(1).reverse()]);
    const times = seen.map((i) => i.updatedAt);
    assert.deepEqual(times, [...times].sort().reverse());

    const active = value(await t.call(token, 'records.list', { status: 'active', pageSize: 200 }));
    assert.equal(active.total, 22);
    assert.equal(active.items.length, 22);
    const withdrawn = value(await t.call(token, 'records.list', { status: 'withdrawn' }));
    assert.deepEqual([withdrawn.total, withdrawn.items.map((i) => i.id)], [1, [ids[0]]]);
    assert.equal(value(await t.call(token, 'records.list', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD })).total, 0);
  });

  test('status.get counts match what is stored', async () => {
    const status = value(await t.call(t.tokens.official, 'status.get', {}));
    const actual = t.raw.prepare('SELECT resource_code AS code, status, count(*) AS n FROM records GROUP BY resource_code, status').all() as { code: string; status: string; n: number }[];
    const countOf = (code: string, s: string) => actual.find((a) => a.code === code && a.status === s)?.n ?? 0;
    for (const r of status.resources) {
      assert.equal(r.active, countOf(r.resourceCode, 'active'), `${r.name} active`);
      assert.equal(r.withdrawn, countOf(r.resourceCode, 'withdrawn'), `${r.name} withdrawn`);
    }
    assert.ok(status.resources.reduce((sum, r) => sum + r.active + r.withdrawn, 0) > 30, 'expected status.resources.reduce((sum, r) => sum + r.active + r.withdrawn, 0) > 30');
    assert.equal(status.outboxPending, countRows(t.raw, 'outbox'));
    assert.equal(JSON.stringify(status).includes('王小明'), false, 'status (seen by officials) shows record contents');
  });
});
