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
      timeout: 60_000,
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
      const add = cli(['user', 'add', '--as', ADMIN.username, '--username', role, '--name', names[role] ?? `测试${role}`, '--role', role, '--unit', '扶贫办'], ADMIN.password, { EDGE_NODE_NEW_PASSWORD: PASSWORDS[role] });
      assert.equal(add.code, 0, add.err);
    }
  }

  return { env, cli, setUp };
}
