// Real nodes for tests: a temporary data folder, a real encrypted database, the headless
// key-file protector. Nothing is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { NodeConfig } from '../../main/core/types';
import type { EdgeNode } from '../../main/api/runtime';
import type { ApiResult, ChannelName, InputOf, OutputOf, Role } from '../../common/contract';
import type { Db } from '../../main/store/database';
import { addReadyAccount } from './accounts';
import { openRawDatabase } from './raw-database';

export const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin#2026pass' };
export const RECOVERY_PASSPHRASE = 'Hainan-Township-Recovery-2026!';
export const NODE_IDENTITY = { unitName: '琼中县湾岭镇人民政府', creditCode: '11469030MB1234567A', divisionCode: '469030' };

export interface TestNode {
  node: EdgeNode;
  dataDir: string;
  keyFile: string;
  /** Calls a channel with a session token (null: not logged in). */
  call<C extends ChannelName>(token: string | null, channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>>;
  login(username: string, password: string): Promise<string>;
  reopen(extra?: Partial<NodeConfig>): Promise<void>;
  cleanup(): void;
}

export async function startTestNode(options: { now?: () => Date } = {}): Promise<TestNode> {
  const root = mkdtempSync(join(tmpdir(), 'edge-node-test-'));
  const dataDir = join(root, 'data');
  const keyFile = join(root, 'config', 'node.keyfile');
  const config = (): NodeConfig => ({ dataDir, keyProtector: keyFileProtector(keyFile), ...(options.now ? { now: options.now } : {}) });
  const t: TestNode = {
    node: await openNode(config()),
    dataDir,
    keyFile,
    async call(token, channel, input) {
      return (await t.node.dispatch(token, channel, input)).result as never;
    },
    async login(username, password) {
      const answer = await t.node.dispatch(null, 'auth.login', { username, password });
      if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${username} failed: ${JSON.stringify(answer.result)}`);
      return answer.sessionToken;
    },
    async reopen(extra = {}) {
      t.node.close();
      t.node = await openNode({ ...config(), ...extra });
    },
    cleanup() {
      t.node.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return t;
}

/** A node after first-run setup, with one account per role; returns their session tokens. */
export async function startSetUpNode(options: { now?: () => Date } = {}) {
  const t = await startTestNode(options);
  const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
  if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup.error)}`);
  const admin = await t.login(ADMIN.username, ADMIN.password);
  const tokens: Record<Role, string> = { admin } as Record<Role, string>;
  for (const role of ['clerk', 'operator', 'auditor', 'official'] as const) {
    // Created by the admin, then the owner's first login replaces the initial password.
    tokens[role] = (await addReadyAccount(t.node, admin, { username: role, displayName: `测试${role}`, role, unit: '扶贫办', password: PASSWORDS[role] })).token;
  }
  // Object.assign, not a spread: reopen() replaces t.node, and callers must see the new node.
  return Object.assign(t, { tokens });
}

export type SetUpNode = Awaited<ReturnType<typeof startSetUpNode>>;
export type SetUpNodeWithRaw = SetUpNode & { raw: Db };

/**
 * A set-up node and a second, raw connection to its database, for tests that check what was
 * committed (another connection sees nothing uncommitted) or act as an attacker holding the
 * key. cleanup() closes the raw connection before the node's folder goes.
 */
export async function startSetUpNodeWithRaw(options: { now?: () => Date } = {}): Promise<SetUpNodeWithRaw> {
  const t = await startSetUpNode(options);
  const raw = await openRawDatabase(t.dataDir, t.keyFile).catch((error: unknown) => {
    t.cleanup();
    throw error;
  });
  const removeNode = t.cleanup;
  // Object.assign again: the same object, so reopen() stays visible to the caller.
  return Object.assign(t, {
    raw,
    cleanup() {
      if (raw.open) raw.close();
      removeNode();
    },
  });
}

export const PASSWORDS: Record<Role, string> = {
  admin: ADMIN.password,
  clerk: 'Clerk#2026pass',
  operator: 'Operator#2026pass',
  auditor: 'Auditor#2026pass',
  official: 'Official#2026pass',
};
