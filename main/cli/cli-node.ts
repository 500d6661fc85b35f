// Opens the node for one CLI command, logs in as the named user, runs the calls, then logs
// out and closes — so every CLI action passes the same role checks and audit as the UI.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openNode } from '../core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { LockHolder } from '../../platform/single-writer-lock';
import type { EdgeNode } from '../api/runtime';
import type { ChannelName, InputOf, OutputOf } from '../../common/contract';
import { CliError, secret } from './secrets';

export interface GlobalOptions {
  dataDir?: string;
  keyFile?: string;
  recovery?: boolean;
  /** The command being run (`records list`), written beside the lock for a program it refuses. */
  command?: string;
}

export function defaultDataDir(): string {
  if (process.env.EDGE_NODE_DATA_DIR) return process.env.EDGE_NODE_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'edge-node', 'data');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'edge-node', 'data');
}

export function defaultKeyFile(): string {
  if (process.env.EDGE_NODE_KEY_FILE) return process.env.EDGE_NODE_KEY_FILE;
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'edge-node', 'node.keyfile');
}

/**
 * `automaticSync`: one-shot commands open the node with the sync engine on demand only
 * (`edge-node sync now` runs it), so `records add` does not start uploading in passing;
 * the long-running `serve` runs it like the app does.
 * `holder`: who this process is, for a program the lock refuses meanwhile (default: this command).
 */
export async function openCliNode(options: GlobalOptions, { automaticSync = false, holder }: { automaticSync?: boolean; holder?: LockHolder } = {}): Promise<{ node: EdgeNode; close: () => void }> {
  const recoveryPassphrase = options.recovery ? await secret('EDGE_NODE_RECOVERY_PASSPHRASE', '恢复口令') : undefined;
  const node = await openNode({
    dataDir: options.dataDir ?? defaultDataDir(),
    keyProtector: keyFileProtector(options.keyFile ?? defaultKeyFile()),
    ...(recoveryPassphrase ? { recoveryPassphrase } : {}),
    sync: { automatic: automaticSync },
    holder: holder ?? { program: 'command', command: options.command || '（命令）' },
  });
  return { node, close: () => node.close() };
}

export async function withNode<T>(options: GlobalOptions, work: (node: CliNode) => Promise<T>): Promise<T> {
  const { node, close } = await openCliNode(options);
  const cli = new CliNode(node);
  try {
    return await work(cli);
  } finally {
    await cli.logout();
    close();
  }
}

export class CliNode {
  private token: string | null = null;
  private username = '';

  constructor(readonly node: EdgeNode) {}

  /** Logs in; the password comes from $EDGE_NODE_PASSWORD or a hidden prompt, or is given (`user passwd` asks for it itself). */
  async login(username: string, given?: string): Promise<void> {
    const password = given ?? (await secret('EDGE_NODE_PASSWORD', `用户 ${username} 的密码`));
    const answer = await this.node.dispatch(null, 'auth.login', { username, password });
    if (!answer.result.ok) throw new CliError(answer.result.error.message);
    this.token = answer.sessionToken ?? null;
    this.username = username;
  }

  async logout(): Promise<void> {
    if (this.token) await this.node.dispatch(this.token, 'auth.logout', {});
    this.token = null;
  }

  /** Calls a channel; a refusal becomes a CliError with the core's message and field errors. */
  async call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
    const { result } = await this.node.dispatch(this.token, channel, input);
    if (result.ok) return result.value as OutputOf<C>;
    // The two separation-of-duties refusals say how to do it from the command line.
    if (result.error.code === 'PASSWORD_CHANGE_REQUIRED') {
      throw new CliError(`${result.error.message}\n请先运行：edge-node user passwd --as ${this.username}（当前密码从 $EDGE_NODE_PASSWORD、新密码从 $EDGE_NODE_NEW_PASSWORD 或提示输入读取）`);
    }
    if (result.error.code === 'AUDITOR_CONFIRMATION') {
      throw new CliError(`${result.error.message}\n命令行中请加上 --auditor <审计员用户名>，审计员本人的密码从 $EDGE_NODE_AUDITOR_PASSWORD 或提示输入读取`);
    }
    const details = (result.error.fieldErrors ?? []).map((e) => `\n  - ${e.item ? `${e.item}：` : ''}${e.message}`).join('');
    throw new CliError(`${result.error.message}${details}`);
  }
}
