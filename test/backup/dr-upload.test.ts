// Upload to the DR centre (容灾备份中心) over mutual TLS, against the reference exchange's DR
// side: a new backup goes up by itself when DR upload is on, the DR centre's signed receipt
// names the same SHA-256 as the node's file, and the DR centre — holding its private key —
// can open the backup through its own key slot. Uploads survive dropped connections (resumed
// from the offset the DR centre reports), a stopped upload continues where it stopped, and
// an uploading process killed at random moments leaves the node usable and the next upload
// completes with the right content.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type KeyAndCert, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, type SyncNode, type TestExchange } from '../support/sync-node';
import { openRawDatabase } from '../support/raw-database';
import { bulkRegister } from '../support/bulk-register';
import { SyncRepo } from '../../main/store/sync-repo';
import { openEncryptedDatabase } from '../../main/store/database';
import { BackupFile } from '../../formats/backup';
import { fileSha256, uploadToDrCentre, type DrTarget } from '../../main/backup/dr-upload';
import { seededRandom } from '../../bench/generate-records';
import { backupSettings, openNodeAt, usbFolder, waitForJob } from './support';

const KILLS = Number(process.env.EDGE_NODE_KILL_UPLOAD ?? 8);
const CHILD = new URL('./kill-child.ts', import.meta.url).pathname;

