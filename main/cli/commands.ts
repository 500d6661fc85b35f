// The `edge-node` commands for county IT over a remote shell: the same jobs as the UI,
// through the same core, role checks and audit log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackBridge } from '../api/loopback-bridge';
import { Command } from 'commander';
import { openCliNode, withNode, type GlobalOptions } from './cli-node';
import { CliError, secret } from './secrets';
import { addUserCommands } from './user-commands';
import { addRecordsCommands } from './records-commands';
import { positiveInt } from './arguments';
import { addCertCommands, addSyncCommands } from './sync-commands';
import { addIntakeCommands } from './intake-commands';
import { addBackupCommands } from './backup-commands';
import { addStatusCommands } from './status-commands';
import { addAuditCommands } from './audit-commands';
import { speakChinese } from './chinese-help';
import { SERVE_PORT, SHARED_FOLDER_LINE } from './node-busy';

export function buildProgram(): Command {
  const program = new Command('edge-node')
    .description('政务数据边缘节点 命令行（无图形界面时使用）')
    .option('--data-dir <文件夹>', '节点数据目录（默认 $EDGE_NODE_DATA_DIR 或用户数据目录）')
    .option('--key-file <文件>', '保护数据库密钥的密钥文件（默认 $EDGE_NODE_KEY_FILE 或 ~/.config/edge-node/node.keyfile）')
    .option('--recovery', '用恢复口令解锁（密钥文件丢失或换机时），并重新生成密钥文件')
    .addHelpText('after', `\n${SHARED_FOLDER_LINE}`)
    .showHelpAfterError();
  // The command being run (`records list`), for the lock's holder note: a program refused
  // meanwhile can then say what holds the node.
  let running = '';
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    running = names.join(' ');
  });
  const globals = (): GlobalOptions => ({ ...program.opts<GlobalOptions>(), command: running });

  program
    .command('init')
    .description('首次设置：登记本节点单位信息，创建第一个系统管理员（密码与恢复口令从环境变量或提示输入读取）')
    .requiredOption('--unit-name <单位名称>', '单位名称')
    .requiredOption('--credit-code <代码>', '统一社会信用代码')
    .requiredOption('--division-code <代码>', '行政区划代码（6 位或 12 位）')
    .requiredOption('--admin-user <用户名>', '系统管理员用户名')
    .requiredOption('--admin-name <姓名>', '系统管理员姓名')
    .action(async (o: { unitName: string; creditCode: string; divisionCode: string; adminUser: string; adminName: string }) => {
      const password = await secret('EDGE_NODE_ADMIN_PASSWORD', '系统管理员密码');
      const recoveryPassphrase = await secret('EDGE_NODE_RECOVERY_PASSPHRASE', '恢复口令（恢复备份时必需，请抄录并妥善保管）');
      await withNode(globals(), async (node) => {
        const { nodeId } = await node.call('setup.initialize', {
          unitName: o.unitName,
          creditCode: o.creditCode,
          divisionCode: o.divisionCode,
          admin: { username: o.adminUser, displayName: o.adminName, password },
          recoveryPassphrase,
        });
        console.log(`首次设置完成。节点编号：${nodeId}`);
        console.log('请妥善保管恢复口令：在新机器上恢复备份时必须使用它，丢失后无法找回。');
      });
    });

  addUserCommands(program, globals);
  addRecordsCommands(program, globals);

  program
    .command('audit')
    .description('审计日志（审计员）')
    .command('verify')
    .description('校验审计日志链是否完整')
    .requiredOption('--as <用户名>', '审计员用户名')
    .action(async (o: { as: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const result = await node.call('audit.verify', {});
        console.log(result.message);
        if (!result.ok) process.exitCode = 3;
      });
    });

  addSyncCommands(program, globals);
  addBackupCommands(program, globals);
  addCertCommands(program, globals);
  addIntakeCommands(program, globals);
  addStatusCommands(program, globals);
  addAuditCommands(program, globals);

  program
    .command('serve')
    .description('在本机回环地址上提供网页界面（无桌面时使用，可经 SSH 隧道访问；需先 npm run build:renderer）')
    .option('--port <端口>', '端口', (v) => positiveInt(v, '端口'), SERVE_PORT)
    .action(async (o: { port: number }) => {
      const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
      if (!existsSync(join(staticDir, 'index.html'))) throw new CliError(`找不到网页界面文件（${staticDir}），请先运行 npm run build:renderer`);
      // The bridge listens on 127.0.0.1 (startLoopbackBridge's default): a CLI command refused
      // while serve runs is pointed at this address.
      const { node, close } = await openCliNode(globals(), { automaticSync: true, holder: { program: 'serve', url: `http://127.0.0.1:${o.port}` } });
      const bridge = await startLoopbackBridge({ node, staticDir, port: o.port });
      // The link carries this launch's secret: printed here only, for the user who ran serve.
      console.log(`网页界面：${bridge.url}`);
      console.log('此链接含本次启动的访问令牌，仅供您本人（当前系统用户）在本机浏览器中打开，请勿转发；其他用户和其他网页无法访问。重新启动 serve 后链接会改变。按 Ctrl+C 退出。');
      await new Promise<void>((done) => process.once('SIGINT', done).once('SIGTERM', done));
      await bridge.close();
      close();
    });

  speakChinese(program);
  return program;
}
