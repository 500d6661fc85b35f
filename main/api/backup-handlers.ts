// Handlers for backup and restore (issue 4): translate between the contract and the backup
// manager. Role and input checks already happened in the router. The setup.* channels are
// public only while the node is not set up (first-run 从备份恢复); setup.restoreJob answers
// restore jobs only, by their unguessable id.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { ApiFailure } from '../../common/contract/api-failure';

type BackupChannels = Extract<keyof Handlers, `backup.${string}` | 'setup.uploadBackupChunk' | 'setup.inspectBackup' | 'setup.restoreBackup' | 'setup.restoreJob'>;

export function buildBackupHandlers(node: NodeRuntime): Pick<Handlers, BackupChannels> {
  const b = () => node.backup();
  const user = (ctx: CallContext) => ctx.user!;
  const firstRunOnly = () => {
    if (node.state() !== 'uninitialized') throw new ApiFailure('ALREADY_INITIALIZED', '本节点已完成首次设置；恢复备份请登录系统管理员账户，在“备份与恢复”中进行');
  };
  return {
    'backup.status': () => b().status(),
    'backup.getSettings': () => b().settings(),
    'backup.setSettings': (input, ctx) => b().setSettings(user(ctx), input),
    'backup.list': () => b().list(),
    'backup.create': async (_input, ctx) => ({ jobId: await b().create(user(ctx)) }),
    'backup.job': (input) => b().job(input.jobId),
    'backup.inspect': (input) => b().inspect(input.source, input.recoveryPassphrase, 'admin'),
    'backup.verify': (input, ctx) => ({ jobId: b().verify(user(ctx), input.source, input.recoveryPassphrase) }),
    'backup.restore': (input, ctx) => ({ jobId: b().restore(user(ctx), input.source, input.recoveryPassphrase, input.migration) }),
    'backup.upload': (input, ctx) => ({ jobId: b().upload(user(ctx), input.fileName) }),
    'setup.uploadBackupChunk': (input) => {
      firstRunOnly();
      return b().uploadChunk(input);
    },
    'setup.inspectBackup': (input) => {
      firstRunOnly();
      return b().inspect(input.source, input.recoveryPassphrase, 'setup');
    },
    'setup.restoreBackup': (input) => {
      firstRunOnly();
      return { jobId: b().restoreFresh(input.source, input.recoveryPassphrase) };
    },
    'setup.restoreJob': (input) => b().restoreJob(input.jobId),
  };
}
