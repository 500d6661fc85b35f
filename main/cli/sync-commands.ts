// `edge-node sync …` (运维员: queue, sync now, pause/resume, rejected items; 系统管理员:
// settings) and `edge-node cert …` (系统管理员: CSR, import, root, show). The same channels,
// role checks and audit entries as the UI. Exit codes: 0 fine; 1 refused or bad input;
// 2 sync stopped on a certificate or configuration problem; 3 the exchange is unreachable
// (the queue waits); 4 `sync now` still running when its time was up.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SyncEta, SyncStatus } from '../../common/contract';
import { withNode, type CliNode, type GlobalOptions } from './cli-node';
import { BEIJING, printJson, printTable, when } from './print';
import { CliError, secret } from './secrets';

const LINK_LABEL: Record<SyncStatus['link'], string> = {
  'not-configured': '未配置',
  'not-contacted': '已配置，尚未联系',
  online: '在线',
  offline: '离线（自动重试中）',
  certificate: '证书问题（已停止）',
  paused: '已暂停',
};

const WARNING_LABEL = { none: '正常', soon: '即将到期', urgent: '即将到期（紧急）', expired: '已过期', revoked: '已吊销' } as const;

function printStatus(s: SyncStatus): void {
  console.log(`连接状态：${LINK_LABEL[s.link]}${s.running ? '（正在同步）' : ''}`);
  if (s.link === 'not-contacted' && !s.running) console.log('（一次性命令不会自动同步：运行 edge-node sync now --as <运维员> 联系交换平台）');
  if (s.problem) console.log(`问题：${s.problem}`);
  if (s.clockSkew?.message) console.log(`时钟：${s.clockSkew.message}`);
  console.log(`待上报：${s.queueDepth} 条（发送中 ${s.inFlight} 条），被拒收：${s.rejected} 条`);
  if (s.oldestPendingAt) console.log(`最早未上报记录登记于：${when(s.oldestPendingAt)}${BEIJING}`);
  const anyTime = s.lastSuccessAt || s.lastAttemptAt || s.nextAttemptAt;
  console.log(`上次成功：${when(s.lastSuccessAt)}  上次尝试：${when(s.lastAttemptAt)}${s.nextAttemptAt ? `  下次重试：${when(s.nextAttemptAt)}` : ''}${anyTime ? BEIJING : ''}`);
  console.log(`近 10 分钟吞吐：${s.throughputPerMinute} 条/分钟  连续失败：${s.consecutiveFailures} 次`);
  // Technical figures for support, in plain words (the UI keeps them behind 技术信息).
  console.log(`技术信息：第 ${s.epoch} 轮编号（每从备份恢复一次加 1），平台已处理到本轮第 ${s.highWaterMark} 号`);
  if (s.progress) console.log(`进度：${s.progress.sent}/${s.progress.total}`);
  if (s.eta) console.log(etaLine(s.eta, s.auditToProve));
}

/** 剩余：N 条（近期每分钟确认 R 条），审计证明待补交：M 条，预计还需…: each part only when it applies. */
function etaLine(eta: SyncEta, auditToProve: number): string {
  // Whole records once the rate is not tiny (每分钟确认 301011 条, not 301011.4); a slow line keeps its decimal.
  const rate = eta.recordsPerMinute >= 10 ? Math.round(eta.recordsPerMinute) : eta.recordsPerMinute;
  const parts = [
    eta.remaining > 0 ? `剩余：${eta.remaining} 条（近期每分钟确认 ${rate} 条）` : null,
    eta.auditSecondsLeft > 0 ? `审计证明待补交：${auditToProve} 条` : null,
    eta.message,
  ];
  return parts.filter((part) => part !== null).join('，');
}

