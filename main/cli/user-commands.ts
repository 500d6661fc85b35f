// `edge-node user …` (系统管理员): add, list, disable, enable, unlock and reset a password —
// the same channels, role checks and audit entries as the 用户管理 screen — and `passwd`,
// with which anyone changes their own password (an account the admin created or reset must,
// before anything else). A change to an auditor account takes `--auditor <name>`: that
// auditor types their own password (separation of duties). Passwords never come from a
// flag: from $EDGE_NODE_NEW_PASSWORD (and the like) for scripts, else a hidden prompt.
import type { Command } from 'commander';
import { ROLES, ROLE_LABELS, type AuditorConfirmation, type Role, type UserView } from '../../common/contract';
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

const AUDITOR_OPTION = ['--auditor <审计员用户名>', '变更审计员账户时须由另一名审计员确认：其用户名；密码由审计员本人输入（或 $EDGE_NODE_AUDITOR_PASSWORD）'] as const;

/** The confirming auditor's name and password, asked only when `--auditor` is given (after the admin's login worked). */
async function auditorConfirmation(auditor: string | undefined): Promise<{ auditorConfirmation?: AuditorConfirmation }> {
  if (!auditor) return {};
  const password = await secret('EDGE_NODE_AUDITOR_PASSWORD', `审计员 ${auditor} 的密码（请审计员本人输入）`);
  return { auditorConfirmation: { username: auditor, password } };
}

/** What the admin does to an existing account; each returns the sentence to print. */
const ACCOUNT_ACTIONS: { name: string; description: string; run: (node: CliNode, username: string, auditor?: string) => Promise<string> }[] = [
  {
    name: 'disable',
    description: '停用账户：不能再登录，正在使用的会话立即结束（记录与审计日志保留）',
    run: async (node, username, auditor) => {
      await node.call('users.setDisabled', { username, disabled: true, ...(await auditorConfirmation(auditor)) });
      return `已停用账户 ${username}，其登录会话已结束`;
    },
  },
  {
    name: 'enable',
    description: '重新启用已停用的账户',
    run: async (node, username, auditor) => {
      await node.call('users.setDisabled', { username, disabled: false, ...(await auditorConfirmation(auditor)) });
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
    description: '重置密码（用户忘记密码时）：新密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取；同时解除锁定，其原有会话结束，本人下次登录须先修改密码',
    run: async (node, username, auditor) => {
      // Ask only once the admin's login has worked: a refused admin is not asked for a password.
      const password = await secret('EDGE_NODE_NEW_PASSWORD', `账户 ${username} 的新密码`);
      await node.call('users.resetPassword', { username, password, ...(await auditorConfirmation(auditor)) });
      return `已重置账户 ${username} 的密码（锁定已解除，其原有登录会话已结束）。请把新密码当面交给本人，本人登录后须先修改密码。`;
    },
  },
];

export function addUserCommands(program: Command, globals: () => GlobalOptions): void {
  const user = program.command('user').description('账户管理（系统管理员）');
  user
    .command('add')
    .description('新建账户（初始密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取；本人首次登录须先修改密码）')
    .requiredOption('--as <用户名>', '以哪个系统管理员身份操作（密码从 $EDGE_NODE_PASSWORD 或提示输入读取）')
    .requiredOption('--username <用户名>', '新账户的用户名')
    .requiredOption('--name <姓名>', '姓名')
    .requiredOption('--role <角色>', `角色：${ROLE_CHOICES}`, parseRole)
    .requiredOption('--unit <单位>', '所属单位或科室')
    .option(...AUDITOR_OPTION)
    .action(async (o: { as: string; username: string; name: string; role: Role; unit: string; auditor?: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const password = await secret('EDGE_NODE_NEW_PASSWORD', `新账户 ${o.username} 的初始密码`);
        const confirmation = await auditorConfirmation(o.auditor);
        const created = await node.call('users.create', { username: o.username, displayName: o.name, role: o.role, unit: o.unit, password, ...confirmation });
        console.log(`已创建账户 ${created.username}（${ROLE_LABELS[created.role].zh}，${created.unit}）。本人首次登录须先修改初始密码：edge-node user passwd --as ${created.username}`);
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
  user
    .command('passwd')
    .description('修改本人密码（任何角色；系统管理员新建或重置的账户须先修改才能使用）：当前密码从 $EDGE_NODE_PASSWORD、新密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取')
    .requiredOption('--as <用户名>', '本人的用户名')
    .action(async (o: { as: string }) => {
      await withNode(globals(), async (node) => {
        const current = await secret('EDGE_NODE_PASSWORD', `用户 ${o.as} 的当前密码`);
        await node.login(o.as, current);
        const next = await newPasswordTwice(o.as);
        await node.call('auth.changePassword', { currentPassword: current, newPassword: next });
        console.log(`已修改账户 ${o.as} 的密码，该账户的其他登录会话已结束。`);
      });
    });

  for (const { name, description, run } of ACCOUNT_ACTIONS) {
    const command = user
      .command(`${name} <用户名>`)
      .description(description)
      .requiredOption('--as <用户名>', '系统管理员用户名');
    // Unlocking only lifts a lockout, so an auditor's needs no confirmation.
    if (name !== 'unlock') command.option(...AUDITOR_OPTION);
    command.action(async (username: string, o: { as: string; auditor?: string }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        console.log(await run(node, username, o.auditor));
      });
    });
  }
}

/** The new password: from $EDGE_NODE_NEW_PASSWORD for scripts; typed at the prompt, twice, so a slip of the finger does not lock its owner out. */
async function newPasswordTwice(username: string): Promise<string> {
  const fromEnv = process.env.EDGE_NODE_NEW_PASSWORD;
  const next = await secret('EDGE_NODE_NEW_PASSWORD', `用户 ${username} 的新密码`);
  if (fromEnv) return next;
  const again = await secret('EDGE_NODE_NEW_PASSWORD', '再次输入新密码');
  if (again !== next) throw new CliError('两次输入的新密码不一致，密码未修改');
  return next;
}
