// Power cuts and crashes in the middle of backup work: a real second process runs a backup or
// a restore (and, with the DR centre, an upload) and is killed with SIGKILL at a random moment
// — biased towards the short swap at the end of a restore. Afterwards the node opens, its
// database passes SQLite's integrity check with every record, the audit chain verifies, and:
// a backup folder never holds a damaged file under a final name; a restore has either not
// happened (the previous database in place) or happened completely (and the previous
// database is intact in data/replaced-<time>/).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSetUpNode } from '../support/test-node';
import { bulkRegister } from '../support/bulk-register';
import { databaseKeyOf, openRawDatabase } from '../support/raw-database';
import { openEncryptedDatabase } from '../../main/store/database';
import { BackupFile } from '../../formats/backup';
import { seededRandom } from '../../bench/generate-records';
import { backupSettings, openNodeAt, usbFolder, waitForJob } from './support';

const ITERATIONS = { create: Number(process.env.EDGE_NODE_KILL_CREATE ?? 12), restore: Number(process.env.EDGE_NODE_KILL_RESTORE ?? 14) };
const BACKED_UP = 12_000;
const AFTER_BACKUP = 300;
const random = seededRandom(Number(process.env.EDGE_NODE_KILL_SEED ?? 20261126));

const CHILD = new URL('./kill-child.ts', import.meta.url).pathname;

interface Run {
  /** ms from the job's start to the kill, or null when it ran to its end. */
  killedAfter: number | null;
  output: string;
}

/**
 * Runs the child; kills it `killAfterMs` after it reported its job (null: never) — or, with
 * `afterPhase`, that long after the job entered that phase.
 */
function runChild(dataDir: string, keyFile: string, args: string[], killAfterMs: number | null, afterPhase?: string): Promise<Run & { jobMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, keyFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EDGE_NODE_TEST: '1' } });
    let output = '';
    let started = 0;
    let jobMs = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (c) => (output += c));
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('job ')) {
        started = Date.now();
        if (killAfterMs !== null && !afterPhase) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
      if (afterPhase && line === `phase ${afterPhase}` && killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      if (line.startsWith('done ')) jobMs = Date.now() - started;
    });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      clearTimeout(deadline);
      resolve({ killedAfter: signal === 'SIGKILL' ? Date.now() - started : null, output, jobMs });
    });
  });
}

/** Two thirds of the kills anywhere in the job, a third right at its end (where a restore swaps). */
function killDelay(jobMs: number): number {
  return random() < 2 / 3 ? random() * jobMs : jobMs * (0.9 + random() * 0.12);
}

/** How long the job takes: the fastest full run seen (the first run also warms caches). */
async function calibrate(dataDir: string, keyFile: string, args: string[]): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < 2; i++) {
    const run = await runChild(dataDir, keyFile, args, null);
    assert.match(run.output, /done done/, run.output);
    fastest = Math.min(fastest, run.jobMs);
  }
  return fastest;
}

