// Damaged, tampered and unsuitable backup files, through the node's own channels: each is
// refused with a clear Chinese message, and refusing changes nothing — neither on a running
// node (its data, its key slots) nor on a fresh installation (it stays not set up). The byte-
// level matrix (every kind of damage at every place) is in formats/backup/format.test.ts;
// here a real node's backup, in 16 KiB chunks, is damaged at samples of every region.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE, startSetUpNode } from '../support/test-node';
import { bulkRegister } from '../support/bulk-register';
import { databaseKeyOf } from '../support/raw-database';
import { BackupFile, writeBackupFile } from '../../formats/backup';
import { passphraseSlotOf, readKeySlots } from '../../main/store/key-slots';
import { dataPaths } from '../../platform/data-paths';
import { backupSettings, openNodeAt, usbFolder, waitForJob, type PlainNode } from './support';

const CHUNK = 16 * 1024;
const TAG = 16;

describe('damaged and unsuitable backups are refused, and refusing changes nothing', () => {
  let node: PlainNode;
  let usb: string;
  let root: string;
  let good: Buffer;
  let payloadOffset: number;
  let chunks: number;
  let payloadBytes: number;
  let counter = 0;

  const place = (bytes: Buffer) => {
    const name = `tampered-${++counter}.enbak`;
    writeFileSync(join(usb, name), bytes);
    return name;
  };
  const fingerprint = () => {
    const dir = node.dataDir;
    return { keys: readFileSync(join(dir, 'keys.json'), 'utf8'), files: readdirSync(dir).sort() };
  };

  async function verifyFails(bytes: Buffer): Promise<{ code: string; message: string }> {
    const fileName = place(bytes);
    const started = await node.call(node.tokens.admin!, 'backup.verify', { source: { kind: 'folder', fileName } });
    if (!started.ok) return { code: started.error.code, message: started.error.message };
    const job = await waitForJob(() => node.call(node.tokens.admin!, 'backup.job', { jobId: started.value.jobId }));
    assert.equal(job.state, 'failed', `damage not detected: ${JSON.stringify(job)}`);
    assert.match(job.error!, /[\u4e00-\u9fff]/);
    return { code: job.errorCode!, message: job.error! };
  }

  before(async () => {
    const t = await startSetUpNode();
    root = mkdtempSync(join(tmpdir(), 'edge-node-tamper-'));
    usb = usbFolder();
    await t.call(t.tokens.admin, 'backup.setSettings', backupSettings(usb, { retention: { daily: 60, weekly: 0, monthly: 0 } }));
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, 150);
    cpSync(t.dataDir, join(root, 'data'), { recursive: true });
    rmSync(t.dataDir, { recursive: true, force: true });
    node = await openNodeAt(join(root, 'data'), t.keyFile, { backup: { chunkBytes: CHUNK } });
    await node.login('admin');
    const { jobId } = await node.ok('admin', 'backup.create', {});
    const job = await waitForJob(() => node.call(node.tokens.admin!, 'backup.job', { jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
    good = readFileSync(join(usb, job.fileName!));
    const file = await BackupFile.open(join(usb, job.fileName!));
    payloadOffset = file.parsed.payloadOffset;
    chunks = file.header.encryption.chunks;
    payloadBytes = file.header.payload.bytes;
    assert.ok(chunks >= 8, `want several chunks, got ${chunks}`);
  });
  after(() => {
    node?.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(usb, { recursive: true, force: true });
  });

  test('the untouched backup verifies', async () => {
    const started = await node.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: place(good) } });
    const job = await waitForJob(() => node.call(node.tokens.admin!, 'backup.job', { jobId: started.jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
  });

  test('one flipped byte in the header, in every chunk and in every tag is detected', async () => {
    const chunkStart = (i: number) => payloadOffset + i * (CHUNK + TAG);
    const chunkSize = (i: number) => (i === chunks - 1 ? payloadBytes - (chunks - 1) * CHUNK : CHUNK);
    const positions: [number, RegExp][] = [
      [3, /不是边缘节点备份文件/],
      [20, /文件头已损坏|口令|打不开/],
      [payloadOffset - 40, /文件头已损坏|打不开/],
      [payloadOffset - 1, /文件头已损坏/],
    ];
    for (let i = 0; i < chunks; i++) {
      positions.push([chunkStart(i) + Math.floor(chunkSize(i) / 2), new RegExp(`第 ${i + 1} 块（共 ${chunks} 块）校验失败`)]);
      positions.push([chunkStart(i) + chunkSize(i) + TAG - 1, new RegExp(`第 ${i + 1} 块`)]);
    }
    for (const [at, message] of positions) {
      const bytes = Buffer.from(good);
      bytes[at] = bytes[at]! ^ 0x40;
      const refused = await verifyFails(bytes);
      assert.match(refused.message, message, `flip at ${at}`);
    }
  });

  test('truncated anywhere, or with bytes appended: detected', async () => {
    for (const length of [10, payloadOffset - 10, payloadOffset + 100, payloadOffset + 3 * (CHUNK + TAG), good.length - 1]) {
      const refused = await verifyFails(good.subarray(0, length));
      assert.match(refused.message, /不完整|截断|文件头已损坏|不是边缘节点备份文件/, `truncated to ${length}`);
    }
    assert.match((await verifyFails(Buffer.concat([good, Buffer.from([0])]))).message, /末尾多出 1 字节/);
  });

  test('two chunks swapped, or the chunks rotated: detected', async () => {
    const part = (i: number) => good.subarray(payloadOffset + i * (CHUNK + TAG), payloadOffset + (i + 1) * (CHUNK + TAG));
    const head = good.subarray(0, payloadOffset);
    const tail = good.subarray(payloadOffset + (chunks - 1) * (CHUNK + TAG));
    const middle = Array.from({ length: chunks - 1 }, (_, i) => part(i));
    const swapped = [...middle];
    [swapped[2], swapped[5]] = [swapped[5]!, swapped[2]!];
    assert.match((await verifyFails(Buffer.concat([head, ...swapped, tail]))).message, /第 3 块（共 \d+ 块）校验失败：数据已损坏、被改动，或数据块的顺序被打乱/);
    const rotated = [...middle.slice(1), middle[0]!];
    assert.match((await verifyFails(Buffer.concat([head, ...rotated, tail]))).message, /第 1 块/);
  });

  test('a restore of a damaged file over the running node is refused and changes nothing', async () => {
    const before = fingerprint();
    const bytes = Buffer.from(good);
    bytes[payloadOffset + 5 * (CHUNK + TAG) + 7]! ^= 1;
    const started = await node.ok('admin', 'backup.restore', { source: { kind: 'folder', fileName: place(bytes) }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
    const job = await waitForJob(() => node.call(null, 'setup.restoreJob', { jobId: started.jobId }));
    assert.equal(job.state, 'failed');
    assert.match(job.error!, /第 6 块/);
    assert.deepEqual(fingerprint(), before);
    assert.equal((await node.ok('admin', 'status.get', {})).resources.reduce((n, r) => n + r.active, 0), 150, 'the admin session and the data are untouched');
  });

  test('a wrong recovery passphrase is refused before anything is read', async () => {
    const before = fingerprint();
    const started = await node.ok('admin', 'backup.restore', { source: { kind: 'folder', fileName: place(good) }, recoveryPassphrase: 'Wrong-Passphrase-2026', confirm: true });
    const job = await waitForJob(() => node.call(null, 'setup.restoreJob', { jobId: started.jobId }));
    assert.equal(job.errorCode, 'WRONG_PASSPHRASE');
    assert.match(job.error!, /恢复口令不正确/);
    const inspect = await node.call(node.tokens.admin!, 'backup.inspect', { source: { kind: 'folder', fileName: place(good) }, recoveryPassphrase: 'Wrong-Passphrase-2026' });
    assert.ok(!inspect.ok && inspect.error.code === 'BAD_INPUT' && inspect.error.fieldErrors?.[0]?.item === 'recoveryPassphrase');
    assert.deepEqual(fingerprint(), before);
  });

  test('a backup made by a newer program is refused with the version named', async () => {
    const key = await databaseKeyOf(node.dataDir, node.keyFile);
    const paths = dataPaths(node.dataDir);
    const file = await BackupFile.open(join(usb, place(good)));
    const snapshot = join(root, 'fake-payload');
    writeFileSync(snapshot, Buffer.alloc(5000, 1));
    const name = `newer-${++counter}.enbak`;
    await writeBackupFile({ source: snapshot, destination: join(usb, name), content: { ...file.content(), schemaVersion: 99, appVersion: '9.0.0' }, databaseKey: key, nodeSlot: passphraseSlotOf(await readKeySlots(paths.keySlots)) });
    key.fill(0);
    const info = await node.ok('admin', 'backup.inspect', { source: { kind: 'folder', fileName: name }, recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.match(info.problem ?? '', /较新版本的程序制作（程序版本 9\.0\.0，数据库版本 99/);
    const before = fingerprint();
    const started = await node.ok('admin', 'backup.restore', { source: { kind: 'folder', fileName: name }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
    const job = await waitForJob(() => node.call(null, 'setup.restoreJob', { jobId: started.jobId }));
    assert.equal(job.errorCode, 'APP_TOO_NEW');
    assert.match(job.error!, /请先把本程序升级到 9\.0\.0 或更新版本/);
    assert.deepEqual(fingerprint(), before);
  });

  test('on a fresh installation a damaged file is refused and the node stays not set up', async () => {
    const fresh = await openNodeAt(join(root, 'fresh', 'data'), join(root, 'fresh', 'node.keyfile'));
    try {
      const bytes = Buffer.from(good);
      bytes[bytes.length - 3]! ^= 1;
      const path = join(usb, place(bytes));
      const started = await fresh.call(null, 'setup.restoreBackup', { source: { kind: 'path', path }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
      assert.ok(started.ok, JSON.stringify(started));
      const job = await waitForJob(() => fresh.call(null, 'setup.restoreJob', { jobId: started.value.jobId }));
      assert.equal(job.state, 'failed');
      assert.match(job.error!, new RegExp(`第 ${chunks} 块`));
      const state = await fresh.call(null, 'setup.status', {});
      assert.ok(state.ok && !state.value.initialized);
      assert.deepEqual(readdirSync(join(root, 'fresh', 'data')).filter((n) => n !== 'edge-node.lock'), []);
      // …and setup from scratch still works there.
      const setup = await fresh.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
      assert.ok(setup.ok, JSON.stringify(setup));
      assert.ok(existsSync(join(root, 'fresh', 'data', 'edge-node.db')));
      assert.ok(PASSWORDS.admin);
    } finally {
      fresh.close();
    }
  });
});
