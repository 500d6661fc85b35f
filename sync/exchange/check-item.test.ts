// The exchange's per-item rules, and that its payload hash is byte for byte the one the node
// stores in its outbox (computed here by the node's own RecordsRepo, not re-implemented).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleCatalog, RESOURCE_HARDSHIP_VISIT, RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { migrate } from '../../main/store/migrate';
import { getMeta, setMeta } from '../../main/store/meta';
import { RecordsRepo } from '../../main/store/records-repo';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { povertyHouseholdFields } from '../../test/support/sample-records';
import { checkItem, payloadHashOf } from './check-item';
import { makeItem } from './test-client';

test('payloadHashOf equals the payload_hash the node writes into its outbox', () => {
  const { db, cleanup } = freshEncryptedDatabase();
  try {
    migrate(db);
    if (getMeta(db, 'epoch') === undefined) setMeta(db, 'epoch', '1');
    const version = {
      id: '0192f0a0-0000-7000-8000-000000000001',
      version: 2,
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      status: 'active' as const,
      fields: povertyHouseholdFields({ householder_name: '王小明（更正）' }),
      unit: '扶贫办',
      author: 'li',
      at: '2026-11-26T08:15:30.123Z',
      reason: '更正姓名',
      keyValue: null,
      title: '王小明',
      shareable: true,
    };
    new RecordsRepo(db).writeVersion(version);
    const row = db.prepare('SELECT payload_hash FROM outbox WHERE record_id = ?').get(version.id) as { payload_hash: string };
    const wire = { recordId: version.id, version: 2, resourceCode: version.resourceCode, status: version.status, fields: version.fields, registeredAt: version.at };
    assert.equal(payloadHashOf(wire), row.payload_hash);
  } finally {
    cleanup();
  }
});

test('a valid item passes; each rule names its code and a Chinese reason', () => {
  assert.equal(checkItem(sampleCatalog, makeItem(1)), null);
  assert.equal(checkItem(sampleCatalog, makeItem(1, { resourceCode: '000000-00000' }))?.code, 'UNKNOWN_RESOURCE');
  assert.equal(checkItem(sampleCatalog, makeItem(1, { resourceCode: RESOURCE_HARDSHIP_VISIT }))?.code, 'NOT_SHAREABLE');
  assert.equal(checkItem(sampleCatalog, { ...makeItem(1), unit: 'x', payloadHash: 'f'.repeat(64) })?.code, 'HASH_MISMATCH');
  const invalid = checkItem(sampleCatalog, makeItem(1, { fields: { ...makeItem(1).fields, reporter_phone: '123', extra: 'x' } }));
  assert.equal(invalid?.code, 'INVALID_FIELD');
  assert.match(invalid!.reason, /有 2 项不符合目录要求/);
});

test('the negative list is refused even when the hash is wrong and the fields are empty', () => {
  const item = { ...makeItem(1, { resourceCode: RESOURCE_HARDSHIP_VISIT, fields: {} }), payloadHash: '0'.repeat(64) };
  assert.equal(checkItem(sampleCatalog, item)?.code, 'NOT_SHAREABLE');
});
