// Clerks registering at the same moment through the real core: their records are committed
// together (group-commit.ts), yet each clerk gets their own answer, each record its own audit
// entry and outbox row, and one refused record (a duplicate ID number, an invalid one) is
// refused alone. Every answered record is already committed when its answer arrives, and is
// still there after the node is closed and opened again; the audit chain verifies.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResult, RecordView } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { PASSWORDS, startSetUpNodeWithRaw, type SetUpNodeWithRaw } from '../../test/support/test-node';
import { makeIdNumber, povertyHouseholdFields } from '../../test/support/sample-records';

const CLIENTS = 12;

describe('registrations in flight together', () => {
  let t: SetUpNodeWithRaw;

  before(async () => {
    t = await startSetUpNodeWithRaw();
  });
  after(() => t.cleanup());

  /** What a second connection sees: only committed rows. */
  const committed = (id: string) => ({
    records: (t.raw.prepare('SELECT count(*) AS n FROM records WHERE id = ?').get(id) as { n: number }).n,
    outbox: (t.raw.prepare('SELECT count(*) AS n FROM outbox WHERE record_id = ?').get(id) as { n: number }).n,
    audit: (t.raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'record.create' AND target = ?`).get(id) as { n: number }).n,
  });

  test('each is answered once committed, with its own audit entry; the duplicate and the invalid one are refused alone', async () => {
    const ids = Array.from({ length: CLIENTS }, (_, i) => makeIdNumber(100 + i));
    const inputs = ids.map((id, i) => povertyHouseholdFields({ householder_name: `王${i}`, householder_id_number: id }));
    inputs[5] = povertyHouseholdFields({ householder_name: '重复', householder_id_number: ids[2]! });
    inputs[9] = povertyHouseholdFields({ householder_name: '无效', household_size: '很多' });
    const auditBefore = (t.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

    const answers = await Promise.all(
      inputs.map(async (fields) => {
        const result: ApiResult<RecordView> = await t.call(t.tokens.clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields });
        // Checked the moment the answer arrives, on another connection.
        return { result, seen: result.ok ? committed(result.value.id) : null };
      }),
    );

    const refused = answers.flatMap((a, i) => (a.result.ok ? [] : [{ i, code: a.result.error.code }]));
    assert.deepEqual(refused, [{ i: 5, code: 'CONFLICT' }, { i: 9, code: 'VALIDATION' }]);
    const saved = answers.filter((a) => a.result.ok).map((a) => (a.result as { ok: true; value: RecordView }).value);
    assert.equal(new Set(saved.map((r) => r.id)).size, CLIENTS - 2);
    for (const [i, a] of answers.entries()) {
      if (!a.result.ok) continue;
      assert.equal(a.result.value.fields.householder_name, `王${i}`, 'each clerk gets their own record back');
      assert.deepEqual(a.seen, { records: 1, outbox: 1, audit: 1 }, `record ${i} was committed before it was answered`);
    }
    // One entry per saved record, no more; none for the two refused (they were never written).
    const auditAfter = (t.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    assert.equal(auditAfter - auditBefore, CLIENTS - 2);

    await t.reopen();
    const auditor = await t.login('auditor', PASSWORDS.auditor);
    const clerk = await t.login('clerk', PASSWORDS.clerk);
    for (const record of saved) {
      const again = await t.call(clerk, 'records.get', { id: record.id });
      assert.ok(again.ok && again.value.current.fields.householder_id_number === record.fields.householder_id_number);
    }
    const verified = await t.call(auditor, 'audit.verify', {});
    assert.ok(verified.ok && verified.value.ok, JSON.stringify(verified));
  });
});
