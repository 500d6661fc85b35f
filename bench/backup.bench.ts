// Backup, verify and restore of a 1,000,000-record node (issue 4), against a baseline pipeline
// of standard tools on the same data, in the same run:
//
//   node --import tsx bench/backup.bench.ts [--count 1000000] [--seed N] [--max-seconds 1800]
//
// Setup (NOT measured): a node is set up and closed, its encrypted database is bulk-filled by
// bench/direct-records.ts, as for bench/lookup.bench.ts (the records repository's bulk path,
// 50,000 per transaction, indexes built after the load, every 1,000th record also withdrawn; no audit entries), then an UNENCRYPTED copy of the same
// database is made for the baseline (file copy + PRAGMA rekey = '').
//
// Measured, wall clock, one run each (both files read once beforehand so neither pays a cold cache):
// - ours, backup:  backup.create through node.dispatch until the job is done — snapshot
//   (VACUUM INTO in a worker) + chunked AES-256-GCM into the backup folder, fsync;
// - ours, verify:  backup.verify (the node's own key) — decrypt every chunk into a temporary
//   encrypted copy, PRAGMA integrity_check, counts against the header;
// - ours, restore: setup.restoreBackup on a fresh data folder until the node is ready —
//   decrypt, integrity check, counts, prepare, swap, open;
// - baseline, backup: `sqlite3 plain.db ".backup copy.db"`, then `gzip -c copy.db | openssl enc
//   -aes-256-cbc -pbkdf2` (which leaves the plaintext copy on disk, as that pipeline does);
// - baseline, verify: `openssl enc -d … | gunzip > check.db`, then `sqlite3 check.db
//   "PRAGMA integrity_check; SELECT count(*) FROM records"`.
// Target: ours no slower than the baseline (ratio ≤ 1.00) for backup + verify. Exit 1 when the
// target is missed, 2 when the bench itself failed. Peak RSS is sampled throughout.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSetUpNode, PASSWORDS, RECOVERY_PASSPHRASE } from '../test/support/test-node';
import { dataPaths } from '../platform/data-paths';
import { keyFileProtector } from '../platform/keyfile-protector';
import { openWithHost, readKeySlots } from '../main/store/key-slots';
import { openEncryptedDatabase } from '../main/store/database';
import { backupSettings, openNodeAt } from '../test/backup/support';
import type { ApiResult, BackupJob } from '../common/contract';
import { DEFAULT_SEED, argNumber } from './generate-records';
import { writeRecordsDirectly } from './direct-records';

const count = argNumber('count', 1_000_000);
const seed = argNumber('seed', DEFAULT_SEED);
const maxSeconds = argNumber('max-seconds', 1800);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const size = (path: string) => statSync(path).size;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
sampler.unref();

