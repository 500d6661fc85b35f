// The backup file format on its own, with a synthetic payload: what is written reads back
// byte for byte with each kind of key, and every way of damaging a file is refused with the
// right code before a single payload byte is handed out.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { BackupFile, BackupError, writeBackupFile, type BackupContent } from './index';
import { sealWithPassphrase, type PassphraseSlot } from '../../platform/passphrase-slot';
import { PREAMBLE_BYTES, HEADER_MAC_BYTES, TAG_BYTES } from './constants';

const PASSPHRASE = 'Format-Test-Passphrase-2026';
const CHUNK = 4096;

const content: BackupContent = {
  createdAt: '2026-11-26T02:15:00.000Z',
  appVersion: '0.1.0',
  node: { nodeId: '01a218ec-079e-7c37-acd5-30acaa428ecf', unitName: '琼中县湾岭镇人民政府', creditCode: '11469030MB1234567A', divisionCode: '469030' },
  schemaVersion: 2,
  epoch: 1,
  counts: { records: 3, recordVersions: 4, outbox: 4, outboxPending: 1, outboxRejected: 0, receipts: 1, auditLog: 9, users: 2 },
  auditHead: { seq: 9, hash: 'ab'.repeat(32) },
};

/** A self-signed RSA certificate standing in for the DR centre's. */
function drCertificate(): { certPem: string; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 86400_000);
  cert.setSubject([{ name: 'commonName', value: 'DR centre test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'DR centre test' }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

describe('backup file format', () => {
  let dir: string;
  let payload: Buffer;
  let databaseKey: Buffer;
  let nodeSlot: PassphraseSlot;
  let dr: { certPem: string; keyPem: string };
  let good: string;
  let goodBytes: Buffer;
  let payloadOffset: number;
  let counter = 0;

  const file = () => join(dir, `f${++counter}.enbak`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edge-node-format-'));
    payload = randomBytes(CHUNK * 3 + 1234); // 4 chunks, the last one short
    writeFileSync(join(dir, 'payload'), payload);
    databaseKey = randomBytes(32);
    nodeSlot = await sealWithPassphrase(databaseKey, PASSPHRASE);
    dr = drCertificate();
    good = file();
    const written = await writeBackupFile({ source: join(dir, 'payload'), destination: good, content, databaseKey, nodeSlot, drCertificatePem: dr.certPem, chunkBytes: CHUNK });
    goodBytes = readFileSync(good);
    assert.equal(written.bytes, goodBytes.length);
    assert.equal(written.sha256, createHash('sha256').update(goodBytes).digest('hex'));
    payloadOffset = goodBytes.length - (payload.length + 4 * TAG_BYTES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function decrypt(path: string, unlock: (f: BackupFile) => Promise<import('./reader').UnlockedBackup> | import('./reader').UnlockedBackup = (f) => f.unlockWithDatabaseKey(databaseKey)): Promise<Buffer> {
    const f = await BackupFile.open(path);
    const u = await unlock(f);
    const out = join(dir, `out${++counter}`);
    try {
      await f.decryptPayload(u, out);
      return readFileSync(out);
    } finally {
      u.dispose();
    }
  }

  async function refusal(bytes: Buffer): Promise<BackupError> {
    const path = file();
    writeFileSync(path, bytes);
    try {
      await decrypt(path);
    } catch (error) {
      assert.ok(error instanceof BackupError, `not a BackupError: ${String(error)}`);
      assert.match(error.message, /[\u4e00-\u9fff]/);
      return error;
    }
    assert.fail('a damaged file was accepted');
  }

  test('the header names what the backup holds, readable without a key', async () => {
    const f = await BackupFile.open(good);
    assert.deepEqual(f.content(), content);
    assert.equal(f.header.encryption.chunks, 4);
    assert.equal(f.header.payload.bytes, payload.length);
    assert.deepEqual(f.header.slots.map((s) => s.kind), ['passphrase', 'dr-centre']);
    assert.ok(!goodBytes.includes(databaseKey), 'the database key is not in the file in the clear');
    assert.ok(!goodBytes.includes(payload.subarray(0, 64)), 'the payload is not in the file in the clear');
  });

  test('the recovery passphrase, the database key and the DR centre key each open it, byte for byte', async () => {
    assert.ok((await decrypt(good, (f) => f.unlockWithPassphrase(PASSPHRASE))).equals(payload));
    assert.ok((await decrypt(good)).equals(payload));
    const viaDr = await BackupFile.open(good);
    const u = viaDr.unlockWithDrKey(dr.keyPem);
    assert.ok(u.databaseKey.equals(databaseKey), 'the DR centre also gets the database key');
    u.dispose();
    assert.ok((await decrypt(good, (f) => f.unlockWithDrKey(dr.keyPem))).equals(payload));
  });

  test('a wrong passphrase, another database key, another DR key are refused', async () => {
    const f = await BackupFile.open(good);
    await assert.rejects(f.unlockWithPassphrase('not-the-passphrase'), (e: BackupError) => e.code === 'WRONG_PASSPHRASE' && /恢复口令不正确/.test(e.message));
    assert.throws(() => f.unlockWithDatabaseKey(randomBytes(32)), (e: BackupError) => e.code === 'KEY_MISMATCH');
    assert.throws(() => f.unlockWithDrKey(drCertificate().keyPem), (e: BackupError) => e.code === 'HEADER_DAMAGED');
  });

  test('authentication only (no destination) reads every chunk', async () => {
    const f = await BackupFile.open(good);
    const u = f.unlockWithDatabaseKey(databaseKey);
    let last = 0;
    await f.decryptPayload(u, null, { onProgress: (done) => (last = done) });
    assert.equal(last, payload.length);
    u.dispose();
  });

  test('one flipped byte anywhere is refused: preamble, header, header MAC, every chunk body and tag', async () => {
    const chunkStarts = [0, 1, 2, 3].map((i) => payloadOffset + i * (CHUNK + TAG_BYTES));
    const positions = [
      0, 5, 9, 11, 13, // magic, version, flags, length
      PREAMBLE_BYTES + 2, PREAMBLE_BYTES + 40, PREAMBLE_BYTES + 200, payloadOffset - HEADER_MAC_BYTES - 20, // header JSON
      payloadOffset - HEADER_MAC_BYTES, payloadOffset - 1, // header MAC
      ...chunkStarts.flatMap((s, i) => {
        const size = i === 3 ? 1234 : CHUNK;
        return [s, s + Math.floor(size / 2), s + size - 1, s + size, s + size + TAG_BYTES - 1]; // body start/middle/end, tag start/end
      }),
    ];
    const codes = new Set<string>();
    for (const at of positions) {
      const bytes = Buffer.from(goodBytes);
      bytes[at] = bytes[at]! ^ 0x01;
      const error = await refusal(bytes);
      codes.add(error.code);
      if (at >= payloadOffset) assert.equal(error.code, 'CHUNK_DAMAGED', `flip at ${at}: ${error.message}`);
    }
    // A flip in the header shows as a damaged header (or not a backup at all) — never as the future.
    for (const code of codes) assert.ok(['NOT_A_BACKUP', 'HEADER_DAMAGED', 'KEY_MISMATCH', 'CHUNK_DAMAGED', 'TRUNCATED', 'TRAILING_DATA'].includes(code), code);
  });

  test('truncation at any point is refused as an incomplete file', async () => {
    for (const length of [0, 7, 15, PREAMBLE_BYTES + 100, payloadOffset - 1, payloadOffset, payloadOffset + CHUNK + TAG_BYTES, goodBytes.length - TAG_BYTES, goodBytes.length - 1]) {
      const error = await refusal(goodBytes.subarray(0, length));
      assert.ok(['TRUNCATED', 'NOT_A_BACKUP', 'HEADER_DAMAGED'].includes(error.code), `${length}: ${error.code}`);
      if (length >= payloadOffset) assert.equal(error.code, 'TRUNCATED', `${length}: ${error.message}`);
    }
  });

  test('appended bytes are refused', async () => {
    const error = await refusal(Buffer.concat([goodBytes, Buffer.from('extra')]));
    assert.equal(error.code, 'TRAILING_DATA');
  });

  test('swapping two chunks, rotating them, or dropping one and padding the end are refused', async () => {
    const part = (i: number) => goodBytes.subarray(payloadOffset + i * (CHUNK + TAG_BYTES), payloadOffset + (i + 1) * (CHUNK + TAG_BYTES));
    const head = goodBytes.subarray(0, payloadOffset);
    const last = goodBytes.subarray(payloadOffset + 3 * (CHUNK + TAG_BYTES));
    const swapped = Buffer.concat([head, part(1), part(0), part(2), last]);
    assert.equal((await refusal(swapped)).code, 'CHUNK_DAMAGED');
    const rotated = Buffer.concat([head, part(2), part(0), part(1), last]);
    assert.equal((await refusal(rotated)).code, 'CHUNK_DAMAGED');
    const duplicated = Buffer.concat([head, part(0), part(0), part(2), last]);
    assert.equal((await refusal(duplicated)).code, 'CHUNK_DAMAGED');
  });

  test('a chunk from another backup of the same payload does not fit', async () => {
    const other = file();
    await writeBackupFile({ source: join(dir, 'payload'), destination: other, content, databaseKey, nodeSlot, chunkBytes: CHUNK });
    const otherBytes = readFileSync(other);
    const otherOffset = otherBytes.length - (payload.length + 4 * TAG_BYTES);
    const mixed = Buffer.from(goodBytes);
    otherBytes.copy(mixed, payloadOffset + CHUNK + TAG_BYTES, otherOffset + CHUNK + TAG_BYTES, otherOffset + 2 * (CHUNK + TAG_BYTES));
    assert.equal((await refusal(mixed)).code, 'CHUNK_DAMAGED');
  });

  test('a file of a newer format version says so; another file is not a backup', async () => {
    const f = await BackupFile.open(good);
    const json = JSON.parse(goodBytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + goodBytes.readUInt32BE(12)).toString('utf8')) as Record<string, unknown>;
    const newer = Buffer.from(JSON.stringify({ ...json, format: 2, somethingNew: true }), 'utf8');
    const preamble = Buffer.from(goodBytes.subarray(0, PREAMBLE_BYTES));
    preamble.writeUInt16BE(2, 8);
    preamble.writeUInt32BE(newer.length, 12);
    const error = await refusal(Buffer.concat([preamble, newer, Buffer.alloc(32), goodBytes.subarray(payloadOffset)]));
    assert.equal(error.code, 'FORMAT_TOO_NEW');
    assert.match(error.message, /格式版本（2）高于本程序支持的版本（1）/);
    assert.ok(f);
    assert.equal((await refusal(Buffer.from('SQLite format 3\0 and so on'))).code, 'NOT_A_BACKUP');
  });
});
