// `edge-node records list` pages by place, as the screen does: each page prints where the
// next (older) and previous (newer) pages start, and following them shows every record once;
// --last shows the oldest records; a mistyped place is refused in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { PASSWORDS } from '../support/test-node';
import { cliFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { cliRunner } from '../support/cli-run';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-pages-'));
const { cli, setUp } = cliRunner(root);
const asClerk = PASSWORDS.clerk;
/** Record numbers in the order registered (oldest first). */
const ids: string[] = [];

before(() => {
  setUp(['clerk']);
  for (const seq of [1, 2, 3, 4, 5]) {
    const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...cliFields(povertyHouseholdFields({ householder_id_number: makeIdNumber(seq) }))], asClerk);
    assert.equal(add.code, 0, add.err);
    ids.push(/记录编号：([0-9a-f-]{36})/.exec(add.out)![1]!);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

const listed = (out: string) => Array.from(out.matchAll(/^([0-9a-f]{8}-[0-9a-f-]{27})\s/gm), (m) => m[1]!);

test('following 下一页 from the first page shows every record once, newest first, and 上一页 leads back', () => {
  const seen: string[] = [];
  let args = ['records', 'list', '--as', 'clerk', '--page-size', '2'];
  let previous: string | undefined;
  for (let turn = 0; turn < 5; turn++) {
    const run = cli(args, asClerk);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /共 5 条/);
    seen.push(...listed(run.out));
    if (turn === 1) previous = /上一页：--before (\S+)/.exec(run.out)?.[1];
    const next = /下一页：--after (\S+)/.exec(run.out)?.[1];
    if (!next) break;
    args = ['records', 'list', '--as', 'clerk', '--page-size', '2', '--after', next];
  }
  assert.deepEqual(seen, [...ids].reverse());
  assert.ok(previous, 'the second page says where the previous page starts');
  const back = cli(['records', 'list', '--as', 'clerk', '--page-size', '2', '--before', previous], asClerk);
  assert.deepEqual(listed(back.out), [ids[4], ids[3]]);
});

test('--last shows the oldest records, and a mistyped place or two places at once are refused in Chinese', () => {
  const last = cli(['records', 'list', '--as', 'clerk', '--page-size', '2', '--last'], asClerk);
  assert.equal(last.code, 0, last.err);
  assert.deepEqual(listed(last.out), [ids[1], ids[0]]);
  assert.doesNotMatch(last.out, /下一页/);
  const typo = cli(['records', 'list', '--as', 'clerk', '--after', ids[0]!], asClerk);
  assert.equal(typo.code, 1);
  assert.match(typo.err, /--after 的位置应为上一页末尾打印的「时间,记录编号」/);
  const both = cli(['records', 'list', '--as', 'clerk', '--last', '--page', '2'], asClerk);
  assert.equal(both.code, 1);
  assert.match(both.err, /只能选用一个/);
});