describe('SIGKILL during backup and restore', () => {
  let root: string;
  let dataDir: string;
  let keyFile: string;
  let usb: string;
  let pristine: string;
  let backupPath: string;
  const outcomes = { create: { killed: 0, finished: 0 }, restore: { notYet: 0, done: 0, killed: 0 } };

  before(async () => {
    const t = await startSetUpNode();
    root = mkdtempSync(join(tmpdir(), 'edge-node-kill-'));
    usb = usbFolder();
    await t.call(t.tokens.admin, 'backup.setSettings', backupSettings(usb));
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, BACKED_UP);
    await t.reopen();
    const admin = await t.login('admin', 'Admin#2026pass');
    const started = await t.call(admin, 'backup.create', {});
    assert.ok(started.ok);
    const job = await waitForJob(() => t.call(admin, 'backup.job', { jobId: started.value.jobId }));
    assert.equal(job.state, 'done');
    // Kept out of the backup folder: the kills below make more backups, and retention keeps one a day.
    backupPath = join(root, 'restore-me.enbak');
    cpSync(join(usb, job.fileName!), backupPath);
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, AFTER_BACKUP, { first: BACKED_UP });
    // The node under test: a copy we can reset between restore kills.
    pristine = join(root, 'pristine');
    cpSync(t.dataDir, pristine, { recursive: true });
    dataDir = join(root, 'data');
    keyFile = t.keyFile;
    cpSync(pristine, dataDir, { recursive: true });
    rmSync(t.dataDir, { recursive: true, force: true });
  });
  after(() => {
    console.log(`kill outcomes: ${JSON.stringify(outcomes)}`);
    rmSync(root, { recursive: true, force: true });
    rmSync(usb, { recursive: true, force: true });
  });

  /** Opens the node as the app would at its next start and checks everything that must hold. */
  async function assertNodeUsable(expectRecords: number[]): Promise<number> {
    const node = await openNodeAt(dataDir, keyFile);
    try {
      const status = await node.ok('admin', 'status.get', {});
      const records = status.resources.reduce((n, r) => n + r.active + r.withdrawn, 0);
      assert.ok(expectRecords.includes(records), `records: ${records}, expected one of ${expectRecords.join(', ')}`);
      const audit = await node.ok('auditor', 'audit.verify', {});
      assert.ok(audit.ok, audit.message);
      assert.ok(!existsSync(join(dataDir, 'backup-work')) || readdirSync(join(dataDir, 'backup-work')).length === 0, 'no snapshot or copy is left behind');
      assert.ok(!existsSync(join(dataDir, 'edge-node.db.restore')));
      assert.ok(!existsSync(join(dataDir, 'restore-journal.json')));
      return records;
    } finally {
      node.close();
    }
    // (integrity is checked separately, on a raw connection)
  }

  async function assertIntegrity(file: string, expectRecords: number): Promise<void> {
    const key = await databaseKeyOf(dataDir, keyFile).catch(() => null);
    const db = key ? openEncryptedDatabase(file, key) : await openRawDatabase(dataDir, keyFile);
    try {
      assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      assert.equal((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n, expectRecords);
    } finally {
      db.close();
      key?.fill(0);
    }
  }

  test('killed while backing up: the node opens intact; every finished backup file verifies', async () => {
    const jobMs = await calibrate(dataDir, keyFile, ['create']);
    for (let i = 0; i < ITERATIONS.create; i++) {
      const run = await runChild(dataDir, keyFile, ['create'], killDelay(jobMs));
      if (run.killedAfter === null) outcomes.create.finished++;
      else outcomes.create.killed++;
      await assertNodeUsable([BACKED_UP + AFTER_BACKUP]);
      await assertIntegrity(join(dataDir, 'edge-node.db'), BACKED_UP + AFTER_BACKUP);
    }
    const key = await databaseKeyOf(dataDir, keyFile);
    try {
      for (const name of readdirSync(usb).filter((n) => n.endsWith('.enbak'))) {
        const file = await BackupFile.open(join(usb, name));
        const unlocked = file.unlockWithDatabaseKey(key);
        await file.decryptPayload(unlocked, null);
        unlocked.dispose();
      }
    } finally {
      key.fill(0);
    }
    // Timing on a loaded machine varies (a busy CI machine stretches the calibrated job), so
    // only a quarter of the runs must have been cut off mid-job for the test to count.
    assert.ok(outcomes.create.killed >= ITERATIONS.create / 4, JSON.stringify(outcomes.create));
  });

  test('killed while restoring over a running node: the previous database is in place, or fully replaced and kept aside intact', async () => {
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(pristine, dataDir, { recursive: true });
    const jobMs = await calibrate(dataDir, keyFile, ['restore', backupPath]);
    for (let i = 0; i < ITERATIONS.restore; i++) {
      rmSync(dataDir, { recursive: true, force: true });
      cpSync(pristine, dataDir, { recursive: true });
      // Every third kill lands in the swap itself (closing, moving aside, the commit rename, reopening).
      const run = i % 3 === 2 ? await runChild(dataDir, keyFile, ['restore', backupPath], random() * 80, 'swap') : await runChild(dataDir, keyFile, ['restore', backupPath], killDelay(jobMs));
      if (run.killedAfter !== null) outcomes.restore.killed++;
      const records = await assertNodeUsable([BACKED_UP + AFTER_BACKUP, BACKED_UP]);
      await assertIntegrity(join(dataDir, 'edge-node.db'), records);
      if (records === BACKED_UP) {
        outcomes.restore.done++;
        const replaced = readdirSync(dataDir).filter((n) => n.startsWith('replaced-'));
        assert.equal(replaced.length, 1, 'the replaced database is kept');
        await assertIntegrity(join(dataDir, replaced[0]!, 'edge-node.db'), BACKED_UP + AFTER_BACKUP);
      } else {
        outcomes.restore.notYet++;
        assert.deepEqual(readdirSync(dataDir).filter((n) => n.startsWith('replaced-')), []);
      }
    }
    assert.ok(outcomes.restore.killed >= ITERATIONS.restore / 4, JSON.stringify(outcomes.restore));
  });
});
