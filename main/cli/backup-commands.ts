// `edge-node backup …` (系统管理员): create, list, verify, inspect, restore, upload, settings —
// the same channels, role checks and audit entries as the 备份与恢复 page. `inspect` and
// `restore` also work on a data folder that is not set up (a new machine after a loss): then
// no login is needed, as on the first-run screen. The recovery passphrase comes from
// $EDGE_NODE_RECOVERY_PASSPHRASE or a hidden prompt, never from a flag.
// Exit codes: 0 done; 1 refused, bad input or the job failed.
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BackupInfo, BackupJob, BackupSource } from '../../common/contract';
import { withNode, type CliNode, type GlobalOptions } from './cli-node';
import { BEIJING, printJson, printTable, when } from './print';
import { CliError, secret } from './secrets';

const PHASE_LABEL: Record<BackupJob['phase'], string> = {
  queued: '排队',
  snapshot: '制作数据库快照',
  encrypt: '加密写入备份文件',
  retention: '按保留策略清理旧备份',
  decrypt: '解密并逐块校验',
  check: '数据库完整性与条数核对',
  prepare: '准备恢复的数据库',
  swap: '替换数据库',
  upload: '上传到容灾备份中心',
  done: '完成',
};

/** A name alone is a file in the backup folder; anything with a path separator is a path on this machine. */
function sourceOf(file: string): BackupSource {
  if (/[\\/]/.test(file)) return { kind: 'path', path: resolve(file) };
  if (existsSync(file) && file.toLowerCase().endsWith('.enbak')) return { kind: 'path', path: resolve(file) };
  return { kind: 'folder', fileName: file };
}

function passphrase(): Promise<string> {
  return secret('EDGE_NODE_RECOVERY_PASSPHRASE', '恢复口令');
}

function printInfo(info: BackupInfo): void {
  printTable(
    ['项目', '内容'],
    [
      ['文件', info.fileName],
      ['单位', `${info.unitName}（${info.creditCode}，区划 ${info.divisionCode}）`],
      ['节点编号', `${info.nodeId}${info.thisNode === true ? '（本节点）' : info.thisNode === false ? '（另一节点）' : ''}`],
      ['制作时间', `${when(info.createdAt)}${BEIJING}`],
      ['程序版本 / 数据库版本', `${info.appVersion} / ${info.schemaVersion}`],
      ['记录', `${info.counts.records} 条（${info.counts.recordVersions} 个版本）`],
      ['待上报 / 被拒收', `${info.counts.outboxPending} / ${info.counts.outboxRejected}`],
      ['账户 / 审计日志', `${info.counts.users} 个 / ${info.counts.auditLog} 条`],
      ['大小', `${info.bytes} 字节`],
      ['文件头', info.authenticated ? '已用恢复口令验证' : '未验证（需恢复口令）'],
      ...(info.problem ? ([['问题', info.problem]] as [string, string][]) : []),
    ],
  );
}

