// The `edge-node` commands for county IT over a remote shell: the same jobs as the UI,
// through the same core, role checks and audit log.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackBridge } from '../api/loopback-bridge';
import { Command, Option } from 'commander';
import { ROLES, ROLE_LABELS, type Role } from '../../common/contract';
import { openCliNode, withNode, type GlobalOptions } from './cli-node';
import { printJson, printTable } from './print';
import { CliError, secret } from './secrets';
import { addCertCommands, addSyncCommands } from './sync-commands';
import { addIntakeCommands } from './intake-commands';
import { addBackupCommands } from './backup-commands';
import { addStatusCommands } from './status-commands';

const STATUS_LABEL = { active: '有效', withdrawn: '已撤回' } as const;

export function buildProgram(): Command {
  const program = new Command('edge-node')
    .description('政务数据边缘节点 命令行（无图形界面时使用）')
    .option('--data-dir <dir>', '节点数据目录（默认 $EDGE_NODE_DATA_DIR 或用户数据目录）')
    .option('--key-file <file>', '保护数据库密钥的密钥文件（默认 $EDGE_NODE_KEY_FILE 或 ~/.config/edge-node/node.keyfile）')
    .option('--recovery', '用恢复口令解锁（密钥文件丢失或换机时），并重新生成密钥文件')
    .showHelpAfterError();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('init')
    .description('首次设置：登记本节点单位信息，创建第一个系统管理员（密码与恢复口令从环境变量或提示输入读取）')
    .requiredOption('--unit-name <name>', '单位名称')
    .requiredOption('--credit-code <code>', '统一社会信用代码')
    .requiredOption('--division-code <code>', '行政区划代码（6 位或 12 位）')
    .requiredOption('--admin-user <username>', '系统管理员用户名')
    .requiredOption('--admin-name <name>', '系统管理员姓名')
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

  const user = program.command('user').description('账户管理（系统管理员）');
  user
    .command('add')
    .description('新建账户（初始密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取）')
    .requiredOption('--as <username>', '以哪个系统管理员身份操作（密码从 $EDGE_NODE_PASSWORD 或提示输入读取）')
    .requiredOption('--username <username>', '新账户的用户名')
    .requiredOption('--name <name>', '姓名')
    .addOption(new Option('--role <role>', '角色').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('--unit <unit>', '所属单位或科室')
    .action(async (o: { as: string; username: string; name: string; role: Role; unit: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const password = await secret('EDGE_NODE_NEW_PASSWORD', `新账户 ${o.username} 的初始密码`);
        const created = await node.call('users.create', { username: o.username, displayName: o.name, role: o.role, unit: o.unit, password });
        console.log(`已创建账户 ${created.username}（${ROLE_LABELS[created.role].zh}，${created.unit}）`);
      });
    });
  user
    .command('list')
    .description('列出账户')
    .requiredOption('--as <username>', '系统管理员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const users = await node.call('users.list', {});
        if (o.json) return printJson(users);
        printTable(
          ['用户名', '姓名', '角色', '单位', '状态'],
          users.map((u) => [u.username, u.displayName, ROLE_LABELS[u.role].zh, u.unit, u.disabled ? '已停用' : u.lockedUntil ? '已锁定' : '正常']),
        );
      });
    });

  const records = program.command('records').description('数据登记与查询（录入员）');
  records
    .command('add')
    .description('登记一条记录：--field 信息项代码=值（可重复），或 --json 文件（- 为标准输入）')
    .requiredOption('--as <username>', '录入员用户名')
    .requiredOption('--resource <code>', '目录资源代码')
    .option('--field <item=value>', '信息项代码=值', (v: string, all: string[] = []) => [...all, v])
    .option('--json <file>', '以 JSON 对象给出全部信息项')
    .action(async (o: { as: string; resource: string; field?: string[]; json?: string }) => {
      const fields = o.json ? readFieldsJson(o.json) : parseFields(o.field ?? []);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const saved = await node.call('records.create', { resourceCode: o.resource, fields });
        console.log(`已保存。记录编号：${saved.id}（第 ${saved.version} 版）`);
      });
    });
  records
    .command('list')
    .description('分页列出本单位的记录')
    .requiredOption('--as <username>', '录入员用户名')
    .option('--resource <code>', '只列出该资源')
    .option('--page <n>', '页码', (v) => positiveInt(v, '页码'), 1)
    .option('--page-size <n>', '每页条数（最多 200）', (v) => positiveInt(v, '每页条数'), 20)
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; resource?: string; page: number; pageSize: number; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const page = await node.call('records.list', { ...(o.resource ? { resourceCode: o.resource } : {}), page: o.page, pageSize: o.pageSize });
        if (o.json) return printJson(page);
        printSummaries(page.items);
        console.log(`第 ${o.page} 页，共 ${page.total} 条`);
      });
    });
  records
    .command('find <key>')
    .description('按身份证号或统一社会信用代码查找本单位的记录')
    .requiredOption('--as <username>', '录入员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (key: string, o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const found = await node.call('records.findByKey', { key });
        if (o.json) return printJson(found);
        if (found.length === 0) return console.log('未找到记录');
        printSummaries(found);
      });
    });
  records
    .command('show <id>')
    .description('显示一条记录的全部信息项与历次版本')
    .requiredOption('--as <username>', '录入员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (id: string, o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const record = await node.call('records.get', { id });
        if (o.json) return printJson(record);
        const catalog = await node.call('catalog.get', {});
        const resource = catalog.resources.find((r) => r.code === record.current.resourceCode);
        console.log(`${resource?.name ?? record.current.resourceCode}  ${record.current.id}  第 ${record.current.version} 版  ${STATUS_LABEL[record.current.status]}`);
        printTable(['信息项', '值'], (resource?.items ?? []).map((item) => [item.name, record.current.fields[item.code] ?? '']));
        printTable(['版本', '时间', '操作人', '原因'], record.history.map((v) => [v.version, v.updatedAt, v.updatedBy, v.reason ?? '']));
      });
    });

  program
    .command('audit')
    .description('审计日志（审计员）')
    .command('verify')
    .description('校验审计日志链是否完整')
    .requiredOption('--as <username>', '审计员用户名')
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

  program
    .command('serve')
    .description('在本机回环地址上提供网页界面（无桌面时使用，可经 SSH 隧道访问；需先 npm run build:renderer）')
    .option('--port <n>', '端口', (v) => positiveInt(v, '端口'), 8717)
    .action(async (o: { port: number }) => {
      const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
      if (!existsSync(join(staticDir, 'index.html'))) throw new CliError(`找不到网页界面文件（${staticDir}），请先运行 npm run build:renderer`);
      const { node, close } = await openCliNode(globals(), { automaticSync: true });
      const bridge = await startLoopbackBridge({ node, staticDir, port: o.port });
      console.log(`网页界面：${bridge.url}（仅本机可访问，按 Ctrl+C 退出）`);
      await new Promise<void>((done) => process.once('SIGINT', done).once('SIGTERM', done));
      await bridge.close();
      close();
    });

  return program;
}

function printSummaries(items: { id: string; title: string; maskedKey: string; status: 'active' | 'withdrawn'; version: number; updatedAt: string }[]): void {
  printTable(['记录编号', '名称', '证件号', '状态', '版本', '更新时间'], items.map((r) => [r.id, r.title, r.maskedKey, STATUS_LABEL[r.status], r.version, r.updatedAt]));
}

function parseFields(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--field 应写成 信息项代码=值，收到「${pair}」`);
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}

function readFieldsJson(file: string): Record<string, string> {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${file} 不是有效的 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${file} 应为 JSON 对象：{"信息项代码": "值", …}`);
  return value as Record<string, string>;
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name}应为正整数，收到「${value}」`);
  return n;
}