describe('DR centre upload', () => {
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;
  let usb: string;
  let dr: KeyAndCert;
  let fileName: string;
  let target: DrTarget;
  let scratch: string;

  before(async () => {
    pki = createTestPki();
    dr = pki.issueClient('海南省容灾备份中心');
    exchange = await startTestExchange(pki);
    t = await startSyncNode();
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    await connectNode(t, pki, exchange.url);
    usb = usbFolder();
    scratch = mkdtempSync(join(tmpdir(), 'edge-node-dr-'));
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, 3000);
    await t.reopen();
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      const c = new SyncRepo(raw).credentials();
      target = { baseUrl: exchange.url, nodeId, rootPem: c.rootPem!, certificatePem: c.certificatePem!, chainPems: c.chainPems, privateKeyPem: c.privateKeyPem!, signingPem: c.exchangeSigningPem, bytesPerSecond: 0 };
    } finally {
      raw.close();
    }
  });
  after(async () => {
    t?.cleanup();
    await exchange?.close();
    pki?.cleanup();
    rmSync(usb, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a DR certificate not issued by the provincial root is refused', async () => {
    const other = pki.issueClient('假冒容灾中心', { issuer: 'other' });
    const refused = await t.call(t.tokens.admin, 'backup.setSettings', backupSettings(usb, { drUpload: true, drCertificatePem: other.certPem }));
    assert.ok(!refused.ok && refused.error.fieldErrors?.[0]?.item === 'drCertificatePem', JSON.stringify(refused));
    assert.match(refused.ok ? '' : refused.error.message, /不是由省级根证书签发/);
  });

  test('with DR upload on, a new backup is uploaded by itself; the receipt matches the file; the DR centre can open it', async () => {
    await t.ok('admin', 'backup.setSettings', backupSettings(usb, { drUpload: true, drCertificatePem: dr.certPem, retention: { daily: 60, weekly: 0, monthly: 0 } }));
    const { jobId } = await t.ok('admin', 'backup.create', {});
    const created = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }));
    assert.equal(created.state, 'done', JSON.stringify(created));
    fileName = created.fileName!;
    assert.ok(created.result?.uploadJobId);
    const upload = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId: created.result!.uploadJobId! }));
    assert.equal(upload.state, 'done', JSON.stringify(upload));
    const local = await fileSha256(join(usb, fileName));
    assert.deepEqual(exchange.drFiles(nodeId), [{ fileName, bytes: readFileSync(join(usb, fileName)).length, sha256: local }]);
    const list = await t.ok('admin', 'backup.list', {});
    assert.equal(list.files.find((f) => f.fileName === fileName)?.uploaded, true);
    assert.equal(list.files.find((f) => f.fileName === fileName)?.drSlot, true);
    assert.equal((await t.ok('admin', 'backup.status', {})).lastUpload?.ok, true);

    // The DR centre, with its private key, restores the database from its copy.
    const stored = join(exchange.dataDir, 'dr', nodeId, fileName);
    const file = await BackupFile.open(stored);
    const unlocked = file.unlockWithDrKey(dr.keyPem);
    const out = join(scratch, 'dr-restored.db');
    await file.decryptPayload(unlocked, out);
    const db = openEncryptedDatabase(out, unlocked.databaseKey);
    try {
      assert.equal((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n, 3000);
    } finally {
      db.close();
      unlocked.dispose();
    }
  });

  test('dropped connections (before and after a piece is stored) are resumed from the offset the DR centre holds', async () => {
    const name = fileName.replace('.enbak', '-copy.enbak');
    const copy = join(usb, name);
    await import('node:fs/promises').then((fs) => fs.copyFile(join(usb, fileName), copy));
    exchange.setFaults({ dropRate: 0.25, dropAfterApplyRate: 0.25, seed: 42 });
    let resumedAt = -1;
    try {
      const receipt = await uploadToDrCentre(target, { path: copy, fileName: name }, { pieceBytes: 32 * 1024, backoff: { baseMs: 5, capMs: 20 }, maxAttempts: 50, timeoutMs: 5_000, onProgress: (done) => (resumedAt = Math.max(resumedAt, done)) });
      assert.equal(receipt.sha256, await fileSha256(copy));
    } finally {
      exchange.setFaults({});
    }
    assert.ok(exchange.drFiles(nodeId).some((f) => f.fileName === name));
  });

  test('an upload stopped half way continues where it stopped', async () => {
    const name = fileName.replace('.enbak', '-resume.enbak');
    const copy = join(usb, name);
    await import('node:fs/promises').then((fs) => fs.copyFile(join(usb, fileName), copy));
    const size = readFileSync(copy).length;
    const stop = new AbortController();
    await assert.rejects(uploadToDrCentre(target, { path: copy, fileName: name }, { pieceBytes: 16 * 1024, signal: stop.signal, onProgress: (done) => done > size / 2 && stop.abort(new Error('stopped')) }));
    let first = -1;
    const receipt = await uploadToDrCentre(target, { path: copy, fileName: name }, { pieceBytes: 16 * 1024, onProgress: (done) => first < 0 && (first = done) });
    assert.ok(first > size / 2, `resumed at ${first} of ${size}`);
    assert.equal(receipt.bytes, size);
  });

  test(`the uploading process killed ${KILLS} times at random: the node stays usable, the next upload completes with the right content`, async () => {
    const name = fileName.replace('.enbak', '-killed.enbak');
    await import('node:fs/promises').then((fs) => fs.copyFile(join(usb, fileName), join(usb, name)));
    t.node.close();
    const random = seededRandom(7);
    let killed = 0;
    for (let i = 0; i < KILLS && !exchange.drFiles(nodeId).some((f) => f.fileName === name); i++) {
      const outcome = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, t.dataDir, t.keyFile, 'upload', name], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EDGE_NODE_TEST: '1' } });
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('job ') && !child.killed) setTimeout(() => child.kill('SIGKILL'), 20 + random() * 300);
        });
        child.on('close', (_c, signal) => resolve(signal === 'SIGKILL' ? 'killed' : out));
      });
      if (outcome === 'killed') killed++;
      const node = await openNodeAt(t.dataDir, t.keyFile);
      try {
        const audit = await node.ok('auditor', 'audit.verify', {});
        assert.ok(audit.ok);
      } finally {
        node.close();
      }
    }
    await t.reopen();
    const { jobId } = await t.ok('admin', 'backup.upload', { fileName: name });
    const job = await waitForJob(() => t.call(t.tokens.admin, 'backup.job', { jobId }));
    assert.equal(job.state, 'done', JSON.stringify(job));
    const held = exchange.drFiles(nodeId).find((f) => f.fileName === name);
    assert.equal(held?.sha256, await fileSha256(join(usb, name)));
    assert.deepEqual(readdirSync(join(exchange.dataDir, 'dr', nodeId)).filter((n) => n.endsWith('.part')), [], 'no partial upload is left');
    console.log(`upload killed ${killed} times before it was allowed to finish`);
    assert.ok(killed >= 1);
  });
});
