// The diagnostics bundle county IT sends to support: useful (tiles, versions, settings,
// counts) and free of personal data — no ID number, name or phone from the records, no
// user names, no private key — even when a rejection reason quotes a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { openRawDatabase } from '../support/raw-database';
import { makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

test('the diagnostics bundle carries the status and settings, and no personal data or secrets', async () => {
  const t = await startSetUpNode();
  try {
    const idNumbers = [makeIdNumber(701), makeIdNumber(702)];
    for (const id of idNumbers) {
      const created = await t.call(t.tokens.clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: id, householder_name: '符秀英', phone: '13907551234' }) });
      assert.ok(created.ok, JSON.stringify(created));
    }
    // A rejection whose reason quotes the ID number, as a careless exchange might.
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      raw.prepare(`UPDATE outbox SET state = 'rejected', reject_code = 'DUPLICATE', reject_reason = ?, settled_at = ? WHERE seq = 1`).run(`身份证号 ${idNumbers[0]} 已存在`, new Date().toISOString());
    } finally {
      raw.close();
    }

    const answer = await t.call(t.tokens.operator, 'status.diagnostics', {});
    assert.ok(answer.ok, JSON.stringify(answer));
    const { fileName, json } = answer.value;
    assert.match(fileName, /^edge-node-diagnostics-.+\.json$/);
    const bundle = JSON.parse(json) as { node: { nodeId: string }; tiles: Record<string, { level: string }>; rejectionsByCode: Record<string, number>; resources: { resourceCode: string; records: number }[]; machine: { versions: { sqlite: string } } };
    assert.equal(bundle.tiles.link!.level, 'red');
    assert.deepEqual(bundle.rejectionsByCode, { DUPLICATE: 1 });
    assert.equal(bundle.resources.find((r) => r.resourceCode === RESOURCE_POVERTY_HOUSEHOLD)?.records, 2);
    assert.match(bundle.machine.versions.sqlite, /^3\./);
    for (const secret of [...idNumbers, '符秀英', '13907551234', 'clerk', 'PRIVATE KEY', '已存在']) assert.ok(!json.includes(secret), `the bundle contains ${secret}`);

    const official = await t.call(t.tokens.official, 'status.diagnostics', {});
    assert.ok(!official.ok && official.error.code === 'FORBIDDEN');
  } finally {
    t.cleanup();
  }
});
