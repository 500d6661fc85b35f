// Encryption at rest is real: after a clerk registers a person, no file of the node — the
// database, its write-ahead log while the node runs, the key slots — holds the person's name
// (in UTF-8, UTF-16LE or GB18030) or ID number, and the stock sqlite3 tool cannot read it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { dataPaths } from '../../platform/data-paths';
import { RESOURCE_HARDSHIP_VISIT, RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { startSetUpNode } from '../support/test-node';
import { hardshipVisitFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';

const NAME = '测试甄隐秘';
const NOTE = '甄隐秘家住半山腰';
const ID = makeIdNumber(888, '19661122');
const SQLITE3 = '/usr/bin/sqlite3';

/** GB18030 encoder: iconv-lite when installed, else built from Node's own (ICU) GB18030 decoder. */
async function gb18030Encoder(): Promise<{ encode(text: string): Buffer | null; how: string } | null> {
  try {
    const iconv = (await import('iconv-lite' as string)) as { default?: { encode(t: string, e: string): Buffer }; encode?(t: string, e: string): Buffer };
    const lib = iconv.default ?? iconv;
    if (lib.encode) return { encode: (text) => lib.encode!(text, 'gb18030'), how: 'iconv-lite' };
  } catch {
    // not installed: fall through to the decoder table
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder('gb18030');
  } catch {
    return null;
  }
  // Every two-byte GB18030 (GBK) code, decoded once, gives the reverse table for BMP Han characters.
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, bytes);
    }
  }
  return {
    how: "Node's ICU gb18030 decoder",
    encode(text) {
      const parts: Buffer[] = [];
      for (const ch of text) {
        const bytes = table.get(ch);
        if (!bytes) return null;
        parts.push(bytes);
      }
      return Buffer.concat(parts);
    },
  };
}

describe('encryption at rest', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  const needles: { what: string; bytes: Buffer }[] = [];

  before(async () => {
    needles.push(
      { what: 'name in UTF-8', bytes: Buffer.from(new TextEncoder().encode(NAME)) },
      { what: 'name in UTF-16LE', bytes: Buffer.from(NAME, 'utf16le') },
      { what: 'name as JSON \\u escapes', bytes: Buffer.from(JSON.stringify(NAME).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)) },
      { what: 'note in UTF-8', bytes: Buffer.from(NOTE, 'utf8') },
      { what: 'ID number in ASCII', bytes: Buffer.from(ID, 'ascii') },
      { what: 'ID number in UTF-16LE', bytes: Buffer.from(ID, 'utf16le') },
    );
    const gb = await gb18030Encoder();
    if (gb) {
      const encoded = gb.encode(NAME);
      assert.ok(encoded, `${gb.how} cannot encode ${NAME} in GB18030`);
      // Known bytes: 测 = B2 E2, 试 = CA D4.
      assert.deepEqual([...gb.encode('测试')!], [0xb2, 0xe2, 0xca, 0xd4], `${gb.how} gives wrong GB18030 bytes`);
      needles.push({ what: `name in GB18030 (${gb.how})`, bytes: encoded });
    } else {
      console.log('# note: no GB18030 encoder (iconv-lite not installed, Node built without full ICU): the GB18030 check is skipped');
    }

    t = await startSetUpNode();
    const created = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_POVERTY_HOUSEHOLD,
      fields: povertyHouseholdFields({ householder_name: NAME, householder_id_number: ID }),
    });
    assert.ok(created.ok, JSON.stringify(created));
    const visit = await t.call(t.tokens.clerk, 'records.create', {
      resourceCode: RESOURCE_HARDSHIP_VISIT,
      fields: hardshipVisitFields({ name: NAME, id_number: ID, notes: NOTE }),
    });
    assert.ok(visit.ok, JSON.stringify(visit));
  });
  after(() => t.cleanup());

  function leaks(bytes: Buffer): string[] {
    return needles.filter((n) => bytes.includes(n.bytes)).map((n) => n.what);
  }

  test('the detector works: the same data in an unencrypted SQLite database is found in every encoding checked', () => {
    const plain = new Database(':memory:');
    try {
      plain.exec('CREATE TABLE r (fields TEXT, utf16 BLOB, gb BLOB)');
      plain.prepare('INSERT INTO r VALUES (?, ?, ?)').run(
        JSON.stringify({ name: NAME, id: ID, note: NOTE }),
        Buffer.concat([Buffer.from(NAME, 'utf16le'), Buffer.from(ID, 'utf16le')]),
        needles.find((n) => n.what.startsWith('name in GB18030'))?.bytes ?? Buffer.alloc(0),
      );
      const image = plain.serialize();
      const found = leaks(image);
      const expected = needles.map((n) => n.what).filter((w) => !w.includes('\\u'));
      assert.deepEqual(found, expected);
    } finally {
      plain.close();
    }
  });

  test('while the node is open, neither the database nor its -wal (before any checkpoint) holds the name or the ID number', () => {
    const { database } = dataPaths(t.dataDir);
    const wal = `${database}-wal`;
    assert.ok(existsSync(wal), 'the node is expected to run in WAL mode');
    assert.ok(statSync(wal).size > 32 + 24 + 4096, 'the -wal holds no frames: the check would prove nothing');
    for (const file of [database, wal]) {
      assert.deepEqual(leaks(readFileSync(file)), [], `${file} holds personal data in the clear`);
    }
  });

  test('after closing, no file in the data folder holds the name or the ID number', () => {
    t.node.close();
    const files = readdirSync(t.dataDir);
    assert.ok(files.includes('edge-node.db'), `no database among ${files.join(', ')}`);
    for (const name of files) {
      const path = join(t.dataDir, name);
      if (!statSync(path).isFile()) continue;
      assert.deepEqual(leaks(readFileSync(path)), [], `${name} holds personal data in the clear`);
    }
    // The database does not even start with the SQLite header.
    assert.notEqual(readFileSync(dataPaths(t.dataDir).database).subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
  });

  test('the sqlite3 command line cannot read the database: "file is not a database"', (ctx) => {
    if (!existsSync(SQLITE3)) {
      ctx.skip(`${SQLITE3} is not installed here; install the sqlite3 package to run this check`);
      return;
    }
    const { database } = dataPaths(t.dataDir);
    for (const query of ['select count(*) from records', 'select * from sqlite_master', '.tables']) {
      const run = spawnSync(SQLITE3, [database, query], { encoding: 'utf8', timeout: 10_000 });
      assert.notEqual(run.status, 0, `sqlite3 read the database: ${run.stdout}`);
      assert.match(run.stderr, /file is not a database/);
      assert.deepEqual(leaks(Buffer.from(run.stdout + run.stderr)), []);
    }
  });
});
