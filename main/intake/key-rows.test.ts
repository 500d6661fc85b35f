import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyRowTable } from './key-rows';
import { idNumberAt } from '../../bench/generate-records';

test('a 200,000-row file: every key names its own row, the first row keeps a key, unknown keys are not found', () => {
  const table = new KeyRowTable();
  const n = 200_000;
  for (let i = 0; i < n; i++) table.set(idNumberAt(i), i + 2);
  table.set(idNumberAt(7), 500_000); // a later duplicate: the report names the first row
  assert.equal(table.size, n);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (table.get(idNumberAt(i)) !== i + 2) wrong++;
  assert.equal(wrong, 0);
  assert.equal(table.get(idNumberAt(7)), 9);
  let found = 0;
  for (let i = n; i < n + 50_000; i++) if (table.get(idNumberAt(i)) !== undefined) found++;
  assert.equal(found, 0);
});

test('rows beyond what the table can hold are not kept (their duplicates name the record instead)', () => {
  const table = new KeyRowTable();
  table.set('110101199003070011', 16_777_215);
  table.set('110101199003070038', 16_777_216);
  assert.equal(table.get('110101199003070011'), 16_777_215);
  assert.equal(table.get('110101199003070038'), undefined);
});
