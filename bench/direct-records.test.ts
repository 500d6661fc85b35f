// The benches' fast fill must leave the database records.create leaves: the same rows,
// indexes, counters, statistics and outbox entries (only the audit entries are missing).
// Two real set-up nodes: one where the clerk registers and withdraws records through the API
// with the clock at each record's time, one filled while closed by writeRecordsDirectly. Ids
// are random in both, so rows are compared with each id replaced by its record's place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dataPaths } from '../platform/data-paths';
import { keyFileProtector } from '../platform/keyfile-protector';
import { openWithHost, readKeySlots } from '../main/store/key-slots';
import { openEncryptedDatabase, type Db } from '../main/store/database';
import { canonicalJson } from '../sync/protocol/canonical-json';
import { startSetUpNode } from '../test/support/test-node';
import { BENCH_RESOURCE, recordAt } from './generate-records';
import { WITHDRAW_REASON, WITHDRAWN_AFTER_MS, isWithdrawn, registeredAt, writeRecordsDirectly } from './direct-records';

const COUNT = 24;
const WITHDRAW_EVERY = 5;
const SEED = 7;

type Node = Awaited<ReturnType<typeof startSetUpNode>>;

async function openClosed(t: Node): Promise<Db> {
  t.node.close();
  const paths = dataPaths(t.dataDir);
  const key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(t.keyFile));
  try {
    return openEncryptedDatabase(paths.database, key);
  } finally {
    key.fill(0);
  }
}

/** Every row of the record tables, with ids replaced by the record's place in time. */
function snapshot(db: Db) {
  const ids = db.prepare('SELECT id FROM records ORDER BY created_at').pluck().all() as string[];
  const place = new Map(ids.map((id, i) => [id, `#${i}`]));
  const named = (id: unknown) => place.get(id as string) ?? `unknown ${String(id)}`;
  type Row = Record<string, unknown>;
  const rows = (text: string) => db.prepare(text).all() as Row[];
  return {
    records: rows('SELECT * FROM records ORDER BY created_at').map(({ id, ...rest }): Row => ({ id: named(id), ...rest })),
    versions: rows('SELECT * FROM record_versions ORDER BY created_at, version').map(({ record_id, ...rest }): Row => ({ record_id: named(record_id), ...rest })),
    outbox: rows('SELECT * FROM outbox ORDER BY seq').map(({ record_id, payload_hash: _, ...rest }): Row => ({ record_id: named(record_id), ...rest })),
    counts: rows('SELECT * FROM record_counts ORDER BY resource_code, unit, status'),
    stats: rows('SELECT * FROM stats_daily ORDER BY 1, 2, 3'),
    outboxStates: rows('SELECT * FROM outbox_state_counts ORDER BY 1'),
    schema: rows(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`),
  };
}

/** Outbox entries whose payload hash is not the digest of the version they carry. */
function wrongHashes(db: Db): number[] {
  const rows = db.prepare(`SELECT o.seq, o.payload_hash, v.* FROM outbox o JOIN record_versions v ON v.record_id = o.record_id AND v.version = o.version`).all() as {
    seq: number; payload_hash: string; record_id: string; version: number; resource_code: string; status: string; fields: string; created_at: string;
  }[];
  assert.ok(rows.length > 0);
  return rows
    .filter((r) => createHash('sha256').update(canonicalJson({ id: r.record_id, version: r.version, resourceCode: r.resource_code, status: r.status, fields: JSON.parse(r.fields) as unknown, at: r.created_at })).digest('hex') !== r.payload_hash)
    .map((r) => r.seq);
}

test('the bench fill leaves the rows, indexes, counters, statistics and outbox records.create and records.withdraw leave', { timeout: 180_000 }, async () => {
  // A minute before the first record: the clerk's session stays alive as the clock moves on.
  let clock = registeredAt(0) - 60_000;
  const viaApi = await startSetUpNode({ now: () => new Date(clock) });
  const direct = await startSetUpNode();
  const dbs: Db[] = [];
  try {
    const clerk = viaApi.tokens.clerk;
    for (let i = 0; i < COUNT; i++) {
      clock = registeredAt(i);
      const created = await viaApi.call(clerk, 'records.create', { resourceCode: BENCH_RESOURCE, fields: recordAt(i, SEED) });
      assert.ok(created.ok, JSON.stringify(created));
      if (!isWithdrawn(i, WITHDRAW_EVERY)) continue;
      clock = registeredAt(i) + WITHDRAWN_AFTER_MS;
      const withdrawn = await viaApi.call(clerk, 'records.withdraw', { id: created.value.id, baseVersion: 1, reason: WITHDRAW_REASON });
      assert.ok(withdrawn.ok, JSON.stringify(withdrawn));
    }
    const apiDb = await openClosed(viaApi);
    dbs.push(apiDb);

    direct.node.close();
    const paths = dataPaths(direct.dataDir);
    const key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(direct.keyFile));
    writeRecordsDirectly(paths.database, key, { count: COUNT, seed: SEED, withdrawEvery: WITHDRAW_EVERY, progress() {} });
    key.fill(0);
    const filledDb = await openClosed(direct);
    dbs.push(filledDb);

    const expected = snapshot(apiDb);
    assert.equal(expected.records.length, COUNT);
    assert.equal(expected.records.filter((r) => r.status === 'withdrawn').length, Math.floor(COUNT / WITHDRAW_EVERY));
    assert.deepEqual(snapshot(filledDb), expected);
    assert.deepEqual(wrongHashes(apiDb), []);
    assert.deepEqual(wrongHashes(filledDb), []);
    assert.equal(filledDb.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    for (const db of dbs) db.close();
    viaApi.cleanup();
    direct.cleanup();
  }
});
