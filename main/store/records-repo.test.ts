// The record lookups must stay on their indexes: with a million records a scan turns a
// 0.1 ms lookup into seconds, and registration (which checks for duplicates) with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEncryptedDatabase } from './database';
import { migrate } from './migrate';

function plan(sqlText: string, ...params: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-plan-'));
  const db = openEncryptedDatabase(join(dir, 'p.db'), randomBytes(32));
  try {
    migrate(db);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('looking a record up by ID number uses the key index without a sort', () => {
  const detail = plan('SELECT * FROM records WHERE key_value = ? AND unit = ? ORDER BY updated_at DESC LIMIT 50', 'x', 'u');
  assert.match(detail, /USING INDEX records_by_key/, detail);
  assert.doesNotMatch(detail, /TEMP B-TREE/, detail);
});

test('a page of a unit’s records reads the time index backwards without a sort', () => {
  const all = plan('SELECT * FROM records WHERE unit = ? ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET 0', 'u');
  assert.match(all, /records_by_unit_time/, all);
  assert.doesNotMatch(all, /TEMP B-TREE/, all);
  const one = plan('SELECT * FROM records WHERE unit = ? AND resource_code = ? ORDER BY updated_at DESC, id DESC LIMIT 20', 'u', 'r');
  assert.match(one, /records_by_unit_resource_time/, one);
  assert.doesNotMatch(one, /TEMP B-TREE/, one);
});
