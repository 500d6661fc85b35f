// Helpers for the backup tests: backup settings pointing at a test folder, waiting for jobs,
// and a node opened on any data folder (a fresh one: the new machine after a loss).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { EdgeNode } from '../../main/api/runtime';
import type { SyncServiceOptions } from '../../main/sync/sync-service';
import type { BackupManagerOptions } from '../../main/backup/backup-manager';
import type { ApiResult, BackupJob, BackupSettings, ChannelName, InputOf, OutputOf, Role } from '../../common/contract';
import { ADMIN, PASSWORDS } from '../support/test-node';

export function backupSettings(folder: string, overrides: Partial<BackupSettings> = {}): BackupSettings {
  return {
    folder,
    schedule: { enabled: false, time: '02:00' },
    retention: { daily: 7, weekly: 4, monthly: 12 },
    verifyAfterBackup: true,
    drUpload: false,
    drCertificatePem: null,
    ...overrides,
  };
}

/** A folder standing in for the USB drive. */
export function usbFolder(): string {
  return mkdtempSync(join(tmpdir(), 'edge-node-usb-'));
}

/** Polls a job until it is no longer running. */
export async function waitForJob(read: () => Promise<ApiResult<BackupJob>>, timeoutMs = 120_000): Promise<BackupJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (!answer.ok) throw new Error(`job poll failed: ${JSON.stringify(answer.error)}`);
    if (answer.value.state !== 'running') return answer.value;
    if (Date.now() > deadline) throw new Error(`job still running after ${timeoutMs} ms: ${JSON.stringify(answer.value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface PlainNode {
  node: EdgeNode;
  dataDir: string;
  keyFile: string;
  tokens: Partial<Record<Role, string>>;
  call<C extends ChannelName>(token: string | null, channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>>;
  ok<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  login(role: Role): Promise<string>;
  close(): void;
}

/** Opens a node on a data folder as is (set up, or not yet: a fresh installation). */
export async function openNodeAt(dataDir: string, keyFile: string, options: { sync?: SyncServiceOptions; backup?: BackupManagerOptions; now?: () => Date } = {}): Promise<PlainNode> {
  const node = await openNode({
    dataDir,
    keyProtector: keyFileProtector(keyFile),
    sync: options.sync ?? { automatic: false },
    ...(options.backup ? { backup: options.backup } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const p: PlainNode = {
    node,
    dataDir,
    keyFile,
    tokens: {},
    async call(token, channel, input) {
      return (await p.node.dispatch(token, channel, input)).result as never;
    },
    async ok(role, channel, input) {
      const token = p.tokens[role] ?? (await p.login(role));
      const result = await p.call(token, channel, input);
      if (!result.ok) throw new Error(`${channel} as ${role} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async login(role) {
      const username = role === 'admin' ? ADMIN.username : role;
      const answer = await p.node.dispatch(null, 'auth.login', { username, password: PASSWORDS[role] });
      if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${username} failed: ${JSON.stringify(answer.result)}`);
      p.tokens[role] = answer.sessionToken;
      return answer.sessionToken;
    },
    close: () => p.node.close(),
  };
  return p;
}
