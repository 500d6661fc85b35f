// The whole node in a second, genuine process for the crash loop (crash-loop.test.ts): it
// opens a set-up, connected node (automatic sync, watch folders on, DR upload on), checks its
// audit chain through the API, then works through a seeded random mix of what a township
// office does — until the parent kills it with SIGKILL. Every line on stdout is one JSON
// object, so the parent can tell what was promised to a user before the kill:
//   {"verify":{…}}                  the audit.verify answer right after the start
//   {"phase":"register","at":n}     a step begins (the parent's kill timers start from these)
//   {"ack":["<ID number>",…]}       records a user has been told are saved (an API answer, a
//                                   finished import's report, a watch-folder file in processed/)
//   {"end":"register","ms":n}       the step finished
//   {"restored":true}               a restore completed (the node carries on with its result)
//
//   node --import tsx test/endurance/crash-loop-child.ts '<JSON ChildConfig>'
// The test runs it bundled (crash-loop-bundle.ts), as the app runs its core: a restart then
// costs what the node's own start costs, not compiling TypeScript again.
import { readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { BackupJob, ImportReport, Role } from '../../common/contract';
import { ADMIN, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { seededRandom } from '../../bench/generate-records';
import { BACKUP_EXTENSION } from '../../formats/backup';
import { BENCH_RESOURCE, PHASES, crashLoopCsv, crashLoopRecord, idOf, type ChildConfig, type Phase } from './crash-loop-records';

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as ChildConfig;
  const random = seededRandom(config.seed);
  const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const trace = (what: string) => process.env.CRASH_LOOP_TRACE && process.stderr.write(`[child] ${what} at ${Math.round(performance.now())} ms\n`);
  trace('loaded');
  const node = await openNode({
    dataDir: config.dataDir,
    keyProtector: keyFileProtector(config.keyFile),
    sync: { automatic: true, engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000, newDataDelayMs: 50 } },
    intake: { watch: true, chunkRows: 10, watchOptions: { stableMs: 150, retryMs: 50, readAttempts: 3, laterMs: 100 } },
    backup: { dr: { pieceBytes: 64 * 1024, backoff: { baseMs: 10, capMs: 50 } } },
  });

  const tokens = {} as Record<Role, string>;
  async function login(role: Role): Promise<void> {
    const answer = await node.dispatch(null, 'auth.login', { username: role === 'admin' ? ADMIN.username : role, password: PASSWORDS[role] });
    if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${role} failed: ${JSON.stringify(answer.result)}`);
    tokens[role] = answer.sessionToken;
  }
  async function call<T>(role: Role, channel: string, input: unknown): Promise<T> {
    // Logged in when first needed: each login is a deliberate scrypt, and a start should be quick.
    if (!tokens[role]) await login(role);
    const { result } = await node.dispatch(tokens[role], channel, input);
    if (!result.ok) throw new Error(`${channel} as ${role}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }
  /** Polls until `done` says so; a step that never ends fails the run (the parent sees the error). */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out: ${what}: ${JSON.stringify(value)}`);
      await sleep(10);
    }
  }
  /** A restore's job is read through the setup door while the database is swapped (as the app does). */
  async function readJob(jobId: string): Promise<BackupJob> {
    const { result } = await node.dispatch(null, 'setup.restoreJob', { jobId });
    return result.ok ? (result.value as BackupJob) : call<BackupJob>('admin', 'backup.job', { jobId });
  }
  const waitBackupJob = (jobId: string) => until(() => readJob(jobId), (j) => j.state !== 'running', `backup job ${jobId}`);

  trace('open');
  await login('auditor');
  trace('logged in');
  say({ verify: await call('auditor', 'audit.verify', {}) });
  trace('verified');

  let next = config.first;
  const take = (n: number): number[] => {
    const indices: number[] = [];
    for (let i = 0; i < n && next < config.first + config.span; i++) indices.push(next++);
    return indices;
  };

  const steps: Record<Phase, () => Promise<void>> = {
    async register() {
      for (const i of take(1 + Math.floor(random() * 8))) {
        await call('clerk', 'records.create', { resourceCode: BENCH_RESOURCE, fields: crashLoopRecord(i) });
        say({ ack: [idOf(i)] });
      }
    },
    async import() {
      const rows = take(20 + Math.floor(random() * 60));
      if (rows.length === 0) return;
      const started = await call<{ jobId: string }>('clerk', 'intake.start', { fileName: `入户登记-${rows[0]}.csv`, fileBase64: Buffer.from(crashLoopCsv(rows)).toString('base64'), resourceCode: BENCH_RESOURCE });
      const job = await until(() => call<{ state: string; report: ImportReport | null; error: string | null }>('clerk', 'intake.job', started), (j) => j.state !== 'running', 'import job');
      if (job.state !== 'done' || job.report?.imported !== rows.length) throw new Error(`import did not take every row: ${JSON.stringify(job)}`);
      say({ ack: rows.map(idOf) });
    },
    async watch() {
      const rows = take(10 + Math.floor(random() * 40));
      if (rows.length === 0) return;
      const name = `村报送-${rows[0]}.csv`;
      // Written under a name the watcher ignores, then renamed: how a copy lands at once.
      writeFileSync(join(config.watchFolder, `~${name}.part`), crashLoopCsv(rows));
      renameSync(join(config.watchFolder, `~${name}.part`), join(config.watchFolder, name));
      const reportFile = join(config.watchFolder, 'processed', `${name}.report.json`);
      await until(async () => existsSync(reportFile) || existsSync(join(config.watchFolder, 'rejected', `${name}.report.json`)), Boolean, `watch folder file ${name}`);
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ImportReport;
      if (report.imported !== rows.length) throw new Error(`watch folder import did not take every row: ${JSON.stringify(report)}`);
      say({ ack: rows.map(idOf) });
    },
    async sync() {
      await call('operator', 'sync.now', {});
      await until(() => call<{ running: boolean; queueDepth: number; link: string }>('operator', 'sync.status', {}), (s) => !s.running, 'the sync run');
    },
    async backup() {
      const { jobId } = await call<{ jobId: string }>('admin', 'backup.create', {});
      const job = await waitBackupJob(jobId);
      if (job.state !== 'done') throw new Error(`backup failed: ${JSON.stringify(job)}`);
      // With DR upload on, the backup starts its own upload: the step ends when that has too,
      // as the admin sees it (a manual upload meanwhile is refused with 另一项上传任务正在进行).
      if (job.result?.uploadJobId) await waitBackupJob(job.result.uploadJobId);
    },
    async 'dr-upload'() {
      const files = readdirSync(await backupFolder()).filter((f) => f.endsWith(BACKUP_EXTENSION)).sort();
      const latest = files.at(-1);
      if (!latest) return steps.backup();
      const { jobId } = await call<{ jobId: string }>('admin', 'backup.upload', { fileName: latest });
      const job = await waitBackupJob(jobId);
      if (job.state !== 'done') throw new Error(`DR upload failed: ${JSON.stringify(job)}`);
    },
    async restore() {
      // Back to a backup taken just now, so nothing a user was told is saved goes back in time.
      const { jobId } = await call<{ jobId: string }>('admin', 'backup.create', {});
      const made = await waitBackupJob(jobId);
      if (made.state !== 'done' || !made.fileName) throw new Error(`backup before restore failed: ${JSON.stringify(made)}`);
      const restore = await call<{ jobId: string }>('admin', 'backup.restore', { source: { kind: 'path', path: join(await backupFolder(), made.fileName) }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true });
      const job = await waitBackupJob(restore.jobId);
      if (job.state !== 'done') throw new Error(`restore failed: ${JSON.stringify(job)}`);
      // The restored database has its own sessions: everyone logs in again.
      for (const role of Object.keys(tokens) as Role[]) delete tokens[role];
      say({ restored: true });
    },
  };

  let folder: string | null = null;
  const backupFolder = async () => (folder ??= (await call<{ folder: string }>('admin', 'backup.getSettings', {})).folder);

  // Weighted: the everyday work more often than the rare, heavy steps.
  const WEIGHTS: Record<Phase, number> = { register: 5, import: 3, watch: 3, sync: 3, backup: 2, 'dr-upload': 1, restore: 1 };
  const TOTAL = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  function pick(): Phase {
    let r = random() * TOTAL;
    for (const phase of PHASES) if ((r -= WEIGHTS[phase]) < 0) return phase;
    return 'register';
  }

  // Bounded: the parent kills long before this; if it does not, the run ends by itself.
  for (let step = 0; step < 200 && next < config.first + config.span; step++) {
    const phase = pick();
    const started = Date.now();
    say({ phase, at: step });
    await steps[phase]();
    say({ end: phase, ms: Date.now() - started });
  }
  node.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
