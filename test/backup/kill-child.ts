// A genuine second process for the kill tests: opens a node's data folder, logs in as the
// admin and runs one backup job, printing "job <id>" when it has started and "done <state>"
// when it ended, and "phase <name>" as the job moves on. The test kills it with SIGKILL
// somewhere in between.
//
//   node --import tsx test/backup/kill-child.ts <dataDir> <keyFile> create
//   node --import tsx test/backup/kill-child.ts <dataDir> <keyFile> restore <backup path>
//   node --import tsx test/backup/kill-child.ts <dataDir> <keyFile> upload <file name>
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { BackupJob } from '../../common/contract';
import { ADMIN, RECOVERY_PASSPHRASE } from '../support/test-node';

const [dataDir, keyFile, mode, arg] = process.argv.slice(2);
const node = await openNode({ dataDir: dataDir!, keyProtector: keyFileProtector(keyFile!), sync: { automatic: false }, backup: { dr: { pieceBytes: 64 * 1024, backoff: { baseMs: 10, capMs: 50 } } } });
const login = await node.dispatch(null, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
const token = login.sessionToken!;
const call = async (channel: string, input: unknown) => {
  const { result } = await node.dispatch(token, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as never;
};
const { jobId } = (await (mode === 'create'
  ? call('backup.create', {})
  : mode === 'restore'
    ? call('backup.restore', { source: { kind: 'path', path: arg }, recoveryPassphrase: RECOVERY_PASSPHRASE, confirm: true })
    : call('backup.upload', { fileName: arg }))) as { jobId: string };
console.log(`job ${jobId}`);
let job: BackupJob;
let phase = '';
do {
  await new Promise((r) => setTimeout(r, 5));
  const { result } = await node.dispatch(null, 'setup.restoreJob', { jobId });
  job = result.ok ? (result.value as BackupJob) : ((await call('backup.job', { jobId })) as BackupJob);
  if (job.phase !== phase) console.log(`phase ${(phase = job.phase)}`);
} while (job.state === 'running');
console.log(`done ${job.state} ${job.error ?? ''}`);
node.close();
