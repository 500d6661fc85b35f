// `edge-node user …` (系统管理员): add, list, disable, enable, unlock and reset a password —
// the same channels, role checks and audit entries as the 用户管理 screen. Passwords never
// come from a flag: from $EDGE_NODE_NEW_PASSWORD for scripts, else a hidden prompt.
import type { Command } from 'commander';
import { ROLES, ROLE_LABELS, type Role, type UserView } from '../../common/contract';
import { withNode, type CliNode, type GlobalOptions } from './cli-node';
import { BEIJING, printJson, printTable, when } from './print';
import { CliError, secret } from './secrets';

const ROLE_CHOICES = ROLES.map((r) => `${r}（${ROLE_LABELS[r].zh}）`).join('、');

/** A role by its code (clerk) or by its Chinese name (录入员). */
function parseRole(value: string): Role {
  const role = ROLES.find((r) => r === value.trim() || ROLE_LABELS[r].zh === value.trim());
  if (!role) throw new CliError(`--role 应为 ${ROLE_CHOICES} 之一，收到「${value}」`);
  return role;
}

function stateOf(u: UserView, now: number): string {
  if (u.disabled) return '已停用';
  if (u.lockedUntil && Date.parse(u.lockedUntil) > now) return `已锁定至 ${when(u.lockedUntil)}`;
  return '正常';
}

/** What the admin does to an existing account; each returns the sentence to print. */
const ACCOUNT_ACTIONS: { name: string; description: string; run: (node: CliNode, username: string) => Promise<string> }[] = [
  {
    name: 'disable',
    description: '停用账户：不能再登录，正在使用的会话立即结束（记录与审计日志保留）',
    run: async (node, username) => {
      await node.call('users.setDisabled', { username, disabled: true });
      return `已停用账户 ${username}，其登录会话已结束`;
    },
  },
  {
    name: 'enable',
    description: '重新启用已停用的账户',
    run: async (node, username) => {
      await node.call('users.setDisabled', { username, disabled: false });
      return `已启用账户 ${username}`;
    },
  },
  {
    name: 'unlock',
    description: '解除因连续输错密码造成的锁定',
    run: async (node, username) => {
      await node.call('users.unlock', { username });
      return `已解除账户 ${username} 的锁定`;
    },
  },
  {
    name: 'reset',
    description: '重置密码（用户忘记密码时）：新密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取；同时解除锁定，其原有会话结束',
    run: async (node, username) => {
      // Ask only once the admin's login has worked: a refused admin is not asked for a password.
      const password = await secret('EDGE_NODE_NEW_PASSWORD', `账户 ${username} 的新密码`);
      await node.call('users.resetPassword', { username, password });
      return `已重置账户 ${username} 的密码（锁定已解除，其原有登录会话已结束）。请把新密码当面交给本人。`;
    },
  },
];

export function addUserCommands(program: Command, globals: () => GlobalOptions): void {
  const user = program.command('user').description('账户管理（系统管理员）');
  user
    .command('add')
    .description('新建账户（初始密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取）')
    .requiredOption('--as <用户名>', '以哪个系统管理员身份操作（密码从 $EDGE_NODE_PASSWORD 或提示输入读取）')
    .requiredOption('--username <用户名>', '新账户的用户名')
    .requiredOption('--name <姓名>', '姓名')
    .requiredOption('--role <角色>', `角色：${ROLE_CHOICES}`, parseRole)
    .requiredOption('--unit <单位>', '所属单位或科室')
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
    .requiredOption('--as <用户名>', '系统管理员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const users = await node.call('users.list', {});
        if (o.json) return printJson(users);
        const now = Date.now();
        printTable(
          ['用户名', '姓名', '角色', '单位', '状态', `创建时间${BEIJING}`, `最近登录${BEIJING}`],
          users.map((u) => [u.username, u.displayName, ROLE_LABELS[u.role].zh, u.unit, stateOf(u, now), when(u.createdAt), when(u.lastLoginAt)]),
        );
      });
    });

  for (const { name, description, run } of ACCOUNT_ACTIONS) {
    user
      .command(`${name} <用户名>`)
      .description(description)
      .requiredOption('--as <用户名>', '系统管理员用户名')
      .action(async (username: string, o: { as: string }) => {
        await withNode(globals(), async (node) => {
          await node.login(o.as);
          console.log(await run(node, username));
        });
      });
  }
}