/** Polls a job to its end, noting how long each phase took. */
async function timedJob(read: () => Promise<ApiResult<BackupJob>>): Promise<{ job: BackupJob; phases: string }> {
  const spent = new Map<string, number>();
  let phase = '';
  let since = performance.now();
  for (;;) {
    const answer = await read();
    if (!answer.ok) throw new Error(answer.error.message);
    const job = answer.value;
    if (job.phase !== phase || job.state !== 'running') {
      if (phase) spent.set(phase, (spent.get(phase) ?? 0) + performance.now() - since);
      phase = job.phase;
      since = performance.now();
    }
    if (job.state !== 'running') return { job, phases: [...spent].filter(([p]) => p !== 'done').map(([p, ms]) => `${p} ${seconds(ms)}`).join(', ') };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs a shell pipeline, returns its wall time in ms. */
function shell(script: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${script}\n${err}`))));
  });
}

/** Reads a file once, so the measured runs do not differ by who paid the cold cache. */
async function warm(path: string): Promise<void> {
  for await (const _ of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) void _;
}

/** The setup, in its own process (so that the measured process's memory is its own). */
async function setup(root: string): Promise<{ dataDir: string; keyFile: string; plain: string; usb: string }> {
  const t = await startSetUpNode();
  const usb = join(root, 'usb');
  mkdirSync(usb);
  await t.call(t.tokens.admin, 'backup.setSettings', backupSettings(usb, { retention: { daily: 60, weekly: 0, monthly: 0 } }));
  const paths = dataPaths(t.dataDir);
  t.node.close();
  const key = await openWithHost(await readKeySlots(paths.keySlots), keyFileProtector(t.keyFile));
  console.log(`SETUP (not measured, separate process): ${count} records written straight into the node's encrypted database…`);
  writeRecordsDirectly(paths.database, key, {
    count,
    seed,
    progress: (to, ms) => (to % 200_000 === 0 || to === count) && console.log(`  bulk: ${to}/${count} records, ${seconds(ms)}`),
  });
  console.log(`  encrypted database ${mb(size(paths.database))}`);
  const plain = join(root, 'plain.db');
  copyFileSync(paths.database, plain);
  const p = openEncryptedDatabase(plain, key);
  p.pragma('journal_mode = DELETE');
  p.pragma(`rekey = ''`);
  p.close();
  key.fill(0);
  console.log(`  unencrypted copy for the baseline ${mb(size(plain))} (${execFileSync('sqlite3', [plain, 'SELECT count(*) FROM records']).toString().trim()} records)`);
  return { dataDir: t.dataDir, keyFile: t.keyFile, plain, usb };
}

async function main(): Promise<number> {
  console.log(`backup bench: ${count} 贫困户 records, seed ${seed}, node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const stop = setTimeout(() => {
    console.log(`STOPPED: the bench ran longer than ${maxSeconds} s`);
    process.exit(2);
  }, maxSeconds * 1000);
  stop.unref();
  const root = mkdtempSync(join(tmpdir(), 'edge-node-bench-backup-'));
  let nodeRoot: string | null = null;
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--setup-into', root, '--count', String(count), '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const lines = child.stdout.trim().split('\n');
    for (const line of lines.slice(0, -1)) console.log(line);
    if (child.status !== 0) throw new Error(`setup failed (exit ${child.status})`);
    const { dataDir, keyFile, plain, usb } = JSON.parse(lines[lines.length - 1]!) as Awaited<ReturnType<typeof setup>>;
    nodeRoot = dirname(dataDir);
    const paths = dataPaths(dataDir);
    await warm(paths.database);
    await warm(plain);
    const node = await openNodeAt(dataDir, keyFile);
    await node.login('admin');
    const admin = node.tokens.admin!;

    console.log('measuring…');
    peakRss = 0;
    let t0 = performance.now();
    const created = await node.ok('admin', 'backup.create', {});
    const { job: createJob, phases: createPhases } = await timedJob(() => node.call(admin, 'backup.job', { jobId: created.jobId }));
    const oursBackup = performance.now() - t0;
    if (createJob.state !== 'done') throw new Error(`backup failed: ${createJob.error}`);
    const backupFile = join(usb, createJob.fileName!);
    console.log(`  ours, backup:   ${seconds(oursBackup)}  (${mb(size(backupFile))}, ${createJob.result?.records} records; ${createPhases})`);

    t0 = performance.now();
    const verified = await node.ok('admin', 'backup.verify', { source: { kind: 'folder', fileName: createJob.fileName! } });
    const { job: verifyJob, phases: verifyPhases } = await timedJob(() => node.call(admin, 'backup.job', { jobId: verified.jobId }));
    const oursVerify = performance.now() - t0;
    if (verifyJob.state !== 'done') throw new Error(`verify failed: ${verifyJob.error}`);
    console.log(`  ours, verify:   ${seconds(oursVerify)}  (${verifyPhases})`);
    const oursPeak = peakRss;
    node.close();

    const env = { BENCH_PASS: 'bench-passphrase-2026' };
    const copy = join(root, 'baseline-copy.db');
    const enc = join(root, 'baseline.db.gz.enc');
    const baseBackup = await shell(`sqlite3 '${plain}' ".backup '${copy}'" && gzip -c '${copy}' | openssl enc -aes-256-cbc -pbkdf2 -pass env:BENCH_PASS -out '${enc}'`, env);
    console.log(`  baseline, backup (sqlite3 .backup, gzip, openssl enc): ${seconds(baseBackup)}  (${mb(size(enc))})`);
    const check = join(root, 'baseline-check.db');
    const baseVerify = await shell(
      `openssl enc -d -aes-256-cbc -pbkdf2 -pass env:BENCH_PASS -in '${enc}' | gunzip > '${check}' && sqlite3 '${check}' "PRAGMA integrity_check; SELECT count(*) FROM records" | grep -q '^ok$'`,
      env,
    );
    console.log(`  baseline, verify (openssl enc -d, gunzip, sqlite3 integrity_check): ${seconds(baseVerify)}`);
    for (const f of [copy, enc, check]) rmSync(f, { force: true });

    peakRss = 0;
    const fresh = await openNodeAt(join(root, 'new-machine', 'data'), join(root, 'new-machine', 'node.keyfile'));
    t0 = performance.now();
    const restoring = await fresh.call(null, 'setup.restoreBackup', { source: { kind: 'path', path: backupFile }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
    if (!restoring.ok) throw new Error(`restore refused: ${restoring.error.message}`);
    const { job: restoreJob, phases: restorePhases } = await timedJob(() => fresh.call(null, 'setup.restoreJob', { jobId: restoring.value.jobId }));
    const oursRestore = performance.now() - t0;
    if (restoreJob.state !== 'done') throw new Error(`restore failed: ${restoreJob.error}`);
    const login = await fresh.call(null, 'auth.login', { username: 'clerk', password: PASSWORDS.clerk });
    if (!login.ok) throw new Error('the restored node does not let its clerk in');
    fresh.close();
    console.log(`  ours, restore on a fresh data folder (with the recovery passphrase): ${seconds(oursRestore)}  (${restorePhases}; peak RSS ${mb(Math.max(peakRss, oursPeak))})`);

    const ratio = (ours: number, base: number) => (ours / base).toFixed(2);
    const total = (oursBackup + oursVerify) / (baseBackup + baseVerify);
    console.log('');
    console.log(`backup ratio ours/baseline ${ratio(oursBackup, baseBackup)}; verify ratio ${ratio(oursVerify, baseVerify)}; backup + verify ${total.toFixed(2)} (target ≤ 1.00) ${total <= 1 ? 'PASS' : 'MISS'}`);
    console.log(`restore (ours) ${seconds(oursRestore)}; peak RSS of this process ${mb(oursPeak)} (the database is ${mb(size(backupFile))}: memory does not grow with it)`);
    return total <= 1 ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
    if (nodeRoot) rmSync(nodeRoot, { recursive: true, force: true });
  }
}

const setupInto = process.argv.indexOf('--setup-into');
(setupInto >= 0 ? setup(process.argv[setupInto + 1]!).then((r) => (console.log(JSON.stringify(r)), 0)) : main()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
