// Keyset pages of the record list, on a real encrypted database: walking the list page by
// page shows every row once and once only, even while records are registered and corrected
// between pages (OFFSET paging shows rows twice then); walking up from the last page gives
// the same rows; each filter reads through its own index with no sort, so the last page of a
// million records costs what the first does.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshEncryptedDatabase } from '../../test/support/raw-database';
import { migrate } from './migrate';
import { RecordsRepo, type HeadRow } from './records-repo';
import { edgeOf, pageQuery, type ListPosition, type ListScope } from './records-pages';
import { uuid7 } from './uuid7';
import type { Db } from './database';

const UNIT = '扶贫办';
const RESOURCES = ['R-A', 'R-B'];
const BASE = Date.parse('2026-03-01T00:00:00.000Z');

describe('record list pages by keyset', () => {
  let fresh: ReturnType<typeof freshEncryptedDatabase>;
  let db: Db;
  let repo: RecordsRepo;
  let clock = 0;

  /** Registers one record; every third shares its time with the one before (ties broken by id). */
  const register = (n: number, unit = UNIT): string => {
    if (n % 3 !== 0) clock += 1000;
    const id = uuid7(BASE + clock);
    repo.writeVersion({
      id, version: 1, resourceCode: RESOURCES[n % 2]!, status: 'active', fields: { n: String(n) }, unit, author: 'lixiao',
      at: new Date(BASE + clock).toISOString(), reason: null, keyValue: null, title: `记录 ${n}`, shareable: false,
    });
    return id;
  };
  const touch = (id: string, status: 'active' | 'withdrawn') => {
    clock += 1000;
    const head = repo.head(id)!;
    repo.writeVersion({
      id, version: head.version + 1, resourceCode: head.resource_code, status, fields: {}, unit: head.unit, author: 'lixiao',
      at: new Date(BASE + clock).toISOString(), reason: '更正', keyValue: null, title: head.title, shareable: false,
    });
  };
  /** Every row of the scope in the list's order, read in one statement. */
  const everything = (scope: ListScope): string[] => {
    const where = ['unit = ?', ...(scope.resourceCode ? ['resource_code = ?'] : []), ...(scope.status ? ['status = ?'] : [])];
    const params = [scope.unit, ...(scope.resourceCode ? [scope.resourceCode] : []), ...(scope.status ? [scope.status] : [])];
    return (db.prepare(`SELECT id FROM records WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC`).all(...params) as { id: string }[]).map((r) => r.id);
  };
  /** Turns pages from `start` in one direction until there is none; bounded. */
  const walk = (scope: ListScope, start: ListPosition, size: number, between: (turn: number) => void = () => {}): HeadRow[][] => {
    const pages: HeadRow[][] = [];
    let position = start;
    for (let turn = 0; turn < 1000; turn++) {
      const page = repo.page(scope, position, size);
      pages.push(page.rows);
      assert.ok(page.rows.length <= size);
      const older = start.to === 'first' || start.to === 'older';
      if (!(older ? page.hasOlder : page.hasNewer)) return pages;
      between(turn);
      position = older ? { to: 'older', after: edgeOf(page.rows[page.rows.length - 1]!) } : { to: 'newer', before: edgeOf(page.rows[0]!) };
    }
    throw new Error('the walk did not end');
  };

  before(() => {
    fresh = freshEncryptedDatabase();
    db = fresh.db;
    migrate(db);
    repo = new RecordsRepo(db);
    db.transaction(() => {
      for (let n = 0; n < 150; n++) register(n);
      for (let n = 0; n < 20; n++) register(n, '民政办');
    })();
  });
  after(() => fresh.cleanup());

  test('walking older from the first page shows every row of the unit once, newest first', () => {
    const pages = walk({ unit: UNIT }, { to: 'first' }, 7);
    assert.deepEqual(pages.flat().map((r) => r.id), everything({ unit: UNIT }));
    assert.equal(pages.length, Math.ceil(150 / 7));
  });

  test('walking newer from the last page shows the same rows, each page newest first', () => {
    const pages = walk({ unit: UNIT }, { to: 'last' }, 7);
    assert.equal(pages[0]!.length, 7, 'the last page is a whole page of the oldest rows');
    assert.deepEqual(pages.reverse().flat().map((r) => r.id), everything({ unit: UNIT }));
  });

  test('a resource filter and a status filter page through exactly their own rows', () => {
    const a = everything({ unit: UNIT, resourceCode: 'R-A' });
    const b = everything({ unit: UNIT, resourceCode: 'R-B' });
    for (const id of [a[20]!, b[45]!, a[60]!]) touch(id, 'withdrawn');
    for (const scope of [
      { unit: UNIT, resourceCode: 'R-B' },
      { unit: UNIT, status: 'withdrawn' as const },
      { unit: UNIT, status: 'active' as const },
      { unit: UNIT, resourceCode: 'R-A', status: 'withdrawn' as const },
    ]) {
      const expected = everything(scope);
      assert.ok(expected.length > 0, JSON.stringify(scope));
      assert.deepEqual(walk(scope, { to: 'first' }, 2).flat().map((r) => r.id), expected, JSON.stringify(scope));
      assert.deepEqual(walk(scope, { to: 'last' }, 2).reverse().flat().map((r) => r.id), expected, JSON.stringify(scope));
    }
  });

  test('rows registered and corrected between pages: none shown twice, every row left in place shown once', () => {
    const before = everything({ unit: UNIT });
    const corrected = new Set<string>();
    let registered = 1000;
    const shown = walk({ unit: UNIT }, { to: 'first' }, 9, (turn) => {
      register(registered++);
      register(registered++);
      // One row further down the list is corrected: it moves to the top, above the pages read.
      const moved = before[before.length - 1 - turn * 3]!;
      corrected.add(moved);
      touch(moved, 'active');
    }).flat().map((r) => r.id);
    assert.equal(new Set(shown).size, shown.length, 'a row was shown twice');
    const notTouched = before.filter((id) => !corrected.has(id));
    assert.deepEqual(shown.filter((id) => !corrected.has(id)), notTouched);
    assert.ok(shown.every((id) => before.includes(id)), 'rows registered after the first page stay above it');
  });

  test('the page above a row near the top holds just the rows above it, and nothing is newer', () => {
    const first = repo.page({ unit: UNIT }, { to: 'first' }, 10).rows;
    const back = repo.page({ unit: UNIT }, { to: 'newer', before: edgeOf(first[3]!) }, 10);
    assert.deepEqual(back.rows.map((r) => r.id), first.slice(0, 3).map((r) => r.id));
    assert.equal(back.hasNewer, false);
    assert.equal(back.hasOlder, true);
  });

  test('every page is one index range in list order, with no sort', () => {
    const scopes: ListScope[] = [{ unit: UNIT }, { unit: UNIT, resourceCode: 'R-A' }, { unit: UNIT, status: 'withdrawn' }, { unit: UNIT, status: 'active' }, { unit: UNIT, resourceCode: 'R-A', status: 'withdrawn' }];
    for (const scope of scopes) {
      for (const direction of ['older', 'newer'] as const) {
        for (const fromEdge of [false, true]) {
          const query = pageQuery(scope, direction, fromEdge, 21);
          const params = fromEdge ? [...query.params, '2026-03-01T00:01:00.000Z', 'x'] : query.params;
          const detail = (db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
          assert.match(detail, /^SEARCH records USING INDEX records_\w+ \(unit=\?( AND resource_code=\?)?( AND \(updated_at,id\)[<>]\(\?,\?\))?\)$/, `${query.text}\n${detail}`);
          assert.equal(detail.includes('(updated_at,id)'), fromEdge, detail);
        }
      }
    }
  });
});