/** Polls a job, printing each phase and the progress, until it ends. */
async function follow(read: () => Promise<BackupJob>, json: boolean): Promise<BackupJob> {
  let shown = '';
  for (;;) {
    const job = await read();
    if (!json) {
      const percent = job.total > 0 ? ` ${Math.floor((job.done / job.total) * 100)}%` : '';
      const line = job.state === 'running' ? `${PHASE_LABEL[job.phase]}${percent}` : '';
      if (line && line !== shown && (line.split(' ')[0] !== shown.split(' ')[0] || /[05]0%$/.test(line))) {
        process.stderr.write(`${line}\n`);
        shown = line;
      }
    }
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function finish(job: BackupJob, json: boolean, done: (job: BackupJob) => void): void {
  if (json) printJson(job);
  if (job.state === 'failed') throw new CliError(job.error ?? '任务失败');
  if (!json) done(job);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((r) => rl.question(`${question}（确认请输入 y 或“是”）`, r));
  rl.close();
  return /^(y|yes|是)$/i.test(answer.trim());
}

async function isSetUp(node: CliNode): Promise<boolean> {
  return (await node.call('setup.status', {})).initialized;
}

export function addBackupCommands(program: Command, globals: () => GlobalOptions): void {
  const backup = program.command('backup').description('备份与恢复（系统管理员；新机器上恢复无需登录）');

  backup
    .command('create')
    .description('立即备份到备份文件夹，并等待完成（显示进度）')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--json', '以 JSON 输出任务结果')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const { jobId } = await node.call('backup.create', {});
        const job = await follow(() => node.call('backup.job', { jobId }), !!o.json);
        finish(job, !!o.json, (j) => console.log(`备份完成：${j.fileName}（${j.result?.records ?? 0} 条记录，${j.result?.bytes ?? 0} 字节）`));
      });
    });

  backup
    .command('list')
    .description('列出备份文件夹中的备份')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const list = await node.call('backup.list', {});
        if (o.json) return printJson(list);
        console.log(`备份文件夹：${list.folder}`);
        if (list.problem) return console.log(`问题：${list.problem}`);
        if (list.files.length === 0) return console.log('（没有备份文件）');
        printTable(
          ['文件', `制作时间${BEIJING}`, '记录', '大小', '节点', '容灾', '问题'],
          list.files.map((f) => [f.fileName, when(f.createdAt, '?'), f.counts.records, f.bytes, f.thisNode ? '本节点' : f.unitName || '?', f.uploaded ? '已上传' : '-', f.problem ?? '']),
        );
      });
    });

  backup
    .command('verify <文件>')
    .description('恢复演练：把备份解密到临时位置，做完整性检查并核对条数（文件名或路径）')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--with-passphrase', '同时验证恢复口令能打开该备份（从 $EDGE_NODE_RECOVERY_PASSPHRASE 或提示输入读取）')
    .option('--json', '以 JSON 输出任务结果')
    .action(async (file: string, o: { as: string; withPassphrase?: boolean; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const recoveryPassphrase = o.withPassphrase ? await passphrase() : undefined;
        const { jobId } = await node.call('backup.verify', { source: sourceOf(file), ...(recoveryPassphrase ? { recoveryPassphrase } : {}) });
        const job = await follow(() => node.call('backup.job', { jobId }), !!o.json);
        finish(job, !!o.json, (j) => {
          for (const check of j.result?.checks ?? []) console.log(`✓ ${check}`);
          console.log('备份可用于恢复');
        });
      });
    });

  backup
    .command('inspect <文件>')
    .description('用恢复口令查看备份的内容（单位、时间、条数）；新机器上无需登录')
    .option('--as <用户名>', '系统管理员用户名（节点已设置时需要）')
    .option('--json', '以 JSON 输出')
    .action(async (file: string, o: { as?: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        const setUp = await isSetUp(node);
        if (setUp && !o.as) throw new CliError('本节点已完成设置，请用 --as 指定系统管理员');
        const recoveryPassphrase = await passphrase();
        let info: BackupInfo;
        if (setUp) {
          await node.login(o.as!);
          info = await node.call('backup.inspect', { source: sourceOf(file), recoveryPassphrase });
        } else {
          info = await node.call('setup.inspectBackup', { source: { kind: 'path', path: resolve(file) }, recoveryPassphrase });
        }
        if (o.json) return printJson(info);
        printInfo(info);
      });
    });

  backup
    .command('restore <文件>')
    .description('从备份恢复：新机器（未设置的数据目录）或替换本节点当前数据库（原数据库保留在 replaced-<时间> 文件夹）')
    .option('--as <用户名>', '系统管理员用户名（节点已设置时需要）')
    .option('--yes', '不再询问，直接恢复')
    .option('--migrate', '确认迁移：该备份属于另一节点时仍然恢复（本节点将成为那个节点）')
    .option('--json', '以 JSON 输出任务结果')
    .action(async (file: string, o: { as?: string; yes?: boolean; migrate?: boolean; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        const setUp = await isSetUp(node);
        if (setUp && !o.as) throw new CliError('本节点已完成设置：恢复将替换当前数据库，请用 --as 指定系统管理员');
        const recoveryPassphrase = await passphrase();
        if (setUp) await node.login(o.as!);
        const source: BackupSource = setUp ? sourceOf(file) : { kind: 'path', path: resolve(file) };
        const info = setUp ? await node.call('backup.inspect', { source, recoveryPassphrase }) : await node.call('setup.inspectBackup', { source, recoveryPassphrase });
        if (!o.json) printInfo(info);
        if (info.problem) throw new CliError(info.problem);
        const question = setUp ? '确认用该备份替换本节点当前的数据库？（当前数据库将保留在数据目录的 replaced-<时间> 文件夹中）' : '确认从该备份恢复本节点？';
        if (!o.yes && !(await confirm(question))) throw new CliError('未确认，没有做任何改动（非交互使用时请加 --yes）');
        const { jobId } = setUp
          ? await node.call('backup.restore', { source, recoveryPassphrase, confirm: true, migration: !!o.migrate })
          : await node.call('setup.restoreBackup', { source, recoveryPassphrase, confirm: true });
        const job = await follow(() => node.call('setup.restoreJob', { jobId }), !!o.json);
        finish(job, !!o.json, (j) => {
          console.log(`恢复完成：${j.result?.unitName ?? ''}，${j.result?.records ?? 0} 条记录`);
          if (j.result?.replacedDir) console.log(`原数据库已保留在 ${j.result.replacedDir}`);
          console.log('节点下次同步时会先向交换平台核对已收到哪些数据，未收到的重新上报，不会重复（edge-node sync now --as <运维员>）。所有登录会话已结束。');
        });
      });
    });

  backup
    .command('upload <文件>')
    .description('把备份文件夹中的一个备份上传到容灾备份中心（可断点续传）')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--json', '以 JSON 输出任务结果')
    .action(async (file: string, o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const { jobId } = await node.call('backup.upload', { fileName: file });
        const job = await follow(() => node.call('backup.job', { jobId }), !!o.json);
        finish(job, !!o.json, (j) => console.log(`已上传到容灾备份中心：${j.fileName}（SHA-256 ${j.result?.sha256 ?? ''} 已核对）`));
      });
    });

  backup
    .command('settings')
    .description('查看或修改备份设置')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--folder <文件夹>', '备份文件夹（完整路径，建议第二块硬盘或 U 盘）')
    .option('--time <HH:MM>', '每日定时备份时间')
    .option('--schedule <on|off>', '定时备份开关')
    .option('--keep-daily <份数>', '保留最近 N 天每天一份', (v) => Number(v))
    .option('--keep-weekly <份数>', '保留最近 N 周每周一份', (v) => Number(v))
    .option('--keep-monthly <份数>', '保留最近 N 月每月一份', (v) => Number(v))
    .option('--verify-after <on|off>', '定时备份后做恢复演练')
    .option('--dr-upload <on|off>', '上传到容灾备份中心')
    .option('--dr-cert <文件>', '容灾备份中心证书（PEM）；空字符串表示清除')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; folder?: string; time?: string; schedule?: string; keepDaily?: number; keepWeekly?: number; keepMonthly?: number; verifyAfter?: string; drUpload?: string; drCert?: string; json?: boolean }) => {
      const onOff = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        if (v !== 'on' && v !== 'off') throw new CliError(`${name} 只能是 on 或 off`);
        return v === 'on';
      };
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        let s = await node.call('backup.getSettings', {});
        const changed = {
          ...s,
          ...(o.folder !== undefined ? { folder: resolve(o.folder) } : {}),
          schedule: { enabled: onOff(o.schedule, '--schedule') ?? s.schedule.enabled, time: o.time ?? s.schedule.time },
          retention: { daily: o.keepDaily ?? s.retention.daily, weekly: o.keepWeekly ?? s.retention.weekly, monthly: o.keepMonthly ?? s.retention.monthly },
          verifyAfterBackup: onOff(o.verifyAfter, '--verify-after') ?? s.verifyAfterBackup,
          drUpload: onOff(o.drUpload, '--dr-upload') ?? s.drUpload,
          drCertificatePem: o.drCert === undefined ? s.drCertificatePem : o.drCert === '' ? null : readFileSync(o.drCert, 'utf8'),
        };
        if (JSON.stringify(changed) !== JSON.stringify(s)) s = await node.call('backup.setSettings', changed);
        if (o.json) return printJson(s);
        printTable(
          ['设置', '值'],
          [
            ['备份文件夹', s.folder],
            ['定时备份', s.schedule.enabled ? `每天 ${s.schedule.time}` : '关闭'],
            ['保留', `每天 ${s.retention.daily} 份，每周 ${s.retention.weekly} 份，每月 ${s.retention.monthly} 份`],
            ['定时备份后恢复演练', s.verifyAfterBackup ? '是' : '否'],
            ['上传到容灾备份中心', s.drUpload ? '是' : '否'],
            ['容灾备份中心证书', s.drCertificatePem ? '已设置' : '未设置'],
          ],
        );
      });
    });
}
