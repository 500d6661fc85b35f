import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { inspectBytes } from './byte-input';

/** Text whose character at `at` (in bytes) starts so that it is cut by the 64 KiB piece boundary. */
function straddling(char: string, cutAfter: number): Buffer {
  const bytes = Buffer.from(char);
  const lead = Buffer.alloc(65_536 - cutAfter, 'a');
  return Buffer.concat([lead, bytes, Buffer.from('，王小明\n'.repeat(3000))]);
}

test('UTF-8 is recognised across the pieces the file is read in, whatever character the boundary cuts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'byte-input-'));
  try {
    for (const char of ['王', '𠀋', 'é']) {
      for (let cut = 1; cut < Buffer.byteLength(char); cut++) {
        const bytes = straddling(char, cut);
        const path = join(dir, 'a.csv');
        writeFileSync(path, bytes);
        assert.equal((await inspectBytes({ kind: 'path', fileName: 'a.csv', path })).validUtf8, true, `${char} cut after ${cut}`);
        assert.equal((await inspectBytes({ kind: 'buffer', fileName: 'a.csv', buffer: bytes })).validUtf8, true);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GB18030 text, a stray byte far into the file, and a character cut off at the end are not UTF-8', async () => {
  const gbk = iconv.encode('姓名,身份证号\n'.repeat(20_000), 'gb18030');
  assert.equal((await inspectBytes({ kind: 'buffer', fileName: 'a.csv', buffer: gbk })).validUtf8, false);
  const stray = Buffer.concat([Buffer.from('王小明\n'.repeat(40_000)), Buffer.from([0xff]), Buffer.from('\n')]);
  assert.equal((await inspectBytes({ kind: 'buffer', fileName: 'a.csv', buffer: stray })).validUtf8, false);
  const cut = Buffer.from('王小明').subarray(0, 8);
  assert.equal((await inspectBytes({ kind: 'buffer', fileName: 'a.csv', buffer: cut })).validUtf8, false);
  const whole = Buffer.from('王小明\n'.repeat(40_000));
  const facts = await inspectBytes({ kind: 'buffer', fileName: 'a.csv', buffer: whole });
  assert.equal(facts.validUtf8, true);
  assert.equal(facts.size, whole.length);
});
