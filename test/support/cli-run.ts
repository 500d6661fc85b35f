// Runs the real `edge-node` command as county IT would over a remote shell: a separate
// process, a data folder of its own, secrets through the environment. `tz` runs the CLI in
// another time zone, so that a time printed in the machine's local time (instead of China
// time) shows up as wrong.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../common/contract';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from './test-node';
import { initialPasswordFor } from './accounts';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

const BIN = fileURLToPath(new URL('../../bin/edge-node.mjs', import.meta.url));

/** Runs in `root` as its working folder too: whatever a command writes by default (a report, diagnostics) lands there, not in the checkout. */
export function cliRunner(root: string, { tz }: { tz?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, EDGE_NODE_DATA_DIR: join(root, 'data'), EDGE_NODE_KEY_FILE: join(root, 'cfg', 'node.keyfile'), ...(tz ? { TZ: tz } : {}) };
  delete env.EDGE_NODE_PASSWORD;
  delete env.EDGE_NODE_NEW_PASSWORD;

  /** One command; `password` is the logging-in user's ($EDGE_NODE_PASSWORD). */
  function cli(args: string[], password?: string, extraEnv: Record<string, string> = {}): CliRun {
    const run = spawnSync(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...env, ...(password === undefined ? {} : { EDGE_NODE_PASSWORD: password }), ...extraEnv },
      encoding: 'utf8',
      // A bound, not a wait: on a loaded machine (the suite runs beside CPU burners) one command's start-up alone takes tens of seconds.
      timeout: 300_000,
    });
    return { code: run.status, out: run.stdout, err: run.stderr };
  }

  /** `init`, then one account per role, with PASSWORDS[role], its user name the role and its display name `names[role]` (else 测试<role>). */
  function setUp(roles: readonly Exclude<Role, 'admin'>[], names: Partial<Record<Role, string>> = {}): void {
    const init = cli(
      ['init', '--unit-name', NODE_IDENTITY.unitName, '--credit-code', NODE_IDENTITY.creditCode, '--division-code', NODE_IDENTITY.divisionCode, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName],
      undefined,
      { EDGE_NODE_ADMIN_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE },
    );
    assert.equal(init.code, 0, init.err);
    for (const role of roles) {
      for (const step of readyUserSteps({ username: role, name: names[role] ?? `测试${role}`, role, unit: '扶贫办', password: PASSWORDS[role] })) {
        const run = cli(step.args, undefined, step.env);
        assert.equal(run.code, 0, run.err);
      }
    }
  }

  return { env, cli, setUp };
}

/**
 * The two commands that make an account ready to use from the CLI, as an office does it: the
 * admin's `user add` with an initial password, then the owner's `user passwd` replacing it
 * with `password` (until then every other command is refused). Run each with its `env`.
 */
export function readyUserSteps(account: { username: string; name: string; role: Role; unit: string; password: string }): { args: string[]; env: Record<string, string> }[] {
  const initial = initialPasswordFor(account.password);
  return [
    {
      args: ['user', 'add', '--as', ADMIN.username, '--username', account.username, '--name', account.name, '--role', account.role, '--unit', account.unit],
      env: { EDGE_NODE_PASSWORD: ADMIN.password, EDGE_NODE_NEW_PASSWORD: initial },
    },
    { args: ['user', 'passwd', '--as', account.username], env: { EDGE_NODE_PASSWORD: initial, EDGE_NODE_NEW_PASSWORD: account.password } },
  ];
}