function exitCodeFor(s: SyncStatus): number {
  if (s.link === 'certificate' || s.link === 'not-configured') return 2;
  if (s.link === 'offline' || s.queueDepth > 0) return 3;
  return 0;
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${name}应为非负整数，收到「${value}」`);
  return n;
}

export function addSyncCommands(program: Command, globals: () => GlobalOptions): void {
  const sync = program.command('sync').description('同步到省信息共享交换平台（运维员；设置为系统管理员）');

  sync
    .command('now')
    .description('立即同步，并等待本次同步结束（显示进度）')
    .requiredOption('--as <用户名>', '运维员用户名')
    .option('--timeout <秒数>', '最长等待秒数', (v) => positive(v, '等待时间'), 600)
    .option('--json', '以 JSON 输出最终状态')
    .action(async (o: { as: string; timeout: number; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        let status = await node.call('sync.now', {});
        const deadline = Date.now() + o.timeout * 1000;
        let shown = '';
        // Wait for the run to end; a backoff after a network failure ends the run too (the
        // CLI does not sit out retries: the app or the next `sync now` carries on).
        while (status.running && Date.now() < deadline) {
          const line = status.progress ? `已上报 ${status.progress.sent}/${status.progress.total} 条${status.eta ? `，${status.eta.message}` : ''}` : '';
          if (line && line !== shown && !o.json) {
            console.log(line);
            shown = line;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = await node.call('sync.status', {});
        }
        if (o.json) printJson(status);
        else printStatus(status);
        if (status.running) {
          process.stderr.write(`同步在 ${o.timeout} 秒内未结束，已中止等待；未上报的记录留在队列中，下次同步继续\n`);
          process.exitCode = 4;
        } else {
          process.exitCode = exitCodeFor(status);
          if (process.exitCode === 0 && !o.json) console.log('同步完成：队列已清空');
        }
      });
    });

  sync
    .command('status')
    .description('同步队列状态')
    .requiredOption('--as <用户名>', '运维员或系统管理员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const status = await node.call('sync.status', {});
        if (o.json) return printJson(status);
        printStatus(status);
      });
    });

  for (const [name, channel, done] of [
    ['pause', 'sync.pause', '同步已暂停（记录照常登记，恢复后继续上报）'],
    ['resume', 'sync.resume', '同步已恢复'],
  ] as const) {
    sync
      .command(name)
      .description(name === 'pause' ? '暂停同步' : '恢复同步')
      .requiredOption('--as <用户名>', '运维员用户名')
      .action(async (o: { as: string }) => {
        await withNode(globals(), async (node) => {
          await node.login(o.as);
          await node.call(channel, {});
          console.log(done);
        });
      });
  }

  sync
    .command('rejected')
    .description('被拒收的记录（记录编号、资源、原因；不含记录内容）')
    .requiredOption('--as <用户名>', '运维员用户名')
    .option('--page <页码>', '页码', (v) => positive(v, '页码') || 1, 1)
    .option('--page-size <条数>', '每页条数（最多 200）', (v) => positive(v, '每页条数') || 20, 20)
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; page: number; pageSize: number; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const page = await node.call('sync.rejected', { page: o.page, pageSize: o.pageSize });
        if (o.json) return printJson(page);
        if (page.total === 0) return console.log('没有被拒收的记录');
        printTable(['序号', '记录编号', '版本', '资源代码', '拒收代码', '原因', `时间${BEIJING}`], page.items.map((r) => [r.seq, r.recordId, r.version, r.resourceCode, r.code, r.reason, when(r.rejectedAt)]));
        console.log(`第 ${o.page} 页，共 ${page.total} 条；更正后可用 edge-node sync requeue <序号> 重新排队`);
      });
    });

  sync
    .command('requeue <序号>')
    .description('把一条被拒收的记录重新排入队列（原因已排除后）')
    .requiredOption('--as <用户名>', '运维员用户名')
    .action(async (seq: string, o: { as: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        await node.call('sync.requeue', { seq: positive(seq, '序号') });
        console.log(`序号 ${seq} 已重新排队`);
      });
    });

  sync
    .command('settings')
    .description('查看或修改同步设置（修改需系统管理员）')
    .requiredOption('--as <用户名>', '用户名')
    .option('--exchange-url <地址>', '交换平台地址，https://主机:端口（空字符串表示清除）')
    .option('--bandwidth <KiB每秒>', '上传带宽上限 KiB/s（0 为不限）', (v) => positive(v, '带宽'))
    .option('--batch-items <条数>', '每批最多条数', (v) => positive(v, '每批条数'))
    .option('--batch-bytes <字节数>', '每批最多字节数', (v) => positive(v, '每批字节数'))
    .option('--interval <秒数>', '定时同步间隔（秒）', (v) => positive(v, '间隔'))
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; exchangeUrl?: string; bandwidth?: number; batchItems?: number; batchBytes?: number; interval?: number; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        let settings = await node.call('sync.getSettings', {});
        const changes = {
          ...(o.exchangeUrl !== undefined ? { exchangeUrl: o.exchangeUrl } : {}),
          ...(o.bandwidth !== undefined ? { bandwidthKiBps: o.bandwidth } : {}),
          ...(o.batchItems !== undefined ? { batchMaxItems: o.batchItems } : {}),
          ...(o.batchBytes !== undefined ? { batchMaxBytes: o.batchBytes } : {}),
          ...(o.interval !== undefined ? { intervalSeconds: o.interval } : {}),
        };
        if (Object.keys(changes).length > 0) settings = await node.call('sync.setSettings', { ...settings, ...changes });
        if (o.json) return printJson(settings);
        printTable(
          ['设置', '值'],
          [
            ['交换平台地址', settings.exchangeUrl || '（未配置）'],
            ['上传带宽上限', settings.bandwidthKiBps === 0 ? '不限' : `${settings.bandwidthKiBps} KiB/s`],
            ['每批最多条数', settings.batchMaxItems],
            ['每批最多字节数', settings.batchMaxBytes],
            ['定时同步间隔', `${settings.intervalSeconds} 秒`],
          ],
        );
      });
    });
}

export function addCertCommands(program: Command, globals: () => GlobalOptions): void {
  const cert = program.command('cert').description('本节点证书（系统管理员）');

  cert
    .command('csr')
    .description('生成新的节点密钥与证书申请（CSR），交省级 CA 签发')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .requiredOption('--province <省>', '省，如 海南省')
    .requiredOption('--county <县>', '县（区），如 琼中黎族苗族自治县')
    .option('--bits <位数>', 'RSA 密钥长度（2048 或 3072）', '3072')
    .option('--out <文件>', '把 CSR 写入文件（默认打印）')
    .action(async (o: { as: string; province: string; county: string; bits: string; out?: string }) => {
      const keyBits = Number(o.bits);
      if (keyBits !== 2048 && keyBits !== 3072) throw new CliError('--bits 只能是 2048 或 3072');
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const { csrPem } = await node.call('cert.createCsr', { keyBits, province: o.province, county: o.county });
        if (o.out) {
          writeFileSync(o.out, csrPem);
          console.log(`证书申请已写入 ${o.out}，请交省级 CA 签发；签发后用 edge-node cert import 导入`);
        } else {
          process.stdout.write(csrPem);
        }
      });
    });

  cert
    .command('import <文件>')
    .description('导入省级 CA 签发的证书（PEM，可含证书链），或 PKCS#12 文件（--p12）')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--p12', '文件为 PKCS#12（.p12/.pfx）')
    .option('--password-env <变量名>', 'PKCS#12 密码所在的环境变量（默认提示输入）')
    .action(async (file: string, o: { as: string; p12?: boolean; passwordEnv?: string }) => {
      const content = readInput(file);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const input = o.p12
          ? { kind: 'pkcs12' as const, fileBase64: content.toString('base64'), password: await p12Password(o.passwordEnv) }
          : { kind: 'pem' as const, certificatePem: content.toString('utf8') };
        const status = await node.call('cert.import', input);
        console.log('证书已导入');
        printCertStatus(status);
      });
    });

  cert
    .command('root <文件>')
    .description('设置（固定）省级根证书：只信任它签发的交换平台证书')
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .action(async (file: string, o: { as: string }) => {
      const rootPem = readInput(file).toString('utf8');
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const status = await node.call('cert.setRoot', { rootPem });
        console.log('省级根证书已设置');
        printCertStatus(status);
      });
    });

  cert
    .command('show')
    .description('显示本节点证书、省级根证书与到期提醒')
    .requiredOption('--as <用户名>', '系统管理员或运维员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node: CliNode) => {
        await node.login(o.as);
        const status = await node.call('cert.status', {});
        if (o.json) return printJson(status);
        printCertStatus(status);
        const warning = status.certificate?.warningMessage;
        if (warning) process.stderr.write(`提醒：${warning}\n`);
      });
    });
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch {
    throw new CliError(`无法读取文件 ${file}`);
  }
}

async function p12Password(envName: string | undefined): Promise<string> {
  if (envName) {
    const value = process.env[envName];
    if (value === undefined) throw new CliError(`环境变量 ${envName} 未设置`);
    return value;
  }
  return secret('EDGE_NODE_P12_PASSWORD', 'PKCS#12 文件密码');
}

function printCertStatus(s: { keyPresent: boolean; keyBits: number | null; pendingCsrPem: string | null; certificate: { subject: string; issuer: string; serialNumber: string; notAfter: string; daysLeft: number; warning: keyof typeof WARNING_LABEL } | null; root: { subject: string; notAfter: string } | null; crlUpdatedAt: string | null }): void {
  printTable(
    ['项目', '内容'],
    [
      ['节点密钥', s.keyPresent ? `已生成（RSA ${s.keyBits ?? '?'} 位）` : '未生成'],
      ['待签发的证书申请', s.pendingCsrPem ? '有（等待省级 CA 签发后导入）' : '无'],
      ['节点证书', s.certificate ? s.certificate.subject : '未导入'],
      ...(s.certificate
        ? ([
            ['签发者', s.certificate.issuer],
            ['序列号', s.certificate.serialNumber],
            ['到期时间', `${when(s.certificate.notAfter)}${BEIJING}（剩余 ${s.certificate.daysLeft} 天，${WARNING_LABEL[s.certificate.warning]}）`],
          ] as [string, string][])
        : []),
      ['省级根证书', s.root ? `${s.root.subject}（到期 ${when(s.root.notAfter)}${BEIJING}）` : '未设置'],
      ['证书吊销列表', s.crlUpdatedAt ? `更新于 ${when(s.crlUpdatedAt)}${BEIJING}` : '尚未获取'],
    ],
  );
}
